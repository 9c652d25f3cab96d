// Shared by the exact lattice solvers: turns a density of states (one entry per distinct (energy, m) class,
// held as a core::Ensemble of energies with degeneracies = state counts) into an ExactIsingRow at T > 0.
// m_values[k] is the order parameter per spin of class k (signed for Ising; |m| is taken for <|m|>).
#pragma once
#include <vector>
#include "core/ensemble.hpp"
#include "physics/exact_lattice_row.hpp"

namespace arbiter::physics {

ExactIsingRow reduce_density_of_states(const core::Ensemble& classes, const std::vector<double>& m_values,
                                       int sites, double T);

// Throws core::ArgumentError(arg::temperature, "a temperature > 0", ...) unless T > 0 and finite.
void check_lattice_temperature(double T);
// Throws core::ArgumentError(argument, "a finite number", ...) unless x is finite (argument: physics::arg::*).
void check_finite_parameter(double x, const char* argument);

}  // namespace arbiter::physics
