// Thermal averages of one Monte Carlo run at temperature T on N sites, from the per-sweep series of the
// energy per site e_t and the order parameter per site m_t (signed for Ising), in the columns of
// exact_lattice_row.hpp:  c = N(<e^2> - <e>^2)/T^2,  chi = N(<m^2> - <|m|>^2)/T,
// binder = 1 - <m^4>/(3<m^2>^2). Error bars are jackknife errors over bins at least ~10 tau_int long
// (between 16 and 64 bins), so they account for autocorrelation, each scaled by the binning bias correction
// of its column's linearised series (autocorrelation.hpp: bins of a few tau_int would miss ~tau/b of the
// variance); tau_int (sweeps) is the larger of the energy's and |m|'s. Throws std::invalid_argument for
// series of different or too short (< 16) length.
#pragma once
#include <vector>

namespace arbiter::physics {

struct Estimate {
  double value = 0.0;
  double error = 0.0;
};

struct ThermalAverages {
  double T = 0.0;
  Estimate e, c, abs_m, chi, binder;
  double tau_int = 0.5;          // max(tau_e, tau_abs_m)
  double tau_e = 0.5, tau_abs_m = 0.5;
  bool tau_reliable = true;      // the automatic window fitted inside the series
  int bins = 0;                  // jackknife bins used
  std::size_t samples = 0;
};

ThermalAverages thermal_averages(const std::vector<double>& e, const std::vector<double>& m, int sites, double T);

}  // namespace arbiter::physics
