// Adam (Kingma & Ba 2015) as an ascent step with bias-corrected first and second moments:
// params += lr * m_hat / (sqrt(v_hat) + eps). Moments are sized on the first step.
#pragma once
#include "core/optimizer.hpp"

namespace arbiter::core {

class Adam : public Optimizer {
 public:
  explicit Adam(double lr, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8);
  std::string name() const override { return "adam"; }
  void ascend(Eigen::VectorXd& params, const Eigen::VectorXd& grad) override;
  long steps() const { return t_; }

 private:
  double beta1_, beta2_, eps_;
  double beta1_t_ = 1.0, beta2_t_ = 1.0;  // beta^t
  long t_ = 0;
  Eigen::VectorXd m_, v_;
};

}  // namespace arbiter::core
