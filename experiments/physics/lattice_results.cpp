// The lattice experiment's results: results.csv (one row per finished (L, T); exact rows with zero errors
// and tau_int), the headline figures in summary.json (specific-heat peaks, Binder crossings, and for the 2D
// Ising ferromagnet at h = 0 Yang's magnetisation and Kaufman's exact torus against the Monte Carlo rows)
// and the printed report.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include "core/table.hpp"
#include "experiments/physics/lattice_experiment.hpp"
#include "physics/kaufman_torus.hpp"
#include "physics/onsager.hpp"

namespace arbiter::experiments::physics_lab {

using json = nlohmann::json;

namespace {

struct Point {
  int L;
  physics::ThermalAverages a;
};

// An exact row leaves a quantity its method does not give (NaN: |m|, chi, Binder from the partition function
// alone) as an empty cell; a Monte Carlo row writes every value, and the runner refuses one that is not finite.
void append_row(Results& res, int L, const physics::ThermalAverages& a, bool exact) {
  const auto cell = [exact](double v) -> core::Cell {
    if (exact && std::isnan(v)) return std::string();
    return v;
  };
  res.results.add_row({std::int64_t{L}, cell(a.T), cell(a.e.value), cell(a.e.error), cell(a.c.value),
                       cell(a.c.error), cell(a.abs_m.value), cell(a.abs_m.error), cell(a.chi.value),
                       cell(a.chi.error), cell(a.binder.value), cell(a.binder.error), cell(a.tau_int)});
}

std::string report_of(const core::Table& table) {
  std::string report = "L      T       e_per_spin          |m|                 c                   binder        tau\n";
  for (const auto& row : table.rows()) {
    char line[256];
    auto d = [&](std::size_t i) {
      const double* v = std::get_if<double>(&row[i]);
      return v ? *v : std::nan("");
    };
    std::snprintf(line, sizeof line, "%-6lld %-7.4f %8.5f +- %-8.5f %7.5f +- %-8.5f %7.4f +- %-8.4f %6.4f +- %-6.4f %.1f\n",
                  static_cast<long long>(std::get<std::int64_t>(row[0])), d(1), d(2), d(3), d(6), d(7), d(4), d(5),
                  d(10), d(11), d(12));
    report += line;
  }
  return report;
}

}  // namespace

Results LatticeExperiment::finish() {
  Results res;
  res.results = core::Table(lattice_result_columns());
  json summary = json::object();
  summary["model"] = model_->name();
  summary["algorithm"] = spec_.algorithm;

  // Every finished (size, temperature) row, exact ones with zero errors and tau_int.
  std::vector<Point> points;
  if (spec_.algorithm == "exact") {
    const std::size_t nT = spec_.temperatures.size();
    for (std::size_t k = 0; k < exact_rows_.size(); ++k) {
      const auto& row = exact_rows_[k];
      physics::ThermalAverages a;
      a.T = row.T;
      a.e = {row.e_per_spin, 0.0};
      a.c = {row.c_per_spin, 0.0};
      a.abs_m = {row.abs_m_per_spin, 0.0};
      a.chi = {row.chi_per_spin, 0.0};
      a.binder = {row.binder, 0.0};
      a.tau_int = 0.0;
      points.push_back({spec_.sizes[k / nT], a});
    }
  }
  for (auto& rp : runs_) {
    const LatticeRun& r = *rp;
    if (endless_ && r.e.size() >= 16) points.push_back({r.L, r.recent_averages(spec_.measurement_sweeps)});
    else if (r.finished) points.push_back({r.L, r.result});
  }
  for (const Point& p : points) append_row(res, p.L, p.a, spec_.algorithm == "exact");

  // Headline figures: the specific-heat peak per size, Binder crossings of consecutive sizes, Yang, and for
  // the 2D Ising model at h = 0 the Monte Carlo rows against Kaufman's exact finite torus.
  json peaks = json::array(), crossings = json::array(), yang = json::array(), exact = json::array();
  auto of_size = [&](int L) {
    std::vector<const physics::ThermalAverages*> v;
    for (const Point& p : points)
      if (p.L == L) v.push_back(&p.a);
    std::sort(v.begin(), v.end(), [](const auto* a, const auto* b) { return a->T < b->T; });
    return v;
  };
  for (const int L : spec_.sizes) {
    const auto v = of_size(L);
    if (v.empty()) continue;
    const auto* best = *std::max_element(v.begin(), v.end(), [](const auto* a, const auto* b) { return a->c.value < b->c.value; });
    double tau_max = 0.0;
    for (const auto* a : v) tau_max = std::max(tau_max, a->tau_int);
    peaks.push_back({{"L", L}, {"T", best->T}, {"c_per_spin", best->c.value}, {"c_err", best->c.error},
                     {"max_tau_int", tau_max}});
  }
  for (std::size_t a = 0; a + 1 < spec_.sizes.size(); ++a) {
    const auto v1 = of_size(spec_.sizes[a]);
    const auto v2 = of_size(spec_.sizes[a + 1]);
    if (v1.size() != v2.size() || v1.size() < 2) continue;
    for (std::size_t k = 0; k + 1 < v1.size(); ++k) {
      const double d0 = v1[k]->binder.value - v2[k]->binder.value;
      const double d1 = v1[k + 1]->binder.value - v2[k + 1]->binder.value;
      if (std::isfinite(d0) && std::isfinite(d1) && (d0 < 0.0) != (d1 < 0.0) && d0 != d1) {
        const double t = v1[k]->T + (v1[k + 1]->T - v1[k]->T) * d0 / (d0 - d1);
        crossings.push_back({{"L1", spec_.sizes[a]}, {"L2", spec_.sizes[a + 1]}, {"T", t}});
      }
    }
  }
  if (model_->onsager_applies()) {
    const double J = model_->J();
    summary["T_c_onsager"] = physics::onsager_critical_temperature(J);
    for (const Point& p : points) {
      const double y = physics::yang_spontaneous_magnetisation(p.a.T, J);
      if (!(y > 0.0) || !std::isfinite(p.a.abs_m.value)) continue;
      yang.push_back({{"L", p.L}, {"T", p.a.T}, {"abs_m", p.a.abs_m.value}, {"abs_m_err", p.a.abs_m.error},
                      {"yang", y}, {"relative_deviation", p.a.abs_m.value / y - 1.0}});
    }
    summary["yang"] = yang;
    if (spec_.algorithm != "exact") {
      // (mc - exact) / error bar for e and c: the Monte Carlo error bars at work on lattices of any size.
      auto deviation = [](const physics::Estimate& mc, double x) -> json {
        if (!(mc.error > 0.0)) return nullptr;
        return (mc.value - x) / mc.error;
      };
      for (const Point& p : points) {
        const auto k = physics::kaufman_torus_row(p.L, J, p.a.T);
        exact.push_back({{"L", p.L}, {"T", p.a.T}, {"e_exact", k.e_per_spin}, {"c_exact", k.c_per_spin},
                         {"e_deviation_in_errors", deviation(p.a.e, k.e_per_spin)},
                         {"c_deviation_in_errors", deviation(p.a.c, k.c_per_spin)}});
      }
      summary["kaufman_exact"] = exact;
    }
  }
  summary["c_peaks"] = peaks;
  summary["binder_crossings"] = crossings;
  res.summary = summary;
  res.report = report_of(res.results);
  return res;
}

}  // namespace arbiter::experiments::physics_lab
