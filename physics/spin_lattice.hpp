// The interface every Monte Carlo lattice model offers the experiments: a lattice of N sites at one
// temperature (k_B = 1, energies in units of J), advanced by sweeps of a chosen sampler. A sweep is N
// attempted single-site updates in two checkerboard half-sweeps (Metropolis, heat-bath) or, for Wolff, a
// number of clusters that flips about N spins on average: clusters until N spins have flipped while
// thermalizing, then, from begin_measurement() on, a fixed count (N / the mean cluster size seen so far).
// The count must not depend on the clusters being drawn: stopping each sweep once N spins have flipped
// makes the measurement times depend on the cluster sizes and biases the averages toward ordered states,
// where clusters are large (on 4 x 4 at T = 3 it gave e = -1.23 against the exact -1.02).
// All randomness is drawn from the core::RandomStream passed in.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>
#include "core/random_stream.hpp"

namespace arbiter::physics {

enum class Sampler { metropolis, heat_bath, wolff };

// "metropolis", "heat_bath", "wolff"; throws std::invalid_argument for anything else.
Sampler parse_sampler(std::string_view name);
std::string sampler_name(Sampler s);

class SpinLattice {
 public:
  virtual ~SpinLattice() = default;

  virtual int sites() const = 0;
  // Rebuilds the update tables for temperature T > 0 (std::invalid_argument otherwise).
  virtual void set_temperature(double T) = 0;
  virtual double temperature() const = 0;
  virtual void set_sampler(Sampler s) = 0;
  virtual Sampler sampler() const = 0;

  // One Monte Carlo sweep with the current sampler.
  virtual void sweep(core::RandomStream& rng) = 0;
  // Called once when the measured sweeps begin (after thermalization; again after set_temperature). Fixes
  // the Wolff sweep length (1 cluster if no cluster has been drawn yet); a no-op for single-spin samplers.
  virtual void begin_measurement() = 0;

  // Energy per site E/N of the current configuration.
  virtual double energy_per_spin() const = 0;
  // Order parameter per site: the signed magnetisation M/N for Ising, the (non-negative) Potts order
  // parameter (q max_k n_k / N - 1)/(q - 1) for Potts.
  virtual double order_parameter() const = 0;

  // The configuration as a row-major image with values in [0, 1] (rows = 1 for a chain).
  virtual int image_rows() const = 0;
  virtual int image_cols() const = 0;
  virtual void image(std::vector<float>& out) const = 0;
};

// The Wolff sweep length of spin_lattice.hpp: adaptive (clusters until N spins flipped) until fix() is
// called, then a fixed number of clusters per sweep, round(N / mean cluster size), at least 1.
class WolffSweepLength {
 public:
  // Restart: adaptive again, statistics cleared (a new temperature).
  void reset() { *this = WolffSweepLength(); }
  // Runs one sweep; cluster() draws one cluster and returns its size.
  template <class Cluster> void sweep(std::int64_t sites, Cluster&& cluster) {
    if (fixed_ > 0) {
      for (std::int64_t k = 0; k < fixed_; ++k) cluster();
      return;
    }
    std::int64_t flipped = 0;
    while (flipped < sites) {
      const std::int64_t size = cluster();
      flipped += size;
      ++clusters_;
      cluster_sites_ += size;
    }
  }
  void fix(std::int64_t sites);
  std::int64_t clusters_per_sweep() const { return fixed_; }  // 0 while adaptive

 private:
  std::int64_t clusters_ = 0, cluster_sites_ = 0, fixed_ = 0;
};

// A probability p in [0, 1] as a threshold t in [0, 2^32] on a uniform 32-bit integer u: the event is
// u < t, so p = 0 never happens, p = 1 always does, and other p are exact to 2^-33.
std::uint64_t probability_threshold32(double p);

// Two 32-bit uniform draws per next_u64 of the stream.
class RandomBits32 {
 public:
  explicit RandomBits32(core::RandomStream& rng) : rng_(rng) {}
  std::uint32_t next() {
    if (left_ == 0) {
      bits_ = rng_.next_u64();
      left_ = 2;
    }
    const auto v = static_cast<std::uint32_t>(bits_);
    bits_ >>= 32;
    --left_;
    return v;
  }

 private:
  core::RandomStream& rng_;
  std::uint64_t bits_ = 0;
  int left_ = 0;
};

}  // namespace arbiter::physics
