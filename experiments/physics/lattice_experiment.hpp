// The Monte Carlo lattice experiment behind the kinds physics.ising and physics.potts: one independent run
// per (size, temperature), each with its own RandomStream(seed, run index), advanced in bounded slices
// (up to `threads` runs in parallel per step), so results do not depend on the thread count. "exact" gives
// the rows exactly instead (zero errors and tau_int) by the method the model names for each size
// (physics::LatticeModel::exact_method); a column a method cannot give is NaN.
// Live mode (one size, one temperature) in a live view (RunContext::slice_seconds == 0, the GUI) keeps one
// lattice running with no end; apply_live takes a new temperature in place (the lattice is kept, the
// statistics restart with thermalization first). In a batch run (slice_seconds > 0, the CLI) a live config
// ends after its sweeps and gives the results of the same config without "live".
// Files: lattice_run.* (one run's sweeps), lattice_observables.cpp (what a live view draws),
// lattice_results.cpp (results.csv, summary and report).
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>
#include "experiments/experiment.hpp"
#include "experiments/physics/lattice_run.hpp"
#include "experiments/physics/lattice_spec.hpp"
#include "physics/exact_lattice_row.hpp"
#include "physics/lattice_model.hpp"
#include "physics/thermal_averages.hpp"

namespace arbiter::experiments::physics_lab {

// The results.csv columns.
const std::vector<std::string>& lattice_result_columns();

class LatticeExperiment final : public Experiment {
 public:
  LatticeExperiment(LatticeSpec spec, const RunContext& ctx);
  ~LatticeExperiment() override;

  void step() override;
  bool done() const override;
  double progress() const override;
  Observables observables() const override;
  // Live mode in a live view: a config that differs only in its one temperature (T > 0) is taken in place;
  // anything else returns false.
  bool apply_live(const nlohmann::json& config) override;
  Results finish() override;

  const LatticeSpec& spec() const { return spec_; }
  const physics::LatticeModel& model() const { return *model_; }
  // True when this experiment runs with no end (live mode in a live view).
  bool endless() const { return endless_; }
  // The current temperature (the first of the grid outside live mode).
  double temperature() const;
  // Total sweeps done so far over all runs.
  std::int64_t sweeps_done() const;
  // Live mode: the thermal averages of each temperature left by a live change (with at least 16 measured
  // sweeps there), in the order visited; observables() draws them as C(T) point by point.
  const std::vector<physics::ThermalAverages>& visited_temperatures() const { return visited_; }

 private:
  void step_exact();
  void set_temperature(double T);
  Observables live_observables(double t_c) const;
  Plot live_heat_capacity(const LatticeRun& r, double t_c) const;

  LatticeSpec spec_;
  std::unique_ptr<const physics::LatticeModel> model_;
  RunContext ctx_;
  bool endless_ = false;
  std::vector<std::unique_ptr<LatticeRun>> runs_;
  std::size_t cursor_ = 0;
  std::size_t last_run_ = 0;
  // Exact mode: one row per (size, temperature), computed one size per step.
  std::vector<physics::ExactLatticeRow> exact_rows_;
  std::size_t exact_next_size_ = 0;
  // Live mode: averages at the temperatures visited before, and a cache of the current one's.
  std::vector<physics::ThermalAverages> visited_;
  mutable physics::ThermalAverages live_now_;
  mutable std::size_t live_now_samples_ = 0;
};

}  // namespace arbiter::experiments::physics_lab
