// The gradient bandit algorithm (Sutton & Barto, 2nd ed., section 2.8): preferences H, policy
// pi = softmax(H / T) (BoltzmannPolicy, T = 1 in the book), and after reward R for action A
// H += alpha (R - baseline) (e_A - pi) / T  [+ alpha beta grad_H entropy(pi) with an entropy bonus beta].
// The baseline is 0, or the average reward before this step, or (the book's code and Figure 2.5) the average
// including R. Settings are checked by validate() (std::invalid_argument); a non-finite preference after an
// update throws core::RunError naming the step and the preference.
#pragma once
#include <cstdint>
#include <string>
#include <Eigen/Core>
#include <nlohmann/json.hpp>
#include "agents/boltzmann_policy.hpp"
#include "agents/temperature_schedule.hpp"
#include "core/random_stream.hpp"

namespace arbiter::agents {

struct GradientBanditSettings {
  double alpha = 0.1;                      // step size, > 0
  bool baseline = true;                    // use the average-reward baseline
  bool baseline_includes_current = false;  // average updated with R before the preference step (book's code)
  double baseline_step = 0.0;              // 0: sample average (1/t); in (0, 1]: constant step size
  double entropy_bonus = 0.0;              // beta >= 0
  double initial_preference = 0.0;         // H_1(a) for every a
  TemperatureSchedule temperature = TemperatureSchedule::constant(1.0);  // advanced once per step

  void validate() const;
};

class GradientBandit {
 public:
  GradientBandit(int arms, GradientBanditSettings settings);

  // Back to H = initial preference, baseline 0, step 0.
  void reset();
  // Draws an action from the current pi.
  int act(core::RandomStream& rng) const { return policy_.sample(pi_, rng); }
  // One learning step after reward `reward` for `action`; pi is recomputed from the new preferences.
  void learn(int action, double reward);

  const Eigen::VectorXd& probabilities() const { return pi_; }  // current pi
  const Eigen::VectorXd& preferences() const { return h_; }
  double entropy() const { return policy_.entropy(pi_); }
  // The baseline the next step would subtract before its own reward (0 without a baseline).
  double baseline() const { return settings_.baseline ? average_reward_ : 0.0; }
  double average_reward() const { return average_reward_; }
  std::int64_t steps() const { return t_; }
  int arms() const { return policy_.action_count(); }
  const GradientBanditSettings& settings() const { return settings_; }
  const BoltzmannPolicy& policy() const { return policy_; }

  // The learned state {"name": "gradient_bandit", "arms", "preferences", "average_reward", "steps"};
  // from_json restores it (the temperature schedule resumes at that step) and throws std::invalid_argument
  // saying what was expected when the name, the arm count or a value does not fit.
  nlohmann::json to_json() const;
  void from_json(const nlohmann::json& j);
  // The RunError message for preference H[index] = value turning non-finite in step `step`.
  static std::string divergence_message(Eigen::Index index, double value, std::int64_t step, double alpha);
  // The same object for a state held elsewhere (e.g. one row of a lockstep block of runs).
  static nlohmann::json state_json(const Eigen::Ref<const Eigen::VectorXd>& preferences, double average_reward,
                                   std::int64_t steps);

 private:
  void refresh_probabilities();
  GradientBanditSettings settings_;
  BoltzmannPolicy policy_;
  Eigen::VectorXd h_, pi_;
  double average_reward_ = 0.0;
  std::int64_t t_ = 0;
};

}  // namespace arbiter::agents
