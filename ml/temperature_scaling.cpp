// Temperature scaling. The logits are stored entry-major (entry j of every example in one row), so one call of
// the core's softmax_columns takes the exponentials SIMD across examples, and the moments are row operations.
// With s = z / T, ds/du = -s, and the core's cross-entropy gradient p - e_y gives dNLL/du = (p - e_y) . (-s)
// = s_y - E_p[s]; the softmax Jacobian diag(p) - p p^T gives d E_p[s] / du = -Var_p(s) - E_p[s], hence
// d2NLL/du2 = Var_p(s) - dNLL/du. The NLL is unimodal in u (convex in 1/T), so the sign of the slope brackets
// the minimum and a Newton step that leaves the bracket is replaced by bisection; no step needs the NLL
// itself, whose logarithms are taken once, at the end. A strided eighth of a large data set gives the start.
#include "ml/temperature_scaling.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "core/input_error.hpp"
#include "core/softmax.hpp"

namespace arbiter::ml {
namespace {

void check_input(core::BatchCRef<double> logits, const Eigen::VectorXi& labels) {
  if (logits.rows() == 0 || logits.cols() < 2)
    throw core::ArgumentError("logits", "at least one example of at least two classes",
                              std::to_string(logits.rows()) + " x " + std::to_string(logits.cols()));
  if (labels.size() != logits.rows())
    throw core::ArgumentError("labels", "one label per row of logits (" + std::to_string(logits.rows()) + ")",
                              std::to_string(labels.size()) + " labels");
  for (Eigen::Index i = 0; i < labels.size(); ++i)
    if (labels[i] < 0 || labels[i] >= logits.cols())
      throw core::ArgumentError("labels", "labels in [0, " + std::to_string(logits.cols() - 1) + "]",
                                std::to_string(labels[i]) + " at row " + std::to_string(i));
}

// The examples of one fit (every `stride`-th row), entry-major and shifted by the label's logit (z - z_y:
// the softmax does not change, z_y becomes 0, so s_y - E_p[s] = -E_p[z - z_y] / T and the moments stay small).
// A pass goes through the examples in chunks whose probabilities stay in cache.
class Objective {
 public:
  static constexpr Eigen::Index kChunk = 512;

  Objective(core::BatchCRef<double> logits, const Eigen::VectorXi& labels, Eigen::Index stride = 1) {
    const Eigen::Index k = logits.cols(), n = (logits.rows() + stride - 1) / stride;
    z_.resize(k, n);
    labels_.resize(n);
    Eigen::VectorXd zy(n);
    for (Eigen::Index c = 0; c < n; ++c) {
      labels_[c] = labels[c * stride];
      zy[c] = logits(c * stride, labels_[c]);
    }
    for (Eigen::Index j = 0; j < k; ++j) {
      double* row = z_.row(j).data();
      for (Eigen::Index c = 0; c < n; ++c) row[c] = logits(c * stride, j) - zy[c];
    }
    p_.resize(k, std::min(kChunk, n));
    py_.resize(n);
  }

  // The slope and curvature at T (and each example's p_y, kept for nll()).
  TemperatureObjective at(double T) {
    T_ = T;
    const Eigen::Index k = z_.rows(), n = z_.cols();
    double first = 0.0, second = 0.0;  // sums over examples of E_p[x] and E_p[x^2] - E_p[x]^2, x = z - z_y
    for (Eigen::Index c0 = 0; c0 < n; c0 += kChunk) {
      const Eigen::Index w = std::min(kChunk, n - c0);
      auto p = p_.leftCols(w);
      const auto z = z_.middleCols(c0, w);
      core::softmax_columns<double>(z, p, T);
      double m1[kChunk], m2[kChunk];
      for (Eigen::Index c = 0; c < w; ++c) m1[c] = m2[c] = 0.0;
      for (Eigen::Index j = 0; j < k; ++j) {
        const double* pj = p.row(j).data();
        const double* zj = z.row(j).data();
        for (Eigen::Index c = 0; c < w; ++c) {
          const double pz = pj[c] * zj[c];
          m1[c] += pz;
          m2[c] += pz * zj[c];
        }
      }
      for (Eigen::Index c = 0; c < w; ++c) {
        first += m1[c];
        second += m2[c] - m1[c] * m1[c];
      }
      for (Eigen::Index c = 0; c < w; ++c) py_[c0 + c] = p(labels_[c0 + c], c);
    }
    const double count = static_cast<double>(n);
    TemperatureObjective o;
    o.d_nll_d_log_t = -first / (count * T);
    o.d2_nll_d_log_t2 = second / (count * T * T) - o.d_nll_d_log_t;
    o.nll = std::numeric_limits<double>::quiet_NaN();
    return o;
  }

