// Softmax exploration: incremental action-value estimates, probabilities from the Boltzmann policy.
#include "agents/softmax_exploration.hpp"

#include <cmath>
#include <stdexcept>
#include <string>
#include "agents/bandit_state_json.hpp"
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

nlohmann::json SoftmaxExploration::to_json() const {
  return {{"name", "softmax_exploration"},
          {"arms", arms()},
          {"action_values", std::vector<double>(q_.data(), q_.data() + q_.size())},
          {"counts", std::vector<int>(n_.data(), n_.data() + n_.size())},
          {"average_reward", average_reward_},
          {"steps", t_}};
}

void SoftmaxExploration::from_json(const nlohmann::json& j) {
  bandit_state::check_header(j, "softmax_exploration", arms());
  const Eigen::VectorXd q = bandit_state::finite_vector(j, "action_values", arms());
  const Eigen::VectorXd n = bandit_state::finite_vector(j, "counts", arms());
  for (Eigen::Index i = 0; i < n.size(); ++i)
    if (!(n[i] >= 0.0 && n[i] == std::floor(n[i]) && n[i] < 2e9))
      throw std::invalid_argument("\"counts\": integers >= 0, entry " + std::to_string(i) + " is " + std::to_string(n[i]));
  const double average = bandit_state::finite_number(j, "average_reward");
  const std::int64_t t = bandit_state::count(j, "steps");
  q_ = q;
  n_ = n.cast<int>();
  average_reward_ = average;
  t_ = t;
  policy_.set_schedule_step(t_);
  refresh_probabilities();
}

}  // namespace arbiter::agents
