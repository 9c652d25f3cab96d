// Optimiser learning-rate checks and the Adam update.
#include <cmath>
#include <stdexcept>
#include "core/adam.hpp"
#include "core/optimizer.hpp"

namespace arbiter::core {

void Optimizer::set_learning_rate(double lr) {
  if (!(lr > 0.0 && std::isfinite(lr))) throw std::invalid_argument("learning rate must be > 0");
  lr_ = lr;
}

Adam::Adam(double lr, double beta1, double beta2, double eps)
    : Optimizer(lr), beta1_(beta1), beta2_(beta2), eps_(eps) {
  if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1 && eps > 0))
    throw std::invalid_argument("Adam needs beta1, beta2 in [0, 1) and eps > 0");
}

void Adam::ascend(Eigen::VectorXd& params, const Eigen::VectorXd& grad) {
  if (m_.size() != params.size()) {
    m_ = Eigen::VectorXd::Zero(params.size());
    v_ = Eigen::VectorXd::Zero(params.size());
  }
  ++t_;
  beta1_t_ *= beta1_;
  beta2_t_ *= beta2_;
  m_ = beta1_ * m_ + (1.0 - beta1_) * grad;
  v_ = beta2_ * v_ + (1.0 - beta2_) * grad.cwiseAbs2();
  const double c1 = 1.0 / (1.0 - beta1_t_), c2 = 1.0 / (1.0 - beta2_t_);
  params.array() += lr_ * (m_.array() * c1) / ((v_.array() * c2).sqrt() + eps_);
}

}  // namespace arbiter::core
