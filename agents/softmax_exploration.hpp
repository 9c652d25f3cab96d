// Softmax (Boltzmann) exploration over action-value estimates (Sutton & Barto 2.3 / 2.5 with a Boltzmann
// policy): pi = softmax(Q / T(t)), T from a TemperatureSchedule advanced once per step, and Q updated by the
// sample average (1/n(a)) or a constant step alpha. Settings are checked by validate()
// (std::invalid_argument); a non-finite estimate throws core::RunError naming the step and the arm.
#pragma once
#include <cstdint>
#include <Eigen/Core>
#include <nlohmann/json.hpp>
#include "agents/boltzmann_policy.hpp"
#include "agents/temperature_schedule.hpp"
#include "core/random_stream.hpp"

namespace arbiter::agents {

struct SoftmaxExplorationSettings {
  enum class Estimate { sample_average, constant_step };
  Estimate estimate = Estimate::sample_average;
  double alpha = 0.1;          // constant step size, > 0 (used with constant_step)
  double initial_value = 0.0;  // Q_1(a) for every a
  TemperatureSchedule temperature = TemperatureSchedule::constant(1.0);

  void validate() const;
};

class SoftmaxExploration {
 public:
  SoftmaxExploration(int arms, SoftmaxExplorationSettings settings);

  void reset();
  int act(core::RandomStream& rng) const { return policy_.sample(pi_, rng); }
  void learn(int action, double reward);

  const Eigen::VectorXd& probabilities() const { return pi_; }
  const Eigen::VectorXd& action_values() const { return q_; }
  double entropy() const { return policy_.entropy(pi_); }
  // The policy's expected value sum_a pi(a) Q(a): the baseline a live view shows beside the estimates.
  double baseline() const { return pi_.dot(q_); }
  double average_reward() const { return average_reward_; }
  double temperature() const { return policy_.temperature(); }
  std::int64_t steps() const { return t_; }
  int arms() const { return policy_.action_count(); }
  const SoftmaxExplorationSettings& settings() const { return settings_; }

  // The learned state {"name": "softmax_exploration", "arms", "action_values", "counts",
  // "average_reward", "steps"}; from_json restores it and throws std::invalid_argument saying what was
  // expected when the name, the arm count or a value does not fit.
  nlohmann::json to_json() const;
  void from_json(const nlohmann::json& j);

 private:
  void refresh_probabilities();
  SoftmaxExplorationSettings settings_;
  BoltzmannPolicy policy_;
  Eigen::VectorXd q_, pi_;
  Eigen::VectorXi n_;
  double average_reward_ = 0.0;
  std::int64_t t_ = 0;
};

}  // namespace arbiter::agents
