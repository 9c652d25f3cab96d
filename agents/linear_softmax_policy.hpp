// A linear softmax policy over state features: h(s, a) = theta_a . phi(s), theta stored action-major
// (theta[a * d + j]). With "constant" features every state shares one preference per action, which is the
// short-corridor agent of Sutton & Barto Example 13.1.
#pragma once
#include "agents/features.hpp"
#include "agents/softmax_policy.hpp"

namespace arbiter::agents {

class LinearSoftmaxPolicy : public SoftmaxPolicy {
 public:
  LinearSoftmaxPolicy(FeatureMap features, int actions);  // theta starts at 0 (uniform policy)
  std::string type() const override { return "linear"; }
  const FeatureMap& features() const { return features_; }
  void logits_into(ObservationView obs, Eigen::VectorXd& out) const override;
  void backprop(ObservationView obs, const Eigen::VectorXd& dlogits, Eigen::VectorXd& grad) const override;
  nlohmann::json shape() const override {
    return {{"features", features_.name()}, {"feature_count", features_.size()}, {"actions", actions_}};
  }

 private:
  FeatureMap features_;
  int actions_;
  mutable Eigen::VectorXd phi_;
};

}  // namespace arbiter::agents
