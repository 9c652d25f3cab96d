// The per-temperature reduction of a density of states: Boltzmann weights from core::Ensemble (log-sum-exp),
// then moments of e and m.
#include "physics/exact_reduction.hpp"

#include <algorithm>
#include <cmath>
#include "core/input_error.hpp"
#include "core/table.hpp"
#include "physics/argument_names.hpp"

namespace arbiter::physics {

void check_lattice_temperature(double T) {
  if (!(T > 0.0) || !std::isfinite(T))
    throw core::ArgumentError(arg::temperature, "a temperature > 0", core::format_double(T));
}

void check_finite_parameter(double x, const char* argument) {
  if (!std::isfinite(x)) throw core::ArgumentError(argument, "a finite number", core::format_double(x));
}

ExactIsingRow reduce_density_of_states(const core::Ensemble& classes, const std::vector<double>& m_values,
                                       int sites, double T) {
  check_lattice_temperature(T);
  const double beta = 1.0 / T;
  const double n = static_cast<double>(sites);
  const Eigen::VectorXd p = classes.probabilities(beta);
  double m1 = 0.0, abs_m = 0.0, m2 = 0.0, m4 = 0.0;
  for (Eigen::Index k = 0; k < p.size(); ++k) {
    const double m = m_values[static_cast<std::size_t>(k)];
    const double mm = m * m;
    m1 += p[k] * m;
    abs_m += p[k] * std::abs(m);
    m2 += p[k] * mm;
    m4 += p[k] * mm * mm;
  }
  ExactIsingRow row;
  row.T = T;
  row.log_z = classes.log_z(beta);
  row.free_energy_per_spin = -T * row.log_z / n;
  row.e_per_spin = classes.mean_energy(beta) / n;
  row.c_per_spin = classes.energy_variance(beta) / (n * T * T);
  row.m_per_spin = m1;
  row.m2_per_spin = m2;
  row.abs_m_per_spin = abs_m;
  row.chi_per_spin = n * std::max(0.0, m2 - abs_m * abs_m) / T;  // a variance: rounding only
  row.binder = m2 > 0.0 ? 1.0 - m4 / (3.0 * m2 * m2) : 0.0;
  return row;
}

}  // namespace arbiter::physics
