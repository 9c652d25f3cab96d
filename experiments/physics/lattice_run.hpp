// One Monte Carlo run of the lattice experiment: a lattice of size L at temperature T with its own random
// stream (core::RandomStream(seed, run index)), thermalized and then measured one sample of e and m per sweep.
// A bounded run stops after thermalization + measurement sweeps and keeps its thermal averages; an endless
// (live) run keeps going, holds at most the last 2 x measurement samples and traces of the last sweeps, and
// may be restarted at another temperature (the configuration is kept, the statistics start over).
#pragma once
#include <cstdint>
#include <memory>
#include <vector>
#include "core/random_stream.hpp"
#include "physics/spin_lattice.hpp"
#include "physics/thermal_averages.hpp"

namespace arbiter::experiments::physics_lab {

struct LatticeRun {
  int L = 0;
  double T = 0.0;
  std::unique_ptr<physics::SpinLattice> lattice;
  core::RandomStream rng{0};
  std::int64_t sweeps = 0;        // since the (re)start of the statistics
  std::int64_t total_sweeps = 0;  // since construction
  std::vector<double> e, m;       // measured samples (bounded runs free them once finished)
  bool finished = false;
  physics::ThermalAverages result;                    // bounded runs, once finished
  std::vector<double> trace_sweep, trace_e, trace_m;  // endless runs: the last sweeps

  // Advances by up to `max_sweeps` sweeps (a bounded run stops at thermalization + measurement).
  void advance(std::int64_t max_sweeps, std::int64_t thermalization, std::int64_t measurement, bool endless);
  // The thermal averages of the last `window` measured samples (at most all of them); needs >= 16 samples.
  physics::ThermalAverages recent_averages(std::int64_t window) const;
  // Endless runs: the statistics restart at temperature T > 0 from the current configuration.
  void restart_at(double T);
};

}  // namespace arbiter::experiments::physics_lab
