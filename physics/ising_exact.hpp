// Exact 2D Ising thermodynamics on a small periodic L x L lattice by brute-force enumeration of all 2^(L^2)
// states, done once into a density of states g(B, M) (B = sum over bonds of s_i s_j, M = sum_i s_i), then
// reduced per temperature through core::Ensemble (log-sum-exp weights, so any T > 0 is finite).
// Hamiltonian and bond convention (the one the Monte Carlo code must use too):
//   E = -J sum_i s_i (s_right(i) + s_down(i)) - h sum_i s_i,   s = +-1, periodic wrap-around,
// i.e. 2N bonds, each site to its right and lower neighbour; for L = 2 each neighbour pair is counted twice.
// m = M/N. Contract: L in [2, kMaxEnumeratedIsingL] (L = 5 has 2^25 states and takes ~1 s once), T > 0,
// J and h finite. Bad input throws core::ArgumentError naming physics::arg::lattice_size, coupling, field or
// temperature (argument_names.hpp). e and c keep their relative accuracy at any scale of J and h against T
// (far above the couplings' scale, <E> from the weights' departure from uniform, in units of max |E|); one whose
// magnitude is below the smallest normal double (2.2e-308) is exactly 0 (|J| = 1e-300 at T = 1: e ~ -2e-600).
#pragma once
#include <cstdint>
#include <vector>
#include "physics/exact_lattice_row.hpp"

namespace arbiter::physics {

inline constexpr int kMaxEnumeratedIsingL = 5;

// The exact density of states of the L x L periodic Ising lattice, independent of J, h and T.
class IsingDensityOfStates {
 public:
  struct Entry {
    int bond_sum;      // B = sum_i s_i (s_right + s_down), in [-2N, 2N]
    int spin_sum;      // M = sum_i s_i, in [-N, N]
    double count;      // number of states with this (B, M); the counts sum to 2^N
  };

  explicit IsingDensityOfStates(int L);  // enumerates 2^(L^2) states once

  int L() const { return L_; }
  int sites() const { return L_ * L_; }
  const std::vector<Entry>& entries() const { return entries_; }

  // Exact observables at temperature T for coupling J and field h (E = -J B - h M).
  ExactIsingRow row(double J, double h, double T) const;
  std::vector<ExactIsingRow> rows(double J, double h, const std::vector<double>& temperatures) const;

 private:
  int L_;
  std::vector<Entry> entries_;
};

// Convenience: one row (enumerates afresh; keep an IsingDensityOfStates for many temperatures).
ExactIsingRow exact_ising_row(int L, double J, double h, double T);
// All rows for a temperature grid, enumerating once.
std::vector<ExactIsingRow> exact_ising_rows(int L, double J, double h, const std::vector<double>& temperatures);

}  // namespace arbiter::physics
