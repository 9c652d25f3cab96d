// Tabular preferences: the logits of state s are a slice of theta.
#include "agents/tabular_softmax_policy.hpp"

#include <stdexcept>
#include "agents/features.hpp"

namespace arbiter::agents {

TabularSoftmaxPolicy::TabularSoftmaxPolicy(int states, int actions)
    : SoftmaxPolicy(actions), states_(states), actions_(actions) {
  if (states <= 0 || actions <= 0) throw std::invalid_argument("tabular policy needs states and actions > 0");
  theta_ = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(states) * actions);
}

void TabularSoftmaxPolicy::logits_into(ObservationView obs, Eigen::VectorXd& out) const {
  out = theta_.segment(static_cast<Eigen::Index>(state_index(obs, states_)) * actions_, actions_);
}

void TabularSoftmaxPolicy::backprop(ObservationView obs, const Eigen::VectorXd& dlogits, Eigen::VectorXd& grad) const {
  grad.segment(static_cast<Eigen::Index>(state_index(obs, states_)) * actions_, actions_) += dlogits;
}

}  // namespace arbiter::agents
