// Densities by the change of variables from the standard variable v (normal, uniform or triangular on [-1, 1]);
// the willingness to pay of two random coefficients by the trapezoid rule over the cost's standard variable.
#include "experiments/econ/taste_distribution.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "econ/simulation_draws.hpp"

namespace arbiter::experiments {
namespace {

using econ::Distribution;
constexpr double kTail = 0.001;  // each side of the central range

bool normal_based(Distribution d) {
  return d == Distribution::normal || d == Distribution::lognormal || d == Distribution::neg_lognormal;
}

// The density of the standard variable v and its support.
double standard_density(Distribution d, double v) {
  if (normal_based(d)) return std::exp(-0.5 * v * v) / std::sqrt(2.0 * M_PI);
  if (std::abs(v) > 1.0) return 0.0;
  return d == Distribution::uniform ? 0.5 : 1.0 - std::abs(v);
}
double standard_quantile(Distribution d, double u) {
  if (normal_based(d)) return econ::inverse_normal_cdf(u);
  if (d == Distribution::uniform) return 2.0 * u - 1.0;
  return econ::triangular_quantile(u);
}
double standard_bound(Distribution d) { return normal_based(d) ? 8.0 : 1.0; }

std::string short_number(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", x);
  return buf;
}

}  // namespace

bool TasteDistribution::point_mass() const { return distribution == Distribution::fixed || sd == 0.0; }

double TasteDistribution::density(double b) const {
  if (point_mass()) return 0.0;
  const double s = std::abs(sd);
  double u = b, jacobian = 1.0;
  if (distribution == Distribution::lognormal || distribution == Distribution::neg_lognormal) {
    const double magnitude = distribution == Distribution::lognormal ? b : -b;
    if (!(magnitude > 0.0)) return 0.0;
    u = std::log(magnitude);
    jacobian = 1.0 / magnitude;
  }
  return standard_density(distribution, (u - mean) / s) / s * jacobian;
}

double TasteDistribution::population_mean() const {
  const double s = std::abs(sd);
  if (distribution == Distribution::lognormal) return std::exp(mean + 0.5 * s * s);
  if (distribution == Distribution::neg_lognormal) return -std::exp(mean + 0.5 * s * s);
  return mean;
}

double TasteDistribution::population_sd() const {
  const double s = std::abs(sd);
  switch (distribution) {
    case Distribution::fixed: return 0.0;
    case Distribution::normal: return s;
    case Distribution::lognormal:
    case Distribution::neg_lognormal: return std::sqrt(std::expm1(s * s)) * std::exp(mean + 0.5 * s * s);
    case Distribution::uniform: return s / std::sqrt(3.0);
    case Distribution::triangular: return s / std::sqrt(6.0);
  }
  return 0.0;
}

double TasteDistribution::share_positive() const {
  if (distribution == Distribution::lognormal) return 1.0;
  if (distribution == Distribution::neg_lognormal) return 0.0;
  if (point_mass()) return mean > 0.0 ? 1.0 : 0.0;
  const double x = -mean / std::abs(sd);  // b > 0 when v > x
  if (distribution == Distribution::normal) return 0.5 * std::erfc(x / std::sqrt(2.0));
  if (x <= -1.0) return 1.0;
  if (x >= 1.0) return 0.0;
  if (distribution == Distribution::uniform) return (1.0 - x) / 2.0;
  return x < 0.0 ? 1.0 - 0.5 * (1.0 + x) * (1.0 + x) : 0.5 * (1.0 - x) * (1.0 - x);
}

std::pair<double, double> TasteDistribution::central_range() const {
  if (point_mass()) return {population_mean(), population_mean()};
  double a = mean + std::abs(sd) * standard_quantile(distribution, kTail);
  double b = mean + std::abs(sd) * standard_quantile(distribution, 1.0 - kTail);
  econ::to_coefficient(distribution, a);
  econ::to_coefficient(distribution, b);
  return {std::min(a, b), std::max(a, b)};
}

double wtp_density(const TasteDistribution& attribute, const TasteDistribution& cost, double w) {
  if (cost.point_mass()) {
    const double c = cost.population_mean();
    return c == 0.0 ? 0.0 : attribute.density(-w * c) * std::abs(c);
  }
  if (attribute.point_mass()) {
    const double a = attribute.population_mean();
    if (a == 0.0 || w == 0.0) return 0.0;
    return cost.density(-a / w) * std::abs(a) / (w * w);
  }
  // f_W(w) = E_v[f_A(-w c(v)) |c(v)|], c(v) = T(mean + sd v), by the trapezoid rule over v.
  constexpr int kPoints = 801;
  const double bound = standard_bound(cost.distribution), h = 2.0 * bound / (kPoints - 1);
  double sum = 0.0;
  for (int i = 0; i < kPoints; ++i) {
    const double v = -bound + h * i;
    double c = cost.mean + std::abs(cost.sd) * v;
    econ::to_coefficient(cost.distribution, c);
    const double term = standard_density(cost.distribution, v) * attribute.density(-w * c) * std::abs(c);
    sum += (i == 0 || i == kPoints - 1) ? 0.5 * term : term;
  }
  return sum * h;
}

std::optional<std::pair<double, double>> wtp_central_range(const TasteDistribution& attribute,
                                                           const TasteDistribution& cost) {
  const auto [c_lo, c_hi] = cost.central_range();
  if (c_lo <= 0.0 && c_hi >= 0.0) return std::nullopt;
  const auto [a_lo, a_hi] = attribute.central_range();
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (double a : {a_lo, a_hi})
    for (double c : {c_lo, c_hi}) {
      lo = std::min(lo, -a / c);
      hi = std::max(hi, -a / c);
    }
  return std::pair{lo, hi};
}

Histogram histogram(const std::vector<double>& values, double lo, double hi, int bins) {
  Histogram h;
  bins = std::max(bins, 1);
  h.lo = lo;
  h.width = hi > lo ? (hi - lo) / bins : 1.0;
  h.counts.assign(static_cast<std::size_t>(bins), 0.0);
  for (double x : values) {
    if (!std::isfinite(x)) continue;
    const double k = std::floor((x - lo) / h.width);
    h.counts[static_cast<std::size_t>(std::clamp(k, 0.0, static_cast<double>(bins - 1)))] += 1.0;
  }
  return h;
}

TasteView taste_view(const std::string& id, const std::string& title, const std::string& x_label,
                     const std::vector<double>& people, const std::function<double(double)>& density,
                     std::optional<std::pair<double, double>> range, const std::string& density_name) {
  constexpr int kBins = 30, kGrid = 241;
  double p_lo = std::numeric_limits<double>::infinity(), p_hi = -p_lo, n = 0.0;
  for (double x : people)
    if (std::isfinite(x)) {
      p_lo = std::min(p_lo, x);
      p_hi = std::max(p_hi, x);
      n += 1.0;
    }
  double lo = p_lo, hi = p_hi;
  if (range) {
    lo = std::min(lo, range->first);
    hi = std::max(hi, range->second);
  } else if (n > 0.0) {
    // No population range (a cost that may be 0: a heavy-tailed ratio): the people's central 90% and half as
    // much again each side; the few beyond are counted in the end bins.
    std::vector<double> sorted;
    for (double x : people)
      if (std::isfinite(x)) sorted.push_back(x);
    std::sort(sorted.begin(), sorted.end());
    const auto at = [&](double q) { return sorted[static_cast<std::size_t>(q * static_cast<double>(sorted.size() - 1))]; };
    const double q_lo = at(0.05), q_hi = at(0.95), pad = 0.5 * (q_hi - q_lo);
    lo = std::max(p_lo, q_lo - pad);
    hi = std::min(p_hi, q_hi + pad);
  }
  if (!std::isfinite(lo) || !std::isfinite(hi)) lo = hi = 0.0;
  if (!(hi > lo)) {
    const double pad = std::max(0.5, 0.1 * std::abs(lo));
    lo -= pad;
    hi += pad;
  }

  TasteView view;
  view.plot = Plot{id, title, x_label, "density (per unit on the x axis)", {}, false, false, {}};
  if (density) {
    Series s{density_name, {}, {}, {}};
    for (int i = 0; i < kGrid; ++i) {
      const double x = lo + (hi - lo) * i / (kGrid - 1);
      s.x.push_back(x);
      s.y.push_back(density(x));
    }
    view.plot.series.push_back(std::move(s));
  }
  const Histogram h = histogram(people, lo, hi, kBins);
  double beyond = 0.0;
  for (double x : people) beyond += std::isfinite(x) && (x < lo || x > hi) ? 1.0 : 0.0;
  if (beyond > 0.0) view.plot.title += " (" + short_number(beyond) + " beyond the axis, in the end bins)";
  Series steps{"people's conditional means", {lo}, {0.0}, {}};
  view.counts = Bars{id + ".counts", title + ": people per bin", {}, {{"people", h.counts}}, 0.0};
  for (int k = 0; k < kBins; ++k) {
    const double a = lo + h.width * k, b = a + h.width;
    const double y = n > 0.0 ? h.counts[static_cast<std::size_t>(k)] / (n * h.width) : 0.0;
    steps.x.insert(steps.x.end(), {a, b});
    steps.y.insert(steps.y.end(), {y, y});
    view.counts.labels.push_back(short_number(0.5 * (a + b)));
  }
  steps.x.push_back(hi);
  steps.y.push_back(0.0);
  view.plot.series.push_back(std::move(steps));
  return view;
}

}  // namespace arbiter::experiments
