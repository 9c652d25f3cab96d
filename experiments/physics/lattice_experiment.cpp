// The lattice Monte Carlo experiment: runs per (size, temperature), stepped in slices, averaged with the
// jackknife / tau_int error analysis of physics/thermal_averages.hpp.
#include "experiments/physics/lattice_experiment.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include "core/config_error.hpp"
#include "core/config_schema.hpp"
#include "core/parallel_for.hpp"
#include "core/random_stream.hpp"
#include "core/table.hpp"
#include "physics/ising_chain_exact.hpp"
#include "physics/ising_exact.hpp"
#include "physics/ising_lattice.hpp"
#include "physics/kaufman_torus.hpp"
#include "physics/onsager.hpp"
#include "physics/potts_exact.hpp"
#include "physics/potts_lattice.hpp"
#include "physics/transfer_matrix.hpp"

namespace arbiter::experiments::physics_lab {

using json = nlohmann::json;
using core::ConfigError;
using core::short_json;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Spin updates per run per step: about 10 ms of work per run (live mode: about 0.3 ms, a few sweeps).
constexpr std::int64_t kUpdatesPerSlice = std::int64_t{1} << 21;
constexpr std::int64_t kLiveUpdatesPerSlice = std::int64_t{1} << 16;
constexpr std::size_t kTraceLength = 2000;

// The exact method's size limit for a model, or 0 when there is none that fits.
bool exact_feasible(const LatticeSpec& s, int L) {
  if (s.model == "potts") return physics::potts_enumeration_feasible(s.q, L);
  if (s.dimensions == 1) return true;
  return L <= physics::kMaxTransferMatrixL || physics::kaufman_applies(L, s.J, s.h);
}

std::string fixed(double v, int digits = 4) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

}  // namespace

LatticeSpec read_lattice_spec(const json& cfg, const std::string& model) {
  LatticeSpec s;
  s.model = model;
  if (model == "potts") {
    s.q = cfg.at("q").get<int>();
  } else {
    s.dimensions = cfg.at("dimensions").get<int>();
  }
  s.J = cfg.at("J").get<double>();
  s.h = cfg.at("h").get<double>();
  s.temperatures = core::read_grid(cfg.at("temperatures"), "/temperatures");
  s.algorithm = cfg.at("algorithm").get<std::string>();
  s.thermalization_sweeps = cfg.at("thermalization_sweeps").get<std::int64_t>();
  s.measurement_sweeps = cfg.at("measurement_sweeps").get<std::int64_t>();
  s.live = cfg.at("live").get<bool>();
  s.sizes = cfg.at("sizes").get<std::vector<int>>();
  if (s.sizes.empty()) s.sizes = {cfg.at("L").get<int>()};

  for (std::size_t i = 0; i < s.temperatures.size(); ++i)
    if (!(s.temperatures[i] > 0.0) || !std::isfinite(s.temperatures[i]))
      throw ConfigError("", "/temperatures/" + std::to_string(i), "a temperature > 0",
                        short_json(s.temperatures[i]));
  if (s.algorithm == "wolff") {
    if (s.h != 0.0) throw ConfigError("", "/h", "0 with the wolff algorithm (use metropolis or heat_bath in a field)",
                                      short_json(s.h));
    if (model == "potts" ? !(s.J > 0.0) : s.J == 0.0)
      throw ConfigError("", "/J", model == "potts" ? "J > 0 with the wolff algorithm" : "J != 0 with the wolff algorithm",
                        short_json(s.J));
  }
  if (s.live) {
    if (s.algorithm == "exact") throw ConfigError("", "/algorithm", "a Monte Carlo algorithm in live mode", "\"exact\"");
    if (s.temperatures.size() != 1)
      throw ConfigError("", "/temperatures", "exactly one temperature in live mode",
                        std::to_string(s.temperatures.size()) + " temperatures");
    if (s.sizes.size() != 1)
      throw ConfigError("", "/sizes", "at most one size in live mode", std::to_string(s.sizes.size()) + " sizes");
  }
  const std::string size_path = cfg.at("sizes").empty() ? "/L" : "/sizes";
  for (std::size_t i = 0; i < s.sizes.size(); ++i) {
    const int L = s.sizes[i];
    const std::string path = size_path == "/L" ? size_path : size_path + "/" + std::to_string(i);
    if (L < 2) throw ConfigError("", path, "an integer >= 2", std::to_string(L));
    if (s.algorithm == "exact" && !exact_feasible(s, L)) {
      const std::string limit =
          model == "potts" ? "q^(L^2) <= 3^16 for the exact enumeration"
                           : "L <= " + std::to_string(physics::kMaxTransferMatrixL) +
                                 " for the exact method in a field (any L at h = 0; an even L if J < 0)";
      throw ConfigError("", path, limit, std::to_string(L));
    }
  }
  return s;
}

