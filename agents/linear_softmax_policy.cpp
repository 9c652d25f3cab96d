// Linear preferences: logits = Theta phi(s) with Theta an A x d matrix viewed over theta.
#include "agents/linear_softmax_policy.hpp"

#include <stdexcept>

namespace arbiter::agents {

namespace {
using RowMajor = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
}

LinearSoftmaxPolicy::LinearSoftmaxPolicy(FeatureMap features, int actions)
    : SoftmaxPolicy(actions), features_(features), actions_(actions) {
  if (actions <= 0) throw std::invalid_argument("linear policy needs actions > 0");
  theta_ = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(actions) * features_.size());
}

void LinearSoftmaxPolicy::logits_into(ObservationView obs, Eigen::VectorXd& out) const {
  features_.compute(obs, phi_);
  Eigen::Map<const RowMajor> W(theta_.data(), actions_, features_.size());
  out.noalias() = W * phi_;
}

void LinearSoftmaxPolicy::backprop(ObservationView obs, const Eigen::VectorXd& dlogits, Eigen::VectorXd& grad) const {
  features_.compute(obs, phi_);
  Eigen::Map<RowMajor> G(grad.data(), actions_, features_.size());
  G.noalias() += dlogits * phi_.transpose();
}

}  // namespace arbiter::agents
