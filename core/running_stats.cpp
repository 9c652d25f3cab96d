#include "core/running_stats.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace arbiter::core {

void RunningStats::add(double x) {
  ++n_;
  if (n_ == 1) {
    min_ = max_ = x;
  } else {
    min_ = std::min(min_, x);
    max_ = std::max(max_, x);
  }
  const double delta = x - mean_;
  mean_ += delta / static_cast<double>(n_);
  m2_ += delta * (x - mean_);
}

RunningStats RunningStats::of(const double* x, std::int64_t n) {
  RunningStats s;
  if (n <= 0) return s;
  double sum[4] = {0.0, 0.0, 0.0, 0.0}, lo[4], hi[4];
  std::fill(lo, lo + 4, x[0]);
  std::fill(hi, hi + 4, x[0]);
  std::int64_t i = 0;
  for (; i + 4 <= n; i += 4)
    for (int l = 0; l < 4; ++l) {
      sum[l] += x[i + l];
      lo[l] = std::min(lo[l], x[i + l]);
      hi[l] = std::max(hi[l], x[i + l]);
    }
  for (int l = 0; i + l < n; ++l) {
    sum[l] += x[i + l];
    lo[l] = std::min(lo[l], x[i + l]);
    hi[l] = std::max(hi[l], x[i + l]);
  }
  s.n_ = n;
  s.mean_ = ((sum[0] + sum[1]) + (sum[2] + sum[3])) / static_cast<double>(n);
  s.min_ = std::min(std::min(lo[0], lo[1]), std::min(lo[2], lo[3]));
  s.max_ = std::max(std::max(hi[0], hi[1]), std::max(hi[2], hi[3]));
  double m2[4] = {0.0, 0.0, 0.0, 0.0};
  for (i = 0; i + 4 <= n; i += 4)
    for (int l = 0; l < 4; ++l) {
      const double d = x[i + l] - s.mean_;
      m2[l] += d * d;
    }
  for (int l = 0; i + l < n; ++l) {
    const double d = x[i + l] - s.mean_;
    m2[l] += d * d;
  }
  s.m2_ = (m2[0] + m2[1]) + (m2[2] + m2[3]);
  return s;
}

void RunningStats::merge(const RunningStats& other) {
  if (other.n_ == 0) return;
  if (n_ == 0) {
    *this = other;
    return;
  }
  const double n = static_cast<double>(n_ + other.n_);
  const double delta = other.mean_ - mean_;
  mean_ += delta * static_cast<double>(other.n_) / n;
  m2_ += other.m2_ + delta * delta * static_cast<double>(n_) * static_cast<double>(other.n_) / n;
  n_ += other.n_;
  min_ = std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
}

double RunningStats::variance() const { return n_ < 2 ? 0.0 : m2_ / static_cast<double>(n_ - 1); }
double RunningStats::stddev() const { return std::sqrt(variance()); }
double RunningStats::standard_error() const { return n_ < 1 ? 0.0 : stddev() / std::sqrt(static_cast<double>(n_)); }

double student_t_975(double df) {
  if (!(df >= 1.0)) throw std::invalid_argument("student_t_975: degrees of freedom must be >= 1");
  // Exact values for small df; beyond 30 the Cornish-Fisher expansion in 1/df (error < 1e-6).
  static const double table[] = {12.706204736174698, 4.302652729749464, 3.182446305284263, 2.776445105197793,
                                 2.570581835636314,  2.446911851144969, 2.364624251592785, 2.306004135204166,
                                 2.262157162798205,  2.228138851986274, 2.200985160091640, 2.178812829667228,
                                 2.160368656462793,  2.144786687916926, 2.131449545559774, 2.119905299221255,
                                 2.109815577833317,  2.100922040241038, 2.093024054408309, 2.085963447265837,
                                 2.079613844727681,  2.073873067904017, 2.068657610419045, 2.063898561628021,
                                 2.059538552753294,  2.055529438642871, 2.051830516480284, 2.048407141795244,
                                 2.045229642132703,  2.042272456301238};
  if (df == std::floor(df) && df <= 30.0) return table[static_cast<int>(df) - 1];
  const double z = 1.959963984540054;
  const double z3 = z * z * z, z5 = z3 * z * z, z7 = z5 * z * z, z9 = z7 * z * z;
  const double g1 = (z3 + z) / 4.0;
  const double g2 = (5 * z5 + 16 * z3 + 3 * z) / 96.0;
  const double g3 = (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / 384.0;
  const double g4 = (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / 92160.0;
  if (df == std::numeric_limits<double>::infinity()) return z;
  return z + g1 / df + g2 / (df * df) + g3 / (df * df * df) + g4 / (df * df * df * df);
}

ConfidenceInterval confidence_interval_95(const RunningStats& s) {
  if (s.count() < 2) return {s.mean(), 0.0};
  return {s.mean(), student_t_975(static_cast<double>(s.count() - 1)) * s.standard_error()};
}

ConfidenceInterval confidence_interval_95(const std::vector<double>& xs) {
  RunningStats s;
  for (double x : xs) s.add(x);
  return confidence_interval_95(s);
}

}  // namespace arbiter::core