const std::vector<std::string>& lattice_result_columns() {
  static const std::vector<std::string> cols{"L",      "T",        "e_per_spin", "e_err",   "c_per_spin",
                                             "c_err",  "abs_m_per_spin", "abs_m_err", "chi_per_spin",
                                             "chi_err", "binder",  "binder_err", "tau_int"};
  return cols;
}

struct LatticeExperiment::Run {
  int L = 0;
  double T = 0.0;
  std::unique_ptr<physics::SpinLattice> lattice;
  core::RandomStream rng{0};
  std::int64_t sweeps = 0;        // since the (re)start of the statistics
  std::int64_t total_sweeps = 0;  // since construction
  std::vector<double> e, m;
  bool finished = false;
  physics::ThermalAverages result;
  std::vector<double> trace_sweep, trace_e, trace_m;  // live mode
};

LatticeExperiment::LatticeExperiment(LatticeSpec spec, const RunContext& ctx) : spec_(std::move(spec)), ctx_(ctx) {
  if (spec_.algorithm == "exact") {
    exact_sizes_ = spec_.sizes;
    return;
  }
  std::size_t index = 0;
  for (const int L : spec_.sizes) {
    for (const double T : spec_.temperatures) {
      auto run = std::make_unique<Run>();
      run->L = L;
      run->T = T;
      run->rng = core::RandomStream(ctx_.seed, index++);
      run->lattice = make_lattice(L, T);
      runs_.push_back(std::move(run));
    }
  }
}

LatticeExperiment::~LatticeExperiment() = default;

std::unique_ptr<physics::SpinLattice> LatticeExperiment::make_lattice(int L, double T) const {
  const auto sampler = physics::parse_sampler(spec_.algorithm);
  if (spec_.model == "potts") return std::make_unique<physics::PottsLattice>(spec_.q, L, spec_.J, spec_.h, T, sampler);
  return std::make_unique<physics::IsingLattice>(L, spec_.J, spec_.h, T, sampler, spec_.dimensions);
}

void LatticeExperiment::step_exact() {
  if (exact_next_size_ >= exact_sizes_.size()) return;
  const int L = exact_sizes_[exact_next_size_];
  const auto& Ts = spec_.temperatures;
  if (spec_.model == "potts") {
    const physics::PottsDensityOfStates dos(spec_.q, L);
    for (const double T : Ts) exact_rows_.push_back(dos.row(spec_.J, spec_.h, T));
  } else if (spec_.dimensions == 1) {
    for (const double T : Ts) exact_rows_.push_back(physics::ising_chain_row(L, spec_.J, spec_.h, T));
  } else if (L <= physics::kMaxEnumeratedIsingL) {
    const physics::IsingDensityOfStates dos(L);
    for (const double T : Ts) exact_rows_.push_back(dos.row(spec_.J, spec_.h, T));
  } else if (physics::kaufman_applies(L, spec_.J, spec_.h)) {
    for (const double T : Ts) exact_rows_.push_back(physics::kaufman_torus_row(L, spec_.J, T));
  } else {
    for (const double T : Ts) exact_rows_.push_back(physics::ising_transfer_matrix_row(L, L, spec_.J, spec_.h, T));
  }
  ++exact_next_size_;
}

