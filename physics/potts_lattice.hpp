// The q-state Potts model on a periodic L x L square lattice, states 0..q-1, in the bond convention of
// potts_exact.hpp:  E = -J sum_i [delta(s_i, s_right) + delta(s_i, s_down)] - h sum_i delta(s_i, 0).
// Order parameter m = (q max_k n_k / N - 1)/(q - 1) in [0, 1]. Samplers: Metropolis (a uniformly proposed
// other state, accepted with min(1, e^{-beta dE})), heat-bath (the new state drawn from the softmax over the
// site's q states; one table row per neighbourhood, built with core::softmax) and Wolff (h = 0, J > 0).
// Starts with every site in state 0. Throws std::invalid_argument for q outside [2, kMaxPottsStates],
// L < 2, non-finite J or h, T <= 0, or Wolff without h = 0 and J > 0.
#pragma once
#include <cstdint>
#include <vector>
#include "physics/spin_lattice.hpp"

namespace arbiter::physics {

inline constexpr int kMaxPottsStates = 8;

class PottsLattice final : public SpinLattice {
 public:
  PottsLattice(int q, int L, double J, double h, double T, Sampler sampler);

  int q() const { return q_; }
  int L() const { return L_; }
  int sites() const override { return n_; }
  void set_temperature(double T) override;
  double temperature() const override { return T_; }
  void set_sampler(Sampler s) override;
  Sampler sampler() const override { return sampler_; }
  void sweep(core::RandomStream& rng) override;
  void begin_measurement() override { wolff_length_.fix(n_); }
  // Wolff clusters per sweep once fixed (0 while still adaptive).
  std::int64_t wolff_clusters_per_sweep() const { return wolff_length_.clusters_per_sweep(); }
  double energy_per_spin() const override;
  double order_parameter() const override;
  int image_rows() const override { return L_; }
  int image_cols() const override { return L_; }
  void image(std::vector<float>& out) const override;

  void metropolis_sweep(core::RandomStream& rng);
  void heat_bath_sweep(core::RandomStream& rng);
  void wolff_sweep(core::RandomStream& rng);
  int wolff_cluster(core::RandomStream& rng);

  // For tests: heat-bath probabilities of each state given the neighbour counts (counts sum to 4), and the
  // Metropolis acceptance of a move that changes the equal-neighbour count by dn and the state-0 count by dz.
  std::vector<double> heat_bath_probabilities(const std::vector<int>& neighbour_counts) const;
  double metropolis_probability(int dn, int dz) const;

  const std::vector<std::uint8_t>& spins() const { return spins_; }
  std::vector<std::uint8_t>& spins() { return spins_; }

 private:
  int neighbourhood_index(const std::vector<int>& counts) const;

  int q_, L_, n_;
  double J_, h_, T_ = 1.0;
  Sampler sampler_;
  std::vector<std::uint8_t> spins_;
  std::vector<std::uint32_t> digit_;          // 5^a for a < q - 1, 0 for a = q - 1
  std::vector<std::uint64_t> heat_bath_cum_;  // [5^(q-1)][q] cumulative thresholds (2^32 = certain)
  std::vector<double> heat_bath_p_;           // same layout, probabilities
  std::uint64_t metropolis_threshold_[27] = {};
  double metropolis_p_[27] = {};
  std::uint64_t wolff_threshold_ = 0;
  std::vector<int> stack_;
  WolffSweepLength wolff_length_;
};

}  // namespace arbiter::physics
