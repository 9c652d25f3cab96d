// Temperature scaling (Guo et al. 2017): the T > 0 minimising the mean negative log-likelihood of labelled
// logits, -mean_i log softmax(z_i / T)_{y_i}, found by a safeguarded Newton iteration on u = log T. The NLL is
// convex in 1/T, so it has one minimum; T is kept in [kMinTemperature, kMaxTemperature] (data the logits
// separate perfectly have their infimum at T -> 0: the fit then says it did not converge).
// Throws core::ArgumentError naming "logits"/"labels" for empty or mismatched input or a label out of range.
#pragma once
#include "core/eigen_types.hpp"
#include <Eigen/Core>

namespace arbiter::ml {

inline constexpr double kMinTemperature = 1e-3;
inline constexpr double kMaxTemperature = 1e3;

// The mean NLL at T and its first two derivatives with respect to u = log T.
struct TemperatureObjective {
  double nll = 0.0;
  double d_nll_d_log_t = 0.0;    // mean of (p_i - e_{y_i}) . d(z_i / T)/du = mean(s_y - E_p[s]), s = z / T
  double d2_nll_d_log_t2 = 0.0;  // mean Var_p(s) - d_nll_d_log_t
};

// One pass over the logits (the core's softmax with log Z per row): the objective at temperature T.
TemperatureObjective temperature_objective(core::BatchCRef<double> logits, const Eigen::VectorXi& labels, double T);

struct TemperatureFit {
  double temperature = 1.0;
  double nll = 0.0;          // mean NLL at the last pass: when converged, at most `tolerance` from T in log T
                             // (so within ~1e-14 of the NLL at T)
  double gradient = 0.0;     // d NLL / d log T there (about 0 unless at a bound or not converged)
  int iterations = 0;        // Newton steps taken (on the subsample, then on every example)
  bool at_bound = false;     // the minimum lies at or beyond kMinTemperature / kMaxTemperature
  bool converged = false;    // stopped by the tolerance (false: at a bound, or out of iterations, as when
                             // the logits separate the labels and the NLL keeps falling as T -> 0)
};

// Newton on log T from T = 1 (from the fit on every 8th example when there are at 4096 or more), a step at
// most 2 in log T, bracketed by the sign of the slope (a step out of the bracket is a bisection), until a full
// Newton step is at most `tolerance` in log T (it is taken, so T is then exact to about tolerance^2), the slope
// is exactly 0, or a bound is reached. at_bound is set when the NLL still falls beyond a bound, or when it went
// flat away from T = 1 (every probability saturated).
TemperatureFit fit_temperature(core::BatchCRef<double> logits, const Eigen::VectorXi& labels,
                               double tolerance = 1e-7, int max_iterations = 100);

}  // namespace arbiter::ml
