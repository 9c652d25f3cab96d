// Tabular preferences: the logits of state s are a slice of theta.
#include "agents/tabular_softmax_policy.hpp"

#include <stdexcept>
#include "agents/features.hpp"

namespace arbiter::agents {

TabularSoftmaxPolicy::TabularSoftmaxPolicy(int states, int actions) : SoftmaxPolicy(actions), states_(states), actions_(actions) {
  if (states <= 0 || actions <= 0) throw std::invalid_argument("tabular policy needs states and actions > 0");
  theta_ = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(states) * actions);
}

Eigen::VectorXd TabularSoftmaxPolicy::logits(const envs::Observation& obs) const {
  return theta_.segment(static_cast<Eigen::Index>(state_index(obs, states_)) * actions_, actions_);
}

void TabularSoftmaxPolicy::backprop(const envs::Observation& obs, const Eigen::VectorXd& dlogits,
                                    Eigen::VectorXd& grad) const {
  grad.segment(static_cast<Eigen::Index>(state_index(obs, states_)) * actions_, actions_) += dlogits;
}

}  // namespace arbiter::agents
