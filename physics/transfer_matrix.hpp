// Exact Ising thermodynamics by transfer matrix, for lattices too large to enumerate.
// 2D: a periodic strip of width L (columns) and length M (rows), periodic both ways, same Hamiltonian and bond
// convention as ising_exact.hpp: Z = Tr T^M with T the symmetric 2^L x 2^L row-to-row matrix, diagonalised
// once per temperature. Gives log Z, <E>, Var(E) (so c) and <m>, <m^2> (h-derivatives) exactly; <|m|>, chi
// and binder need the full distribution of M and are NaN here (use ising_exact.hpp for L <= 5).
// Cost ~ 8^L: L = 10 (1024 x 1024) takes seconds per temperature. M = 0 means the infinite strip (M -> inf),
// where only log Z per spin and e (Hellmann-Feynman) are returned (c, m, m2 are NaN).
// 1D: the periodic chain of N spins, E = -J sum s_i s_{i+1} - h sum s_i, in closed form:
//   Z = l+^N + l-^N,  l+- = e^{bJ} [cosh bh +- sqrt(sinh^2 bh + e^{-4bJ})].
// Contract: 2 <= L <= kMaxTransferMatrixL, M >= 0 (M = 1 or 2 allowed: bonds wrap onto the same row), N >= 1,
// T > 0, finite J, h; otherwise core::ArgumentError naming physics::arg::lattice_size, strip_length,
// chain_length, coupling, field or temperature (argument_names.hpp).
#pragma once
#include "physics/exact_lattice_row.hpp"

namespace arbiter::physics {

inline constexpr int kMaxTransferMatrixL = 10;

// Exact row for the L x M periodic Ising strip (N = L M sites); abs_m, chi, binder are NaN.
ExactIsingRow ising_transfer_matrix_row(int L, int M, double J, double h, double T);

// 1D periodic Ising chain of N spins, closed form.
struct Ising1DResult {
  double log_z;             // log Z of the chain
  double free_energy_per_spin;
  double e_per_spin;        // <E>/N
  double c_per_spin;        // Var(E)/(N T^2)
  double m_per_spin;        // <m>
};
Ising1DResult ising_1d_exact(int N, double J, double h, double T);
// The thermodynamic limit N -> inf: f = -T log l+,  m = sinh(bh)/sqrt(sinh^2 bh + e^{-4bJ}).
double ising_1d_free_energy_per_spin_infinite(double J, double h, double T);
double ising_1d_magnetisation_infinite(double J, double h, double T);

}  // namespace arbiter::physics