void LatticeExperiment::step() {
  if (done()) return;
  if (spec_.algorithm == "exact") {
    step_exact();
    return;
  }
  const std::int64_t target = spec_.thermalization_sweeps + spec_.measurement_sweeps;
  // The next up-to-`threads` unfinished runs, round-robin, each advanced by a bounded number of sweeps.
  const int threads = ctx_.threads > 0 ? ctx_.threads : core::default_thread_count();
  std::vector<Run*> batch;
  for (std::size_t k = 0; k < runs_.size() && static_cast<int>(batch.size()) < std::max(1, threads); ++k) {
    const std::size_t i = (cursor_ + k) % runs_.size();
    if (!runs_[i]->finished) {
      batch.push_back(runs_[i].get());
      last_run_ = i;
    }
  }
  cursor_ = (last_run_ + 1) % runs_.size();
  const bool live = spec_.live;
  const std::int64_t meas = spec_.measurement_sweeps;
  const std::int64_t therm = spec_.thermalization_sweeps;
  core::parallel_for(batch.size(), threads, [&](std::size_t b) {
    Run& r = *batch[b];
    const int n = r.lattice->sites();
    const std::int64_t chunk = std::max<std::int64_t>(1, (live ? kLiveUpdatesPerSlice : kUpdatesPerSlice) / n);
    for (std::int64_t k = 0; k < chunk && (live || r.sweeps < target); ++k) {
      if (r.sweeps == therm) r.lattice->begin_measurement();
      r.lattice->sweep(r.rng);
      ++r.sweeps;
      ++r.total_sweeps;
      const bool measure = r.sweeps > therm;
      if (!measure && !live) continue;
      const double e = r.lattice->energy_per_spin();
      const double m = r.lattice->order_parameter();
      if (measure) {
        r.e.push_back(e);
        r.m.push_back(m);
        if (live && static_cast<std::int64_t>(r.e.size()) >= 2 * meas) {
          r.e.erase(r.e.begin(), r.e.begin() + meas);
          r.m.erase(r.m.begin(), r.m.begin() + meas);
        }
      }
      if (live) {
        r.trace_sweep.push_back(static_cast<double>(r.total_sweeps));
        r.trace_e.push_back(e);
        r.trace_m.push_back(m);
        if (r.trace_e.size() >= 2 * kTraceLength) {
          const auto cut = static_cast<std::ptrdiff_t>(kTraceLength);
          r.trace_sweep.erase(r.trace_sweep.begin(), r.trace_sweep.begin() + cut);
          r.trace_e.erase(r.trace_e.begin(), r.trace_e.begin() + cut);
          r.trace_m.erase(r.trace_m.begin(), r.trace_m.begin() + cut);
        }
      }
    }
    if (!live && r.sweeps >= target) {
      r.result = physics::thermal_averages(r.e, r.m, n, r.T);
      r.finished = true;
      std::vector<double>().swap(r.e);
      std::vector<double>().swap(r.m);
    }
  }, ctx_.cancel);
}

bool LatticeExperiment::done() const {
  if (spec_.algorithm == "exact") return exact_next_size_ >= exact_sizes_.size();
  if (spec_.live) return ctx_.cancel != nullptr && ctx_.cancel->load();
  for (const auto& r : runs_)
    if (!r->finished) return false;
  return true;
}

double LatticeExperiment::progress() const {
  if (spec_.algorithm == "exact")
    return exact_sizes_.empty() ? 1.0 : static_cast<double>(exact_next_size_) / static_cast<double>(exact_sizes_.size());
  const double target = static_cast<double>(spec_.thermalization_sweeps + spec_.measurement_sweeps);
  double sum = 0.0;
  for (const auto& r : runs_) sum += std::min(1.0, static_cast<double>(r->sweeps) / target);
  return runs_.empty() ? 1.0 : sum / static_cast<double>(runs_.size());
}

std::int64_t LatticeExperiment::sweeps_done() const {
  std::int64_t s = 0;
  for (const auto& r : runs_) s += r->total_sweeps;
  return s;
}

double LatticeExperiment::temperature() const {
  return runs_.empty() ? spec_.temperatures.front() : runs_.front()->T;
}

void LatticeExperiment::set_temperature(double T) {
  if (!spec_.live) throw std::logic_error("LatticeExperiment::set_temperature: only in live mode");
  if (!(T > 0.0) || !std::isfinite(T)) throw ConfigError("", "/temperatures/0", "a temperature > 0", short_json(T));
  Run& r = *runs_.front();
  if (r.e.size() >= 16) {
    const std::size_t keep = std::min<std::size_t>(r.e.size(), static_cast<std::size_t>(spec_.measurement_sweeps));
    const std::vector<double> e(r.e.end() - static_cast<std::ptrdiff_t>(keep), r.e.end());
    const std::vector<double> m(r.m.end() - static_cast<std::ptrdiff_t>(keep), r.m.end());
    const physics::ThermalAverages a = physics::thermal_averages(e, m, r.lattice->sites(), r.T);
    const auto same = std::find_if(visited_.begin(), visited_.end(), [&](const auto& v) { return v.T == r.T; });
    if (same != visited_.end()) *same = a;
    else visited_.push_back(a);
  }
  live_now_samples_ = 0;
  r.T = T;
  r.lattice->set_temperature(T);
  r.sweeps = 0;
  r.e.clear();
  r.m.clear();
  r.finished = false;
  spec_.temperatures = {T};
}

