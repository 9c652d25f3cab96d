#include "physics/thermal_averages.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>
#include "physics/autocorrelation.hpp"

namespace arbiter::physics {
namespace {

// Per-bin sums of the moments the columns need. e and |m| are shifted by their means, which leaves the
// variances unchanged and avoids cancellation in <x^2> - <x>^2.
enum Moment { kE, kE2, kAbsM, kAbsM2, kM2, kM4, kMoments };
using Moments = std::array<double, kMoments>;

struct Columns {
  double e, c, abs_m, chi, binder;
};

Columns columns(const Moments& mom, double e_shift, double m_shift, int sites, double T) {
  Columns out{};
  out.e = mom[kE] + e_shift;
  out.c = sites * (mom[kE2] - mom[kE] * mom[kE]) / (T * T);
  out.abs_m = mom[kAbsM] + m_shift;
  out.chi = sites * (mom[kAbsM2] - mom[kAbsM] * mom[kAbsM]) / T;
  out.binder = mom[kM2] > 0.0 ? 1.0 - mom[kM4] / (3.0 * mom[kM2] * mom[kM2]) : 0.0;
  return out;
}

}  // namespace

ThermalAverages thermal_averages(const std::vector<double>& e, const std::vector<double>& m, int sites, double T) {
  if (e.size() != m.size()) throw std::invalid_argument("thermal_averages: series of different lengths");
  if (e.size() < 16) throw std::invalid_argument("thermal_averages: need at least 16 samples");
  const std::size_t n = e.size();
  std::vector<double> abs_m(n);
  for (std::size_t i = 0; i < n; ++i) abs_m[i] = std::abs(m[i]);

  ThermalAverages out;
  out.T = T;
  out.samples = n;
  const auto te = integrated_autocorrelation_time(e);
  const auto tm = integrated_autocorrelation_time(abs_m);
  out.tau_e = te.tau_int;
  out.tau_abs_m = tm.tau_int;
  out.tau_int = std::max(te.tau_int, tm.tau_int);
  out.tau_reliable = te.reliable && tm.reliable;

  const double bin_target = std::ceil(10.0 * out.tau_int);
  const auto bins = static_cast<std::size_t>(
      std::clamp(static_cast<double>(n) / bin_target, 16.0, 64.0));
  const std::size_t len = n / bins;
  const std::size_t start = n - bins * len;  // drop the oldest few samples so every bin has len
  out.bins = static_cast<int>(bins);

  double e_shift = 0.0, m_shift = 0.0;
  for (std::size_t i = start; i < n; ++i) {
    e_shift += e[i];
    m_shift += abs_m[i];
  }
  e_shift /= static_cast<double>(n - start);
  m_shift /= static_cast<double>(n - start);

  std::vector<Moments> bin_means(bins, Moments{});
  Moments total{};
  for (std::size_t b = 0; b < bins; ++b) {
    Moments& s = bin_means[b];
    for (std::size_t i = start + b * len; i < start + (b + 1) * len; ++i) {
      const double de = e[i] - e_shift, dm = abs_m[i] - m_shift, m2 = m[i] * m[i];
      s[kE] += de;
      s[kE2] += de * de;
      s[kAbsM] += dm;
      s[kAbsM2] += dm * dm;
      s[kM2] += m2;
      s[kM4] += m2 * m2;
    }
    for (int k = 0; k < kMoments; ++k) {
      total[static_cast<std::size_t>(k)] += s[static_cast<std::size_t>(k)];
      s[static_cast<std::size_t>(k)] /= static_cast<double>(len);
    }
  }
  Moments full{};
  for (int k = 0; k < kMoments; ++k)
    full[static_cast<std::size_t>(k)] = total[static_cast<std::size_t>(k)] / static_cast<double>(bins * len);
  const Columns value = columns(full, e_shift, m_shift, sites, T);

  // Jackknife: the columns with one bin left out, and their spread.
  std::vector<Columns> jack(bins);
  Columns avg{};
  for (std::size_t b = 0; b < bins; ++b) {
    Moments loo{};
    for (int k = 0; k < kMoments; ++k) {
      const auto kk = static_cast<std::size_t>(k);
      loo[kk] = (full[kk] * static_cast<double>(bins) - bin_means[b][kk]) / static_cast<double>(bins - 1);
    }
    jack[b] = columns(loo, e_shift, m_shift, sites, T);
    avg.e += jack[b].e;
    avg.c += jack[b].c;
    avg.abs_m += jack[b].abs_m;
    avg.chi += jack[b].chi;
    avg.binder += jack[b].binder;
  }
  const double B = static_cast<double>(bins);
  avg = {avg.e / B, avg.c / B, avg.abs_m / B, avg.chi / B, avg.binder / B};
  Columns var{};
  for (const auto& j : jack) {
    var.e += (j.e - avg.e) * (j.e - avg.e);
    var.c += (j.c - avg.c) * (j.c - avg.c);
    var.abs_m += (j.abs_m - avg.abs_m) * (j.abs_m - avg.abs_m);
    var.chi += (j.chi - avg.chi) * (j.chi - avg.chi);
    var.binder += (j.binder - avg.binder) * (j.binder - avg.binder);
  }
  // Bins of a few tau_int miss the correlations across their edges: each column's jackknife variance is
  // scaled by the binning bias correction of its linearised (influence) series, e.g. (e - <e>)^2 for c.
  const std::size_t used = bins * len;
  std::vector<double> influence(used);
  auto correction = [&](auto&& at) {
    for (std::size_t i = 0; i < used; ++i) influence[i] = at(start + i);
    return binning_bias_correction(influence, len, bins);
  };
  const double m4_over_m2 = full[kM2] > 0.0 ? full[kM4] / full[kM2] : 0.0;
  const double k_e = correction([&](std::size_t i) { return e[i]; });
  const double k_c = correction([&](std::size_t i) { return (e[i] - e_shift) * (e[i] - e_shift); });
  const double k_abs_m = correction([&](std::size_t i) { return abs_m[i]; });
  const double k_chi = correction([&](std::size_t i) { return (abs_m[i] - m_shift) * (abs_m[i] - m_shift); });
  const double k_binder = correction([&](std::size_t i) {
    const double m2 = m[i] * m[i];
    return 2.0 * m4_over_m2 * m2 - m2 * m2;
  });
  const double f = (B - 1.0) / B;
  out.e = {value.e, std::sqrt(f * k_e * var.e)};
  out.c = {value.c, std::sqrt(f * k_c * var.c)};
  out.abs_m = {value.abs_m, std::sqrt(f * k_abs_m * var.abs_m)};
  out.chi = {value.chi, std::sqrt(f * k_chi * var.chi)};
  out.binder = {value.binder, std::sqrt(f * k_binder * var.binder)};
  return out;
}

}  // namespace arbiter::physics
