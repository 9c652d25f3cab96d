// Summary statistics shared by every module: a running mean and variance (Welford's algorithm, mergeable in
// a fixed order so results do not depend on threads) and 95% confidence intervals from Student's t.
#pragma once
#include <cstdint>
#include <vector>

namespace arbiter::core {

class RunningStats {
 public:
  void add(double x);
  void merge(const RunningStats& other);  // Chan et al.'s parallel update
  // The statistics of n values at once (n >= 0): the mean from a sum, then M2 from a second pass, each in
  // four interleaved partial sums. Equal to n add() calls up to rounding, and much faster for short arrays
  // (no division per value, no serial dependence); always the same numbers for the same values.
  static RunningStats of(const double* x, std::int64_t n);
  std::int64_t count() const { return n_; }
  double mean() const { return mean_; }
  double variance() const;   // sample variance (n - 1); 0 for n < 2
  double stddev() const;
  double standard_error() const;  // stddev / sqrt(n)
  double min() const { return min_; }
  double max() const { return max_; }

 private:
  std::int64_t n_ = 0;
  double mean_ = 0.0, m2_ = 0.0;
  double min_ = 0.0, max_ = 0.0;
};

struct ConfidenceInterval {
  double mean, half_width;
  double lo() const { return mean - half_width; }
  double hi() const { return mean + half_width; }
};

// Two-sided 97.5% quantile of Student's t with df degrees of freedom (df >= 1; +inf df gives 1.959964).
double student_t_975(double df);
// Mean +/- t_{0.975, n-1} * s / sqrt(n); half-width 0 when n < 2.
ConfidenceInterval confidence_interval_95(const RunningStats& s);
ConfidenceInterval confidence_interval_95(const std::vector<double>& xs);

}  // namespace arbiter::core
