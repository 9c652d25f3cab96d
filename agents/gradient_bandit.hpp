// The gradient bandit algorithm (Sutton & Barto, 2nd ed., section 2.8) as one agent: preferences H, policy
// pi = softmax(H / T) (T = 1 in the book), and after reward R for action A
// H += alpha (R - baseline) (e_A - pi) / T  [+ alpha beta grad_H entropy(pi) with an entropy bonus beta].
// The baseline is 0, or the average reward before this step, or (the book's code and Figure 2.5) the average
// including R. It is GradientBanditRule (agents/gradient_bandit_rule.hpp) for one run: the same numbers, bit for
// bit, as a column of a block. Settings are checked on construction (std::invalid_argument); a non-finite
// preference after an update throws GradientBanditDivergence (a core::RunError) naming the step and the preference.
#pragma once
#include <cstdint>
#include <Eigen/Core>
#include <nlohmann/json.hpp>
#include "agents/gradient_bandit_rule.hpp"
#include "core/random_stream.hpp"

namespace arbiter::agents {

class GradientBandit {
 public:
  GradientBandit(int arms, GradientBanditSettings settings);

  // Back to H = initial preference, baseline 0, step 0.
  void reset();
  // Draws an action from the current pi (one uniform from rng).
  int act(core::RandomStream& rng) const;
  // One learning step after reward `reward` for `action`; pi is recomputed from the new preferences.
  void learn(int action, double reward);

  const Eigen::VectorXd& probabilities() const { return pi_; }  // current pi
  const Eigen::VectorXd& preferences() const { return h_; }
  double entropy() const;  // of the current pi, nats
  // The baseline the next step would subtract before its own reward (0 without a baseline).
  double baseline() const { return settings().baseline ? average_reward_ : 0.0; }
  double average_reward() const { return average_reward_; }
  std::int64_t steps() const { return t_; }
  int arms() const { return static_cast<int>(h_.size()); }
  const GradientBanditSettings& settings() const { return rule_.settings(); }
  const GradientBanditRule& rule() const { return rule_; }

  // The learned state {"name": "gradient_bandit", "arms", "preferences", "average_reward", "steps"};
  // from_json restores it (the temperature schedule resumes at that step) and throws std::invalid_argument
  // saying what was expected when the name, the arm count or a value does not fit.
  nlohmann::json to_json() const;
  void from_json(const nlohmann::json& j);
  // The same object for a state held elsewhere (e.g. one column of a block of runs).
  static nlohmann::json state_json(const Eigen::Ref<const Eigen::VectorXd>& preferences, double average_reward,
                                   std::int64_t steps);

 private:
  using Column = Eigen::Map<core::Batch<double>>;  // a vector as a k x 1 block
  static Column column(Eigen::VectorXd& v) { return Column(v.data(), v.size(), 1); }
  GradientBanditRule rule_;
  Eigen::VectorXd h_, pi_;
  double average_reward_ = 0.0;
  std::int64_t t_ = 0;
};

}  // namespace arbiter::agents
