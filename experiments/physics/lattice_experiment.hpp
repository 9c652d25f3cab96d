// The Monte Carlo lattice experiment behind the kinds physics.ising and physics.potts: one independent run
// per (size, temperature), each with its own RandomStream(seed, run index), advanced in bounded slices
// (up to `threads` runs in parallel per step), so results do not depend on the thread count. "exact" gives
// the rows exactly instead (zero errors and tau_int): enumeration (Ising L <= 5, Potts q^N <= 3^16), the
// exact chain (1D), Kaufman's torus (2D, h = 0, any L; e and c only) or the transfer matrix (2D in a field,
// L <= 10; e and c only); a column a method cannot give is NaN. Live mode (one size, one temperature)
// keeps one lattice whose temperature the GUI may change with set_temperature(); its statistics restart
// (thermalization first) from the current configuration.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>
#include "experiments/experiment.hpp"
#include "physics/exact_lattice_row.hpp"
#include "physics/spin_lattice.hpp"
#include "physics/thermal_averages.hpp"

namespace arbiter::experiments::physics_lab {

struct LatticeSpec {
  std::string model = "ising";  // "ising" or "potts"
  int q = 2;                    // Potts states
  int dimensions = 2;           // Ising: 1 (chain) or 2 (square lattice)
  std::vector<int> sizes;       // L values
  double J = 1.0, h = 0.0;
  std::vector<double> temperatures;
  std::string algorithm = "metropolis";  // metropolis, heat_bath, wolff, exact
  std::int64_t thermalization_sweeps = 1000;
  std::int64_t measurement_sweeps = 10000;
  bool live = false;
};

// Reads a resolved physics.ising / physics.potts config; cross-key problems throw core::ConfigError.
LatticeSpec read_lattice_spec(const nlohmann::json& config, const std::string& model);

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
  Results finish() override;

  const LatticeSpec& spec() const { return spec_; }
  // Live mode: the current temperature, and a new one (T > 0; restarts the statistics, keeps the lattice).
  bool live() const { return spec_.live; }
  double temperature() const;
  void set_temperature(double T);
  // Total sweeps done so far over all runs.
  std::int64_t sweeps_done() const;
  // Live mode: the thermal averages of each temperature left by set_temperature (with at least 16
  // measured sweeps there), in the order visited; observables() draws them as C(T) point by point.
  const std::vector<physics::ThermalAverages>& visited_temperatures() const { return visited_; }

  struct Run;

 private:
  std::unique_ptr<physics::SpinLattice> make_lattice(int L, double T) const;
  void step_exact();
  void append_row(Results& r, int L, const physics::ThermalAverages& a) const;
  Plot live_heat_capacity(const Run& r, double t_c) const;

  LatticeSpec spec_;
  RunContext ctx_;
  std::vector<std::unique_ptr<Run>> runs_;
  std::size_t cursor_ = 0;
  std::size_t last_run_ = 0;
  // Exact mode: one row per (size, temperature), computed one size per step.
  std::vector<physics::ExactLatticeRow> exact_rows_;
  std::vector<int> exact_sizes_;
  std::size_t exact_next_size_ = 0;
  // Live mode: averages at the temperatures visited before, and a cache of the current one's.
  std::vector<physics::ThermalAverages> visited_;
  mutable physics::ThermalAverages live_now_;
  mutable std::size_t live_now_samples_ = 0;
};

}  // namespace arbiter::experiments::physics_lab
