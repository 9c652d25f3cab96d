// Exact 2D q-state Potts thermodynamics on a small periodic L x L lattice by enumerating all q^(L^2) states
// once into a density of states, then reducing per temperature through core::Ensemble.
// Hamiltonian (same bond convention as ising_exact.hpp: each site to its right and lower neighbour, 2N bonds):
//   E = -J sum_i [delta(s_i, s_right) + delta(s_i, s_down)] - h sum_i delta(s_i, 0),   s in {0..q-1}.
// Order parameter per spin: m = (q max_k n_k / N - 1) / (q - 1) in [0, 1] (n_k = sites in state k), so
// <|m|> = <m>; chi and binder use this m as in exact_lattice_row.hpp. For q = 2 and h = 0 it is the Ising
// model with J_ising = J/2: E_potts = E_ising - J N, and m equals the Ising |m|.
// Contract: q >= 2, L >= 2, q^(L^2) <= kMaxEnumeratedPottsStates (3^16 = 43M: 4x4 q = 3 takes ~1 s once),
// T > 0, J and h finite. Bad input throws core::ArgumentError naming physics::arg::states, lattice_size,
// coupling, field or temperature (argument_names.hpp).
#pragma once
#include <cstdint>
#include <vector>
#include "physics/exact_lattice_row.hpp"

namespace arbiter::physics {

inline constexpr double kMaxEnumeratedPottsStates = 43046721.0;  // 3^16

// Whether (q, L) is small enough for exact enumeration.
bool potts_enumeration_feasible(int q, int L);

class PottsDensityOfStates {
 public:
  struct Entry {
    int bond_count;    // B = number of satisfied bonds (equal neighbours), in [0, 2N]
    int zero_count;    // n_0 = sites in state 0 (the field term)
    int max_count;     // max_k n_k, giving m = (q max_k n_k / N - 1)/(q - 1)
    double count;      // number of states; the counts sum to q^N
  };

  PottsDensityOfStates(int q, int L);

  int q() const { return q_; }
  int L() const { return L_; }
  int sites() const { return L_ * L_; }
  const std::vector<Entry>& entries() const { return entries_; }

  // Exact observables at temperature T (E = -J B - h n_0).
  ExactLatticeRow row(double J, double h, double T) const;
  std::vector<ExactLatticeRow> rows(double J, double h, const std::vector<double>& temperatures) const;

 private:
  int q_, L_;
  std::vector<Entry> entries_;
};

ExactLatticeRow exact_potts_row(int q, int L, double J, double h, double T);
std::vector<ExactLatticeRow> exact_potts_rows(int q, int L, double J, double h,
                                              const std::vector<double>& temperatures);

}  // namespace arbiter::physics
