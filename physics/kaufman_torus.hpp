// Kaufman's exact solution of the finite periodic Ising lattice (B. Kaufman, Phys. Rev. 76, 1232 (1949)), for
// any size: the L x L torus at h = 0 in the bond convention of ising_exact.hpp (2N bonds, E = -J B), with
//   Z = (1/2) (2 sinh 2K)^(N/2) (Z1 + Z2 + Z3 + Z4),  K = J / T,
//   Z1,2 = prod_{r<L} 2 cosh, 2 sinh (L gamma_{2r+1} / 2),  Z3,4 = prod_{r<L} 2 cosh, 2 sinh (L gamma_{2r} / 2),
//   cosh gamma_k = cosh 2K coth 2K - cos(pi k / L)  (k > 0),   gamma_0 = 2K + ln tanh K  (< 0 above T_c).
// log Z, e = <E>/N and c = Var(E)/(N T^2) come from closed-form K-derivatives of the factors (no finite
// differences); abs_m, chi, binder and m2 are NaN (the solution has no magnetic field), m = 0 by symmetry.
// An antiferromagnet (J < 0) on an even torus has the ferromagnet's e and c. Below T = 0.0067 |J| (2|K| > 300)
// the lattice is in its ground state to double precision and the ground-state row is returned; above
// T = 1e6 |J| (|K| < 1e-6) the high-temperature series is (log Z = N log 2 + N K^2, e = -2 |J| tanh K,
// c = 2 K^2 / cosh^2 K, with the loops of L = 2 and 3 added), to 3e-12 relative.
// Contract: L >= 2, T > 0, J finite and non-zero, and L even when J < 0; otherwise core::ArgumentError naming
// physics::arg::lattice_size, coupling or temperature (argument_names.hpp).
#pragma once
#include "physics/exact_lattice_row.hpp"

namespace arbiter::physics {

// Whether Kaufman's solution applies: h = 0, J != 0 (finite) and, for J < 0, an even L.
bool kaufman_applies(int L, double J, double h);

ExactIsingRow kaufman_torus_row(int L, double J, double T);

}  // namespace arbiter::physics
