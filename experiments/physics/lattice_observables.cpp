// What a live view draws of the lattice experiment: the lattice, and either the live traces, numbers and
// C(T) point by point (live mode) or the curves of the finished runs against T, one series per size. Every
// model-specific word and T_c comes from physics::LatticeModel.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include "experiments/physics/lattice_experiment.hpp"
#include "physics/onsager.hpp"

namespace arbiter::experiments::physics_lab {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string fixed(double v, int digits = 4) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

std::string capitalised(std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

}  // namespace

Observables LatticeExperiment::observables() const {
  const double t_c = model_->critical_temperature();
  if (endless_ && !runs_.empty()) return live_observables(t_c);

  Observables o;
  if (!runs_.empty()) {
    const LatticeRun& r = *runs_[last_run_];
    Grid g;
    g.id = "lattice";
    g.title = model_->title() + " L = " + std::to_string(r.L) + ", T = " + fixed(r.T, 3);
    g.rows = r.lattice->image_rows();
    g.cols = r.lattice->image_cols();
    r.lattice->image(g.values);
    g.lo = 0.0f;
    g.hi = 1.0f;
    o.grids.push_back(std::move(g));
  }

  struct Col {
    const char* id;
    const char* title;
    physics::Estimate physics::ThermalAverages::*field;
    double physics::ExactLatticeRow::*exact;
  };
  const Col cols[] = {{"e", "Energy per spin", &physics::ThermalAverages::e, &physics::ExactLatticeRow::e_per_spin},
                      {"c", "Specific heat per spin", &physics::ThermalAverages::c, &physics::ExactLatticeRow::c_per_spin},
                      {"abs_m", "<|m|>", &physics::ThermalAverages::abs_m, &physics::ExactLatticeRow::abs_m_per_spin},
                      {"chi", "Susceptibility per spin", &physics::ThermalAverages::chi,
                       &physics::ExactLatticeRow::chi_per_spin},
                      {"binder", "Binder cumulant", &physics::ThermalAverages::binder, &physics::ExactLatticeRow::binder}};
  for (const auto& col : cols) {
    Plot p;
    p.id = col.id;
    p.title = col.title;
    p.x_label = "T";
    p.y_label = col.id;
    if (std::isfinite(t_c)) p.x_markers = {t_c};
    for (const int L : spec_.sizes) {
      Series s;
      s.name = "L = " + std::to_string(L);
      if (spec_.algorithm == "exact") {
        for (std::size_t k = 0; k < exact_rows_.size(); ++k) {
          if (spec_.sizes[k / spec_.temperatures.size()] != L) continue;
          s.x.push_back(exact_rows_[k].T);
          s.y.push_back(exact_rows_[k].*col.exact);
        }
      } else {
        for (const auto& r : runs_) {
          if (r->L != L || !r->finished) continue;
          s.x.push_back(r->T);
          s.y.push_back((r->result.*col.field).value);
          s.y_err.push_back((r->result.*col.field).error);
        }
      }
      p.series.push_back(std::move(s));
    }
    if (model_->onsager_applies() && (p.id == "abs_m" || p.id == "e")) {
      Series ref;
      ref.name = p.id == "abs_m" ? "Yang (L = inf)" : "Onsager (L = inf)";
      for (const double T : spec_.temperatures) {
        ref.x.push_back(T);
        ref.y.push_back(p.id == "abs_m" ? physics::yang_spontaneous_magnetisation(T, model_->J())
                                        : physics::onsager_energy_per_spin(T, model_->J()));
      }
      p.series.push_back(std::move(ref));
    }
    o.plots.push_back(std::move(p));
  }
  std::size_t finished = 0;
  for (const auto& r : runs_) finished += r->finished ? 1 : 0;
  if (spec_.algorithm != "exact")
    o.numbers.emplace_back("runs_finished", "runs finished", static_cast<double>(finished),
                           std::to_string(finished) + " / " + std::to_string(runs_.size()));
  o.numbers.emplace_back("progress", "progress", 100.0 * progress(), fixed(100.0 * progress(), 1) + " %", "%");
  if (std::isfinite(t_c)) o.numbers.emplace_back("t_c", "T_c (infinite lattice)", t_c, fixed(t_c, 4));
  return o;
}

Observables LatticeExperiment::live_observables(double t_c) const {
  Observables o;
  const LatticeRun& r = *runs_.front();
  Grid g;
  g.id = "lattice";
  g.title = model_->title() + " L = " + std::to_string(r.L) + ", T = " + fixed(r.T, 3);
  g.rows = r.lattice->image_rows();
  g.cols = r.lattice->image_cols();
  r.lattice->image(g.values);
  g.lo = 0.0f;
  g.hi = 1.0f;
  o.grids.push_back(std::move(g));

  const std::string order = model_->order_parameter();
  Plot pe{"energy_trace", "Energy per spin", "sweep", "e", {{"e", r.trace_sweep, r.trace_e, {}}}, false, false, {}};
  Plot pm{"magnetisation_trace", order == "magnetisation" ? "Magnetisation per spin" : capitalised(order), "sweep",
          "m", {{"m", r.trace_sweep, r.trace_m, {}}}, false, false, {}};
  o.plots.push_back(std::move(pe));
  o.plots.push_back(std::move(pm));
  o.numbers.emplace_back("temperature", "temperature T", r.T, fixed(r.T, 4));
  if (!r.trace_e.empty()) {
    o.numbers.emplace_back("e_per_spin", "energy per spin", r.trace_e.back(), fixed(r.trace_e.back()));
    o.numbers.emplace_back("m_per_spin", order, r.trace_m.back(), fixed(r.trace_m.back()));
  }
  o.numbers.emplace_back("sweeps", "sweeps", static_cast<double>(r.total_sweeps), std::to_string(r.total_sweeps));
  if (std::isfinite(t_c)) o.numbers.emplace_back("t_c", "T_c", t_c, fixed(t_c, 4));
  o.numbers.emplace_back("measured_sweeps", "measured at this T", static_cast<double>(r.e.size()),
                         std::to_string(r.e.size()));
  // What the model is, for a view's words and scales.
  o.numbers.emplace_back("model", "model", static_cast<double>(model_->states()), model_->title());
  o.numbers.emplace_back("m_min", order + " from", model_->order_parameter_min(),
                         fixed(model_->order_parameter_min(), 0));
  o.numbers.emplace_back("colour_note", "colours", kNaN, model_->colour_note());
  o.plots.push_back(live_heat_capacity(r, t_c));
  return o;
}

Plot LatticeExperiment::live_heat_capacity(const LatticeRun& r, double t_c) const {
  Plot p;
  p.id = "c_of_T";
  p.title = "Specific heat per spin C(T), a point per T visited";
  p.x_label = "T";
  p.y_label = "C per spin";
  if (std::isfinite(t_c)) p.x_markers.push_back(t_c);
  p.x_markers.push_back(r.T);
  Series seen{"L = " + std::to_string(r.L) + ", visited", {}, {}, {}};
  std::vector<const physics::ThermalAverages*> points;
  for (const auto& v : visited_)
    if (v.T != r.T) points.push_back(&v);
  std::sort(points.begin(), points.end(), [](const auto* a, const auto* b) { return a->T < b->T; });
  for (const auto* v : points) {
    seen.x.push_back(v->T);
    seen.y.push_back(v->c.value);
    seen.y_err.push_back(v->c.error);
  }
  p.series.push_back(std::move(seen));
  // The current temperature's running estimate, recomputed when its sample has grown by an eighth.
  if (r.e.size() >= 16 && (live_now_samples_ == 0 || r.e.size() >= live_now_samples_ + live_now_samples_ / 8 + 16 ||
                           r.e.size() < live_now_samples_)) {
    live_now_ = r.recent_averages(spec_.measurement_sweeps);
    live_now_samples_ = r.e.size();
  }
  if (live_now_samples_ > 0 && live_now_.T == r.T)
    p.series.push_back({"now (T = " + fixed(r.T, 3) + ")", {r.T}, {live_now_.c.value}, {live_now_.c.error}});
  else
    p.series.push_back({"now (thermalizing)", {}, {}, {}});
  if (model_->onsager_applies()) {
    Series exact{"Onsager (L = inf)", {}, {}, {}};
    double lo = 1.0, hi = 4.0;
    for (const auto* v : points) {
      lo = std::min(lo, v->T);
      hi = std::max(hi, v->T);
    }
    lo = std::min(lo, r.T);
    hi = std::max(hi, r.T);
    constexpr int kPoints = 240;
    for (int i = 0; i <= kPoints; ++i) {
      const double T = lo + (hi - lo) * i / kPoints;
      if (std::abs(T - t_c) < 1e-3 * t_c) continue;
      exact.x.push_back(T);
      exact.y.push_back(physics::onsager_heat_capacity_per_spin(T, model_->J()));
    }
    p.series.push_back(std::move(exact));
  }
  return p;
}

}  // namespace arbiter::experiments::physics_lab
