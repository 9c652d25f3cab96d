// REINFORCE (Williams 1992), Monte-Carlo policy gradient with discount gamma, as in Sutton & Barto section
// 13.3-13.4: at the end of an episode, for each step t, G_t = sum_k gamma^k R_{t+k+1} and
//   theta += alpha * [gamma^t (G_t - b(S_t)) grad log pi(A_t|S_t) + beta grad H(pi(.|S_t))],
// with an optional learned state-value baseline b = v(s; w) (w += alpha_w (G_t - v(S_t)) grad v), an entropy
// bonus whose weight beta follows a schedule over episodes (its exact gradient, from core), SGD or Adam,
// gradient-norm clipping and normalisation of the weights G_t - b(S_t) within an update. "per_step" updates
// theta inside the loop over t (the book's pseudocode and code); "per_episode" sums the episode's terms
// (averaged over episodes_per_update episodes) into one optimiser step, the whole batch going through the
// policy and baseline as matrices. Non-finite parameters after an update throw core::RunError naming the
// parameter, the episode and the agent step.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>
#include <nlohmann/json.hpp>
#include "core/optimizer.hpp"
#include "agents/softmax_policy.hpp"
#include "agents/temperature_schedule.hpp"
#include "agents/value_baseline.hpp"
#include "core/random_stream.hpp"

namespace arbiter::agents {

struct ReinforceOptions {
  double gamma = 1.0;                 // in [0, 1]
  bool discount_score = true;         // multiply the score term by gamma^t (the book); false: common practice
  bool per_step = true;               // update inside the loop over t (book) or once per batch of episodes
  int episodes_per_update = 1;        // per_episode only
  bool normalize_returns = false;     // (G_t - b) -> zero mean, unit variance within each update
  double max_grad_norm = 0.0;         // <= 0: no clipping (applied to the policy and baseline gradients)
  std::optional<TemperatureSchedule> entropy_beta;  // beta(episode); none: no entropy bonus
};

class Reinforce {
 public:
  // baseline and value_optimizer may be null (no baseline); both or neither (std::invalid_argument).
  Reinforce(std::unique_ptr<SoftmaxPolicy> policy, std::unique_ptr<core::Optimizer> policy_optimizer,
            std::unique_ptr<ValueBaseline> baseline, std::unique_ptr<core::Optimizer> value_optimizer,
            ReinforceOptions options);

  // Samples an action at obs and remembers (obs, action) for the episode's update. Every observation of
  // an agent has the same length (std::invalid_argument otherwise).
  int act(ObservationView obs, core::RandomStream& rng);
  // The reward that followed the last action.
  void reward(double r);
  // Ends the episode (its return becomes last_return()) and learns when an update is due.
  void end_episode();

  const SoftmaxPolicy& policy() const { return *policy_; }
  SoftmaxPolicy& policy() { return *policy_; }
  const ValueBaseline* baseline() const { return baseline_.get(); }
  ValueBaseline* baseline() { return baseline_.get(); }
  const ReinforceOptions& options() const { return options_; }
  core::Optimizer& policy_optimizer() { return *policy_opt_; }
  core::Optimizer* value_optimizer() { return value_opt_.get(); }

  // For live views.
  Eigen::VectorXd action_probabilities(ObservationView obs) const { return policy_->probabilities(obs); }
  double entropy(ObservationView obs) const { return policy_->entropy(obs); }
  double baseline_value(ObservationView obs) const;  // NaN without a baseline
  const Eigen::VectorXd& last_probabilities() const { return p_; }  // pi at the last act()
  double last_return() const { return last_return_; }
  double last_mean_entropy() const { return last_mean_entropy_; }  // mean H(pi) over the last episode's steps
  double last_gradient_norm() const { return last_grad_norm_; }    // policy gradient norm before clipping
  double entropy_weight() const;  // beta for the current episode
  std::int64_t episodes() const { return episodes_; }
  std::int64_t agent_steps() const { return agent_steps_; }

  // {"algorithm": "reinforce", "episodes", "policy": ..., "baseline": ... or null}. from_json throws
  // std::invalid_argument saying what was expected when the saved policy or baseline does not match this
  // agent's (type, shape, parameter count, or a baseline saved without one here or the reverse).
  nlohmann::json to_json() const;
  void from_json(const nlohmann::json& j);

 private:
  void learn();
  void learn_per_step(const std::vector<double>& returns, double beta, double shift, double scale);
  void learn_batch(const std::vector<double>& returns, double beta);
  void check_finite(const Eigen::VectorXd& params, const char* which) const;
  ObservationView observation(std::size_t step) const {
    return {obs_.data() + step * static_cast<std::size_t>(obs_size_), static_cast<std::size_t>(obs_size_)};
  }

  std::unique_ptr<SoftmaxPolicy> policy_;
  std::unique_ptr<core::Optimizer> policy_opt_;
  std::unique_ptr<ValueBaseline> baseline_;
  std::unique_ptr<core::Optimizer> value_opt_;
  ReinforceOptions options_;
  // The tape of the episodes since the last update: observations (obs_size_ numbers each), actions and
  // rewards, and the index of each finished episode's first step.
  int obs_size_ = -1;
  std::vector<double> obs_;
  std::vector<int> actions_;
  std::vector<double> rewards_;
  std::vector<std::size_t> episode_starts_;
  std::size_t current_start_ = 0;
  double last_return_ = 0.0, last_mean_entropy_ = 0.0, last_grad_norm_ = 0.0, entropy_sum_ = 0.0;
  std::int64_t episodes_ = 0, agent_steps_ = 0;
  Eigen::VectorXd h_, p_, d_, grad_, value_grad_, values_, dvalues_;
  Eigen::MatrixXd H_, D_;
};

}  // namespace arbiter::agents
