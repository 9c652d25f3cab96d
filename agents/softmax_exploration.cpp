// Softmax exploration: incremental action-value estimates, probabilities from the Boltzmann policy.
#include "agents/softmax_exploration.hpp"

#include <cmath>
#include <stdexcept>
#include <string>
#include "core/config_error.hpp"

namespace arbiter::agents {

void SoftmaxExplorationSettings::validate() const {
  if (!(alpha > 0.0 && alpha <= 1.0))
    throw std::invalid_argument("softmax exploration: alpha must lie in (0, 1], got " + std::to_string(alpha));
  if (!std::isfinite(initial_value)) throw std::invalid_argument("softmax exploration: initial_value must be finite");
}

SoftmaxExploration::SoftmaxExploration(int arms, SoftmaxExplorationSettings settings)
    : settings_(settings), policy_(arms, settings.temperature) {
  settings_.validate();
  reset();
}

void SoftmaxExploration::reset() {
  q_ = Eigen::VectorXd::Constant(policy_.action_count(), settings_.initial_value);
  n_ = Eigen::VectorXi::Zero(policy_.action_count());
  pi_.resize(policy_.action_count());
  average_reward_ = 0.0;
  t_ = 0;
  policy_.set_schedule_step(0);
  refresh_probabilities();
}

void SoftmaxExploration::refresh_probabilities() {
  try {
    policy_.probabilities(q_, pi_);
  } catch (const std::domain_error&) {
    for (Eigen::Index i = 0; i < q_.size(); ++i)
      if (!std::isfinite(q_[i]))
        throw core::RunError("softmax exploration: estimate Q[" + std::to_string(i) + "] = " +
                             std::to_string(q_[i]) + " after step " + std::to_string(t_));
    throw;
  }
}

void SoftmaxExploration::learn(int action, double reward) {
  if (action < 0 || action >= q_.size())
    throw std::out_of_range("softmax exploration: action " + std::to_string(action) + " outside [0, " +
                            std::to_string(q_.size()) + ")");
  ++t_;
  ++n_[action];
  const double step = settings_.estimate == SoftmaxExplorationSettings::Estimate::sample_average
                          ? 1.0 / static_cast<double>(n_[action])
                          : settings_.alpha;
  q_[action] += step * (reward - q_[action]);
  average_reward_ += (reward - average_reward_) / static_cast<double>(t_);
  policy_.set_schedule_step(t_);
  refresh_probabilities();
}

}  // namespace arbiter::agents
