// The gradient-bandit step written once: the baseline and the entropy bonus across the columns of a block,
// then the score step alpha (R - b) (e_A - pi) / T and the new softmax in one core::score_step_softmax_columns
// call per chunk (SIMD across runs).
#include "agents/gradient_bandit_rule.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include "core/categorical_batch.hpp"
#include "core/softmax.hpp"
#include "core/softmax_derivatives.hpp"
#include "core/softmax_score_step.hpp"
#include "core/table.hpp"

namespace arbiter::agents {

void GradientBanditSettings::validate() const {
  if (!(alpha > 0.0) || !std::isfinite(alpha))
    throw std::invalid_argument("gradient bandit: alpha must be a finite number > 0, got " + std::to_string(alpha));
  if (!(baseline_step >= 0.0 && baseline_step <= 1.0))
    throw std::invalid_argument("gradient bandit: baseline_step must lie in [0, 1], got " +
                                std::to_string(baseline_step));
  if (!(entropy_bonus >= 0.0) || !std::isfinite(entropy_bonus))
    throw std::invalid_argument("gradient bandit: entropy_bonus must be >= 0, got " + std::to_string(entropy_bonus));
  if (!std::isfinite(initial_preference))
    throw std::invalid_argument("gradient bandit: initial_preference must be finite");
}

GradientBanditDivergence::GradientBanditDivergence(Eigen::Index column, Eigen::Index index, double value,
                                                   std::int64_t step, double alpha)
    : core::RunError(GradientBanditRule::divergence_message(index, value, step, alpha)), column_(column) {}

std::string GradientBanditRule::divergence_message(Eigen::Index index, double value, std::int64_t step, double alpha) {
  return "gradient bandit: preference H[" + std::to_string(index) + "] = " + core::format_double(value) +
         " after step " + std::to_string(step) + " (alpha " + core::format_double(alpha) +
         ", the entropy bonus or 1 / temperature too large?)";
}

GradientBanditRule::GradientBanditRule(GradientBanditSettings settings) : settings_(settings) { settings_.validate(); }

void GradientBanditRule::probabilities(ConstColumns h, Columns p, std::int64_t t) const {
  try {
    core::softmax_columns<double>(h, p, temperature(t));
  } catch (const std::domain_error&) {
    throw_divergence(h, t);
    throw;
  }
}

void GradientBanditRule::throw_divergence(ConstColumns h, std::int64_t t) const {
  // The first column the softmax rejects (a NaN or +inf, or all -inf), named by its first non-finite entry.
  constexpr double kInf = std::numeric_limits<double>::infinity();
  for (Eigen::Index c = 0; c < h.cols(); ++c) {
    const auto col = h.col(c).array();
    if (!(col.isNaN().any() || (col == kInf).any() || (col == -kInf).all())) continue;
    for (Eigen::Index j = 0; j < h.rows(); ++j)
      if (!std::isfinite(h(j, c))) throw GradientBanditDivergence(c, j, h(j, c), t, settings_.alpha);
  }
}

void GradientBanditRule::act(ConstColumns p, const double* uniforms, int* actions) {
  core::sample_inverse_cdf_columns<double>(p, uniforms, actions);
}

void GradientBanditRule::learn(Columns h, Columns p, const int* actions, const double* rewards, double* averages,
                               std::int64_t t) const {
  const Eigen::Index k = h.rows(), n = h.cols();
  for (Eigen::Index c = 0; c < n; ++c)
    if (actions[c] < 0 || actions[c] >= k)
      throw std::out_of_range("gradient bandit: action " + std::to_string(actions[c]) + " outside [0, " +
                              std::to_string(k) + ")");
  const double T = temperature(t), alpha = settings_.alpha, bonus = alpha * settings_.entropy_bonus;
  const double step = settings_.baseline_step > 0.0 ? settings_.baseline_step : 1.0 / static_cast<double>(t + 1);
  constexpr Eigen::Index kChunk = 64;  // columns at a time, their scales alpha (R - b) / T in a local array
  double c_of[kChunk];
  core::Vector<double> column(bonus > 0.0 ? k : 0);  // one run's preferences, contiguous
  const bool before = settings_.baseline && !settings_.baseline_includes_current;
  const bool after = settings_.baseline && settings_.baseline_includes_current;
  for (Eigen::Index c0 = 0; c0 < n; c0 += kChunk) {
    const Eigen::Index len = std::min(kChunk, n - c0);
    double* average = averages + c0;
    const double* reward = rewards + c0;
    if (before)  // the baseline's three cases apart, so each loop vectorises
      for (Eigen::Index c = 0; c < len; ++c) {
        c_of[c] = alpha * (reward[c] - average[c]);
        average[c] += step * (reward[c] - average[c]);
      }
    else if (after)
      for (Eigen::Index c = 0; c < len; ++c) {
        average[c] += step * (reward[c] - average[c]);
        c_of[c] = alpha * (reward[c] - average[c]);
      }
    else
      for (Eigen::Index c = 0; c < len; ++c) {
        average[c] += step * (reward[c] - average[c]);
        c_of[c] = alpha * reward[c];  // R - 0, exactly
      }
    for (Eigen::Index c = 0; c < len; ++c) c_of[c] /= T;
    if (bonus > 0.0) {
      for (Eigen::Index c = c0; c < c0 + len; ++c) {
        column = h.col(c);
        h.col(c) += bonus * core::entropy_gradient<double>(column, T);
      }
    }
    // The score step alpha (R - b) (e_A - pi) / T, then pi = softmax(h / T(t + 1)): a chunk the softmax
    // rejects is the first to hold a bad column (the ones before passed).
    try {
      core::score_step_softmax_columns(h.middleCols(c0, len), p.middleCols(c0, len), actions + c0, c_of,
                                       temperature(t + 1));
    } catch (const std::domain_error&) {
      throw_divergence(h, t + 1);
      throw;
    }
  }
}

}  // namespace arbiter::agents
