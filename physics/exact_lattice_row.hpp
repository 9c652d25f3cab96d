// One temperature's exact lattice thermodynamics, in the units and columns of physics.ising / physics.potts
// results.csv (k_B = 1, energies in units of J, N = number of sites, e = E/N and m per spin):
//   c = N(<e^2> - <e>^2)/T^2,  chi = N(<m^2> - <|m|>^2)/T,  binder = 1 - <m^4>/(3<m^2>^2).
// Exact methods have zero error bars and tau_int; a quantity a method cannot give is NaN (documented there).
#pragma once

namespace arbiter::physics {

struct ExactIsingRow {
  double T = 0.0;
  double e_per_spin = 0.0;       // <E>/N
  double c_per_spin = 0.0;       // N(<e^2> - <e>^2)/T^2 = Var(E)/(N T^2)
  double abs_m_per_spin = 0.0;   // <|m|>
  double chi_per_spin = 0.0;     // N(<m^2> - <|m|>^2)/T
  double binder = 0.0;           // 1 - <m^4>/(3<m^2>^2)
  double m_per_spin = 0.0;       // <m> (signed; 0 by symmetry when h = 0 for Ising)
  double m2_per_spin = 0.0;      // <m^2>
  double log_z = 0.0;            // log Z of the whole lattice
  double free_energy_per_spin = 0.0;  // -T log Z / N
};

// The same row type serves the Potts model.
using ExactLatticeRow = ExactIsingRow;

}  // namespace arbiter::physics
