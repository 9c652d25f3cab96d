// The gradient-bandit learning rule (Sutton & Barto, 2nd ed., section 2.8) for n runs at once: preferences H
// and probabilities pi = softmax(H / T(t)) as k x n matrices, one column per run, stored entry-major (arm j of
// every run in row j, core::Batch), so one step of all n runs is one core::sample_inverse_cdf_columns draw
// and the update
//   H += alpha (R - baseline) (e_A - pi) / T(t)  [+ alpha beta grad_H entropy(pi) with an entropy bonus beta]
// across the columns, with the new softmax (core::score_step_softmax_columns). GradientBandit is the case
// n = 1. Every run of a block is at the same step t (steps done before the current one), so the temperature
// T(t) is shared. The settings are checked on construction
// (std::invalid_argument); a column the softmax rejects after an update throws GradientBanditDivergence.
#pragma once
#include <cstdint>
#include <string>
#include <Eigen/Core>
#include "agents/temperature_schedule.hpp"
#include "core/config_error.hpp"
#include "core/eigen_types.hpp"

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

// A preference of column `column` turned non-finite in step `step` (a core::RunError: the run failed).
class GradientBanditDivergence : public core::RunError {
 public:
  GradientBanditDivergence(Eigen::Index column, Eigen::Index index, double value, std::int64_t step, double alpha);
  Eigen::Index column() const { return column_; }

 private:
  Eigen::Index column_;
};

class GradientBanditRule {
 public:
  using Columns = core::BatchRef<double>;
  using ConstColumns = core::BatchCRef<double>;

  explicit GradientBanditRule(GradientBanditSettings settings);
  const GradientBanditSettings& settings() const { return settings_; }
  double temperature(std::int64_t t) const { return settings_.temperature.at(t); }

  // p = softmax(h / T(t)) column by column; GradientBanditDivergence (step t) for a column with a NaN or +inf
  // preference, or only -inf ones.
  void probabilities(ConstColumns h, Columns p, std::int64_t t) const;
  // actions[c] drawn from column c of p with the uniform uniforms[c] in [0, 1).
  static void act(ConstColumns p, const double* uniforms, int* actions);
  // Step t + 1 of every column (t steps done before it; p holds softmax(h / T(t))): averages[c] (the average
  // reward) takes rewards[c], h takes the update for actions[c], p becomes softmax(h / T(t + 1)).
  void learn(Columns h, Columns p, const int* actions, const double* rewards, double* averages, std::int64_t t) const;

  // The error message for preference H[index] = value turning non-finite in step `step`.
  static std::string divergence_message(Eigen::Index index, double value, std::int64_t step, double alpha);

 private:
  // Throws GradientBanditDivergence (step t) for the first column of h the softmax rejects, if any.
  void throw_divergence(ConstColumns h, std::int64_t t) const;

  GradientBanditSettings settings_;
};

}  // namespace arbiter::agents
