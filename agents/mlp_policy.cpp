// MLP preferences; backprop re-runs the forward pass unless the cached input is the same observation.
#include "agents/mlp_policy.hpp"

namespace arbiter::agents {

namespace {
std::vector<int> layer_sizes(int in, std::vector<int> hidden, int out) {
  hidden.insert(hidden.begin(), in);
  hidden.push_back(out);
  return hidden;
}
}  // namespace

MlpPolicy::MlpPolicy(int observation_size, std::vector<int> hidden, int actions, core::RandomStream& rng,
                     double output_scale)
    : SoftmaxPolicy(actions), net_(layer_sizes(observation_size, std::move(hidden), actions)) {
  net_.initialise(theta_, rng, output_scale);
}

Eigen::VectorXd MlpPolicy::logits(const envs::Observation& obs) const {
  input_ = Eigen::Map<const Eigen::VectorXd>(obs.data(), static_cast<Eigen::Index>(obs.size()));
  return net_.forward(theta_, input_);
}

void MlpPolicy::backprop(const envs::Observation& obs, const Eigen::VectorXd& dlogits,
                         Eigen::VectorXd& grad) const {
  input_ = Eigen::Map<const Eigen::VectorXd>(obs.data(), static_cast<Eigen::Index>(obs.size()));
  if (net_.last_input().size() != input_.size() || net_.last_input() != input_) net_.forward(theta_, input_);
  net_.backward(theta_, dlogits, grad);
}

}  // namespace arbiter::agents
