// A tabular softmax policy: one preference per (state, action), h(s, a) = theta[s * A + a]. The observation
// is the state index; an index outside [0, states) throws std::out_of_range.
#pragma once
#include "agents/softmax_policy.hpp"

namespace arbiter::agents {

class TabularSoftmaxPolicy : public SoftmaxPolicy {
 public:
  TabularSoftmaxPolicy(int states, int actions);  // preferences start at 0 (uniform policy)
  std::string type() const override { return "tabular"; }
  int state_count() const { return states_; }
  void logits_into(ObservationView obs, Eigen::VectorXd& out) const override;
  void backprop(ObservationView obs, const Eigen::VectorXd& dlogits, Eigen::VectorXd& grad) const override;
  nlohmann::json shape() const override { return {{"states", states_}, {"actions", actions_}}; }

 private:
  int states_, actions_;
};

}  // namespace arbiter::agents