void LatticeExperiment::append_row(Results& res, int L, const physics::ThermalAverages& a) const {
  res.results.add_row({std::int64_t{L}, a.T, a.e.value, a.e.error, a.c.value, a.c.error, a.abs_m.value, a.abs_m.error,
                       a.chi.value, a.chi.error, a.binder.value, a.binder.error, a.tau_int});
}

Observables LatticeExperiment::observables() const {
  Observables o;
  const bool ising2d = spec_.model == "ising" && spec_.dimensions == 2;
  double t_c = kNaN;
  if (ising2d && spec_.J > 0.0) t_c = physics::onsager_critical_temperature(spec_.J);
  if (spec_.model == "potts" && spec_.J > 0.0) t_c = spec_.J / std::log(1.0 + std::sqrt(static_cast<double>(spec_.q)));

  if (!runs_.empty()) {
    const Run& r = *runs_[spec_.live ? 0 : last_run_];
    Grid g;
    g.id = "lattice";
    g.title = (spec_.model == "potts" ? "Potts q = " + std::to_string(spec_.q) : std::string("Ising")) +
              " L = " + std::to_string(r.L) + ", T = " + fixed(r.T, 3);
    g.rows = r.lattice->image_rows();
    g.cols = r.lattice->image_cols();
    r.lattice->image(g.values);
    g.lo = 0.0f;
    g.hi = 1.0f;
    o.grids.push_back(std::move(g));
  }

  if (spec_.live && !runs_.empty()) {
    const Run& r = *runs_.front();
    Plot pe{"energy_trace", "Energy per spin", "sweep", "e", {{"e", r.trace_sweep, r.trace_e, {}}}, false, false, {}};
    Plot pm{"magnetisation_trace", spec_.model == "potts" ? "Order parameter" : "Magnetisation per spin", "sweep",
            "m", {{"m", r.trace_sweep, r.trace_m, {}}}, false, false, {}};
    o.plots.push_back(std::move(pe));
    o.plots.push_back(std::move(pm));
    o.numbers.push_back({"temperature T", fixed(r.T, 4)});
    if (!r.trace_e.empty()) {
      o.numbers.push_back({"e per spin", fixed(r.trace_e.back())});
      o.numbers.push_back({"m per spin", fixed(r.trace_m.back())});
    }
    o.numbers.push_back({"sweeps", std::to_string(r.total_sweeps)});
    if (std::isfinite(t_c)) o.numbers.push_back({"T_c", fixed(t_c, 4)});
    o.numbers.push_back({"measured sweeps at this T", std::to_string(r.e.size())});
    o.plots.push_back(live_heat_capacity(r, t_c));
    return o;
  }

  // Curves of the finished runs against T, one series per size.
  struct Col {
    const char* id;
    const char* title;
    physics::Estimate physics::ThermalAverages::*field;
  };
  const Col cols[] = {{"e", "Energy per spin", &physics::ThermalAverages::e},
                      {"c", "Specific heat per spin", &physics::ThermalAverages::c},
                      {"abs_m", "<|m|>", &physics::ThermalAverages::abs_m},
                      {"chi", "Susceptibility per spin", &physics::ThermalAverages::chi},
                      {"binder", "Binder cumulant", &physics::ThermalAverages::binder}};
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
          const auto& row = exact_rows_[k];
          const double v = col.field == &physics::ThermalAverages::e        ? row.e_per_spin
                           : col.field == &physics::ThermalAverages::c      ? row.c_per_spin
                           : col.field == &physics::ThermalAverages::abs_m  ? row.abs_m_per_spin
                           : col.field == &physics::ThermalAverages::chi    ? row.chi_per_spin
                                                                             : row.binder;
          s.x.push_back(row.T);
          s.y.push_back(v);
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
    if (ising2d && spec_.J > 0.0 && spec_.h == 0.0 && (p.id == "abs_m" || p.id == "e")) {
      Series ref;
      ref.name = p.id == "abs_m" ? "Yang (L = inf)" : "Onsager (L = inf)";
      for (const double T : spec_.temperatures) {
        ref.x.push_back(T);
        ref.y.push_back(p.id == "abs_m" ? physics::yang_spontaneous_magnetisation(T, spec_.J)
                                        : physics::onsager_energy_per_spin(T, spec_.J));
      }
      p.series.push_back(std::move(ref));
    }
    o.plots.push_back(std::move(p));
  }
  std::size_t finished = 0;
  for (const auto& r : runs_) finished += r->finished ? 1 : 0;
  if (spec_.algorithm != "exact")
    o.numbers.push_back({"runs finished", std::to_string(finished) + " / " + std::to_string(runs_.size())});
  o.numbers.push_back({"progress", fixed(100.0 * progress(), 1) + " %"});
  if (std::isfinite(t_c)) o.numbers.push_back({"T_c (infinite lattice)", fixed(t_c, 4)});
  return o;
}