  // The mean NLL at the T of the last pass: -log p_y, or (where p_y underflowed) the core's log-softmax.
  double nll() const {
    double sum = 0.0;
    for (Eigen::Index c = 0; c < py_.size(); ++c) {
      if (py_[c] > 1e-300) {
        sum -= std::log(py_[c]);
      } else {
        const core::Vector<double> column = z_.col(c);
        sum -= core::log_softmax<double>(column, T_)[labels_[c]];
      }
    }
    return sum / static_cast<double>(py_.size());
  }

 private:
  core::Batch<double> z_, p_;
  Eigen::VectorXi labels_;
  Eigen::VectorXd py_;
  double T_ = 1.0;
};

struct Search {
  double u = 0.0;
  int iterations = 0;
  bool converged = false, flat = false;
  double gradient = 0.0;  // the slope at the last pass
};

// Bracketed Newton on u = log T from u0, until a full Newton step is at most `tolerance`.
Search newton(Objective& objective, double u0, double tolerance, int max_iterations) {
  const double u_min = std::log(kMinTemperature), u_max = std::log(kMaxTemperature);
  constexpr double kLargestStep = 2.0;  // a factor e^2 in T at most per step
  double lo = u_min, hi = u_max;
  bool seen_lo = false, seen_hi = false;
  Search s;
  s.u = std::clamp(u0, u_min, u_max);
  for (; s.iterations < max_iterations; ++s.iterations) {
    const TemperatureObjective f = objective.at(std::exp(s.u));
    const double g = f.d_nll_d_log_t, h = f.d2_nll_d_log_t2;
    s.gradient = g;
    if (g == 0.0) {
      s.converged = true;
      s.flat = h <= 0.0;  // every probability saturated (or every example's logits equal): nothing moves T
      break;
    }
    if (g > 0.0) {
      hi = s.u;
      seen_hi = true;
    } else {
      lo = s.u;
      seen_lo = true;
    }
    const double step = h > 0.0 ? std::clamp(-g / h, -kLargestStep, kLargestStep) : (g > 0.0 ? -kLargestStep : kLargestStep);
    if ((s.u <= u_min && step < 0.0) || (s.u >= u_max && step > 0.0)) break;  // the minimum lies beyond a bound
    double next = s.u + step;
    if (seen_lo && seen_hi && !(next > lo && next < hi)) next = 0.5 * (lo + hi);
    next = std::clamp(next, u_min, u_max);
    const bool last = h > 0.0 && std::abs(step) <= tolerance && next == s.u + step;
    s.u = next;
    if (last || (seen_lo && seen_hi && hi - lo <= tolerance * tolerance)) {
      s.converged = true;
      ++s.iterations;
      break;
    }
  }
  return s;
}

}  // namespace

TemperatureObjective temperature_objective(core::BatchCRef<double> logits, const Eigen::VectorXi& labels, double T) {
  check_input(logits, labels);
  if (!(T > 0.0) || !std::isfinite(T)) throw core::ArgumentError("temperature", "a finite number > 0", std::to_string(T));
  Objective objective(logits, labels);
  TemperatureObjective o = objective.at(T);
  o.nll = objective.nll();
  return o;
}

TemperatureFit fit_temperature(core::BatchCRef<double> logits, const Eigen::VectorXi& labels, double tolerance,
                               int max_iterations) {
  check_input(logits, labels);
  constexpr Eigen::Index kStride = 8, kSubsampleFrom = 4096;
  double u0 = 0.0;
  int iterations = 0;
  if (logits.rows() >= kSubsampleFrom) {
    Objective sample(logits, labels, kStride);
    const Search start = newton(sample, 0.0, 0.1, std::min(max_iterations, 10));  // a start, no more
    u0 = start.u;
    iterations += start.iterations;
  }
  Objective objective(logits, labels);
  const Search s = newton(objective, u0, tolerance, max_iterations);
  TemperatureFit fit;
  fit.iterations = iterations + s.iterations;
  fit.converged = s.converged;
  fit.temperature = std::exp(s.u);
  // The last pass was at most `tolerance` away in log T: its NLL differs from the NLL at T by about
  // gradient * tolerance (1e-14 and less), and its logarithms are the only ones taken.
  fit.nll = objective.nll();
  fit.gradient = s.gradient;
  const double u_min = std::log(kMinTemperature), u_max = std::log(kMaxTemperature);
  fit.at_bound = (s.u <= u_min && s.gradient >= 0.0) || (s.u >= u_max && s.gradient <= 0.0) || (s.flat && s.u != 0.0);
  if (fit.at_bound) fit.converged = false;
  return fit;
}

}  // namespace arbiter::ml
