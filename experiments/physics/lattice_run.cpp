// A lattice run's sweeps, samples and traces.
#include "experiments/physics/lattice_run.hpp"

#include <algorithm>

namespace arbiter::experiments::physics_lab {
namespace {
constexpr std::size_t kTraceLength = 2000;
}  // namespace

void LatticeRun::advance(std::int64_t max_sweeps, std::int64_t therm, std::int64_t meas, bool endless) {
  const std::int64_t target = therm + meas;
  for (std::int64_t k = 0; k < max_sweeps && (endless || sweeps < target); ++k) {
    if (sweeps == therm) lattice->begin_measurement();
    lattice->sweep(rng);
    ++sweeps;
    ++total_sweeps;
    const bool measure = sweeps > therm;
    if (!measure && !endless) continue;
    const double ek = lattice->energy_per_spin();
    const double mk = lattice->order_parameter();
    if (measure) {
      e.push_back(ek);
      m.push_back(mk);
      if (endless && static_cast<std::int64_t>(e.size()) >= 2 * meas) {
        e.erase(e.begin(), e.begin() + meas);
        m.erase(m.begin(), m.begin() + meas);
      }
    }
    if (endless) {
      trace_sweep.push_back(static_cast<double>(total_sweeps));
      trace_e.push_back(ek);
      trace_m.push_back(mk);
      if (trace_e.size() >= 2 * kTraceLength) {
        const auto cut = static_cast<std::ptrdiff_t>(kTraceLength);
        trace_sweep.erase(trace_sweep.begin(), trace_sweep.begin() + cut);
        trace_e.erase(trace_e.begin(), trace_e.begin() + cut);
        trace_m.erase(trace_m.begin(), trace_m.begin() + cut);
      }
    }
  }
  if (!endless && sweeps >= target) {
    result = physics::thermal_averages(e, m, lattice->sites(), T);
    finished = true;
    std::vector<double>().swap(e);
    std::vector<double>().swap(m);
  }
}

physics::ThermalAverages LatticeRun::recent_averages(std::int64_t window) const {
  const std::size_t keep = std::min<std::size_t>(e.size(), static_cast<std::size_t>(window));
  const std::vector<double> e_recent(e.end() - static_cast<std::ptrdiff_t>(keep), e.end());
  const std::vector<double> m_recent(m.end() - static_cast<std::ptrdiff_t>(keep), m.end());
  return physics::thermal_averages(e_recent, m_recent, lattice->sites(), T);
}

void LatticeRun::restart_at(double new_T) {
  T = new_T;
  lattice->set_temperature(new_T);
  sweeps = 0;
  e.clear();
  m.clear();
  finished = false;
}

}  // namespace arbiter::experiments::physics_lab
