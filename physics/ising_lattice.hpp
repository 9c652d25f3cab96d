// The Ising model on a periodic chain (dimensions = 1, N = L) or L x L square lattice (dimensions = 2,
// N = L^2) with coupling J and field h, spins +-1, in the bond convention of ising_exact.hpp:
//   E = -J sum_i s_i (s_right(i) + s_down(i)) - h sum_i s_i   (1D: -J sum_i s_i s_{i+1} - h sum_i s_i).
// Samplers: table-driven Metropolis and heat-bath (Glauber) single-spin updates in checkerboard order
// (the acceptance / heat-bath probabilities of the few possible local fields are computed once per
// temperature with core::boltzmann_factor / core::sigmoid), and the Wolff cluster update (h = 0 only).
// On 2D lattices with h = 0 and L a multiple of 128, Metropolis and heat-bath sweeps run multi-spin coded
// (ising_multispin.hpp, 64 spins per word; same distribution, different random numbers) unless disabled
// with set_multispin(false). The lattice starts fully magnetised (+1). Throws std::invalid_argument for L < 2, dimensions not 1 or 2,
// non-finite J or h, T <= 0, or Wolff with h != 0 or J = 0.
#pragma once
#include <array>
#include <cstdint>
#include <vector>
#include <memory>
#include "physics/ising_multispin.hpp"
#include "physics/spin_lattice.hpp"

namespace arbiter::physics {

class IsingLattice final : public SpinLattice {
 public:
  IsingLattice(int L, double J, double h, double T, Sampler sampler, int dimensions = 2);

  int L() const { return L_; }
  int dimensions() const { return dims_; }
  int coordination() const { return z_; }  // neighbours per site: 2 or 4
  double J() const { return J_; }
  double h() const { return h_; }

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
  double order_parameter() const override;  // M / N
  int image_rows() const override { return dims_ == 2 ? L_ : 1; }
  int image_cols() const override { return L_; }
  void image(std::vector<float>& out) const override;

  // Sweeps of one kind, whatever the current sampler.
  void metropolis_sweep(core::RandomStream& rng);
  void heat_bath_sweep(core::RandomStream& rng);
  void wolff_sweep(core::RandomStream& rng);
  // One Wolff cluster; returns its size.
  int wolff_cluster(core::RandomStream& rng);

  // The update tables, for tests. neighbour_sum in {-z, -z+2, ..., z}, spin +-1.
  double metropolis_probability(int spin, int neighbour_sum) const;  // of flipping `spin`
  double heat_bath_up_probability(int neighbour_sum) const;          // of the new spin being +1
  double wolff_bond_probability() const { return wolff_p_; }         // 1 - exp(-2 beta |J|)
  // Energy change of flipping a spin `spin` whose neighbours sum to neighbour_sum.
  double flip_energy(int spin, int neighbour_sum) const { return 2.0 * spin * (J_ * neighbour_sum + h_); }

  // Whether Metropolis / heat-bath sweeps use the multi-spin coded path (only where it applies).
  bool multispin() const { return packed_ != nullptr && use_packed_; }
  void set_multispin(bool on) { use_packed_ = on; }

  // The spins, row-major, +-1. The reference is valid until the next sweep.
  const std::vector<std::int8_t>& spins() const;
  std::vector<std::int8_t>& spins();
  void fill(std::int8_t s);
  std::int64_t spin_sum() const;
  std::int64_t bond_sum() const;  // sum_i s_i (s_right + s_down) (1D: s_i s_{i+1})

 private:
  template <bool HeatBath> void checkerboard_2d(core::RandomStream& rng);
  template <bool HeatBath> void checkerboard_1d(core::RandomStream& rng);
  int index(int neighbour_sum) const { return (neighbour_sum + z_) / 2; }

  int L_, dims_, z_, n_;
  double J_, h_, T_ = 1.0;
  Sampler sampler_;
  void unpack() const;  // brings spins_ up to date when the packed copy is newer

  mutable std::vector<std::int8_t> spins_;
  std::unique_ptr<IsingMultispin> packed_;  // present when the multi-spin path applies
  mutable bool packed_current_ = false;     // packed_ holds the latest configuration
  bool use_packed_ = true;
  // Metropolis: flip threshold by [spin is +1][(neighbour_sum + z)/2]; heat-bath: threshold for +1.
  std::array<std::array<std::uint64_t, 5>, 2> metropolis_threshold_{};
  std::array<std::array<double, 5>, 2> metropolis_p_{};
  std::array<std::uint64_t, 5> heat_bath_threshold_{};
  std::array<double, 5> heat_bath_p_{};
  double wolff_p_ = 0.0;
  std::uint64_t wolff_threshold_ = 0;
  std::vector<int> stack_;
  std::vector<std::uint64_t> words_;   // one row's random words (checkerboard sweeps)
  std::vector<std::uint32_t> draws_;  // the same as 32-bit uniforms
  WolffSweepLength wolff_length_;
};

}  // namespace arbiter::physics
