// MLP preferences: one observation through Mlp::forward/backward, a batch through the matrix versions.
#include "agents/mlp_policy.hpp"

#include <stdexcept>
#include <string>

namespace arbiter::agents {

namespace {
std::vector<int> layer_sizes(int in, std::vector<int> hidden, int out) {
  hidden.insert(hidden.begin(), in);
  hidden.push_back(out);
  return hidden;
}
}  // namespace

MlpPolicy::MlpPolicy(int observation_size, std::vector<int> hidden, int actions, core::RandomStream& rng,
                     double output_scale, core::Activation activation)
    : SoftmaxPolicy(actions), net_(layer_sizes(observation_size, std::move(hidden), actions), activation) {
  net_.initialise(theta_, rng, output_scale);
}

void MlpPolicy::check(ObservationView obs) const {
  if (static_cast<int>(obs.size()) != net_.inputs())
    throw std::out_of_range("observation of size " + std::to_string(obs.size()) + ", expected " +
                            std::to_string(net_.inputs()));
}

void MlpPolicy::logits_into(ObservationView obs, Eigen::VectorXd& out) const {
  check(obs);
  out = net_.forward(theta_, obs.data());
}

void MlpPolicy::backprop(ObservationView obs, const Eigen::VectorXd& dlogits, Eigen::VectorXd& grad) const {
  check(obs);
  net_.forward(theta_, obs.data());  // the activations at the current parameters
  net_.backward(theta_, dlogits, grad);
}

void MlpPolicy::logits_batch(const Eigen::Ref<const Eigen::MatrixXd>& X, Eigen::MatrixXd& H) const {
  H = net_.forward_batch(theta_, X);
}

void MlpPolicy::backprop_batch(const Eigen::Ref<const Eigen::MatrixXd>&, const Eigen::MatrixXd& dlogits,
                               Eigen::VectorXd& grad) const {
  net_.backward_batch(theta_, dlogits, grad);
}

}  // namespace arbiter::agents