Plot LatticeExperiment::live_heat_capacity(const Run& r, double t_c) const {
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
    const std::size_t keep = std::min<std::size_t>(r.e.size(), static_cast<std::size_t>(spec_.measurement_sweeps));
    const std::vector<double> e(r.e.end() - static_cast<std::ptrdiff_t>(keep), r.e.end());
    const std::vector<double> m(r.m.end() - static_cast<std::ptrdiff_t>(keep), r.m.end());
    live_now_ = physics::thermal_averages(e, m, r.lattice->sites(), r.T);
    live_now_samples_ = r.e.size();
  }
  if (live_now_samples_ > 0 && live_now_.T == r.T)
    p.series.push_back({"now (T = " + fixed(r.T, 3) + ")", {r.T}, {live_now_.c.value}, {live_now_.c.error}});
  else
    p.series.push_back({"now (thermalizing)", {}, {}, {}});
  if (spec_.model == "ising" && spec_.dimensions == 2 && spec_.J > 0.0 && spec_.h == 0.0) {
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
      exact.y.push_back(physics::onsager_heat_capacity_per_spin(T, spec_.J));
    }
    p.series.push_back(std::move(exact));
  }
  return p;
}

Results LatticeExperiment::finish() {
  Results res;
  res.results = core::Table(lattice_result_columns());
  json summary = json::object();
  summary["model"] = spec_.model;
  summary["algorithm"] = spec_.algorithm;

  // Every finished (size, temperature) row, exact ones with zero errors and tau_int.
  struct Point {
    int L;
    physics::ThermalAverages a;
  };
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
    Run& r = *rp;
    if (spec_.live && !r.e.empty() && r.e.size() >= 16) {
      const std::size_t keep = std::min<std::size_t>(r.e.size(), static_cast<std::size_t>(spec_.measurement_sweeps));
      const std::vector<double> e(r.e.end() - static_cast<std::ptrdiff_t>(keep), r.e.end());
      const std::vector<double> m(r.m.end() - static_cast<std::ptrdiff_t>(keep), r.m.end());
      points.push_back({r.L, physics::thermal_averages(e, m, r.lattice->sites(), r.T)});
    } else if (r.finished) {
      points.push_back({r.L, r.result});
    }
  }
  for (const Point& p : points) append_row(res, p.L, p.a);

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
  const bool ising2d = spec_.model == "ising" && spec_.dimensions == 2 && spec_.J > 0.0 && spec_.h == 0.0;
  if (ising2d) {
    summary["T_c_onsager"] = physics::onsager_critical_temperature(spec_.J);
    for (const Point& p : points) {
      const double y = physics::yang_spontaneous_magnetisation(p.a.T, spec_.J);
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
        const auto k = physics::kaufman_torus_row(p.L, spec_.J, p.a.T);
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

  std::string report = "L      T       e_per_spin          |m|                 c                   binder        tau\n";
  for (const auto& row : res.results.rows()) {
    char line[256];
    auto d = [&](std::size_t i) { return std::get<double>(row[i]); };
    std::snprintf(line, sizeof line, "%-6lld %-7.4f %8.5f +- %-8.5f %7.5f +- %-8.5f %7.4f +- %-8.4f %6.4f +- %-6.4f %.1f\n",
                  static_cast<long long>(std::get<std::int64_t>(row[0])), d(1), d(2), d(3), d(6), d(7), d(4), d(5),
                  d(10), d(11), d(12));
    report += line;
  }
  res.report = report;
  return res;
}

}  // namespace arbiter::experiments::physics_lab
