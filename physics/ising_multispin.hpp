// Multi-spin coded 2D Ising sweeps (h = 0): the L x L periodic lattice split into its two checkerboard
// sublattices, 64 spins of one sublattice per 64-bit word (bit = 1 for s = +1), updated 64 at a time with
// bitwise neighbour counts. Each spin still gets its own exact Metropolis or heat-bath decision: the
// per-lane acceptance probabilities (few, fixed per temperature, from core::boltzmann_factor and
// core::sigmoid) are turned into 64 independent Bernoulli bits by comparing the binary expansions of 64
// uniform numbers, drawn lazily bit by bit from the RandomStream (about 7 words per 64 spins).
// Needs L a multiple of 128 (each half-row fills whole words); the probabilities are exact to 2^-64.
// Same Hamiltonian and bond convention as ising_lattice.hpp with h = 0.
#pragma once
#include <array>
#include <cstdint>
#include <vector>
#include "core/random_stream.hpp"

namespace arbiter::physics {

class IsingMultispin {
 public:
  // Whether the packed sweeps apply: a 2D lattice, h = 0 and L a positive multiple of 128.
  static bool supports(int L, int dimensions, double h) { return dimensions == 2 && h == 0.0 && L > 0 && L % 128 == 0; }

  // Throws std::invalid_argument unless supports(L, 2, 0) and T > 0.
  IsingMultispin(int L, double J, double T);

  int L() const { return L_; }
  void set_temperature(double T);

  void metropolis_sweep(core::RandomStream& rng);
  void heat_bath_sweep(core::RandomStream& rng);

  // Conversion from / to the row-major int8 +-1 layout of IsingLattice.
  void load(const std::vector<std::int8_t>& spins);
  void store(std::vector<std::int8_t>& spins) const;

  std::int64_t spin_sum() const;
  std::int64_t bond_sum() const;  // sum_i s_i (s_right + s_down)

 private:
  template <bool HeatBath> void sweep(core::RandomStream& rng);

  int L_, words_;  // words per half-row
  double J_;
  std::vector<std::uint64_t> a_, b_;  // sublattice (i + j) even / odd, [row][word]
  // Metropolis: P(flip) with 1 and with 0 unsatisfied bonds; heat-bath: P(+1 | u up neighbours), u = 0..4.
  // Fixed point: probability * 2^64 (clamped to 2^64 - 1).
  std::uint64_t p_one_unsat_ = 0, p_zero_unsat_ = 0;
  std::array<std::uint64_t, 5> p_up_{};
};

}  // namespace arbiter::physics
