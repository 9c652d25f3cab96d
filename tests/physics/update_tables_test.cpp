// The update tables satisfy detailed balance: for every local field, P(a -> b) / P(b -> a) equals the
// Boltzmann factor of E_b - E_a (Metropolis and heat-bath, Ising and Potts); huge gaps give 0 and 1 exactly.
#include <catch2/catch.hpp>
#include <cmath>
#include <numeric>
#include "core/random_stream.hpp"
#include "core/softmax.hpp"
#include "physics/ising_lattice.hpp"
#include "physics/potts_lattice.hpp"

using namespace arbiter;
using physics::IsingLattice;
using physics::PottsLattice;
using physics::Sampler;

TEST_CASE("probability_threshold32 maps 0 and 1 to never and always", "[physics_mc][tables]") {
  CHECK(physics::probability_threshold32(0.0) == 0);
  CHECK(physics::probability_threshold32(1.0) == (std::uint64_t{1} << 32));
  CHECK(physics::probability_threshold32(0.5) == (std::uint64_t{1} << 31));
  CHECK(physics::probability_threshold32(1e-300) == 0);
  CHECK_THROWS_AS(physics::probability_threshold32(std::nan("")), std::invalid_argument);
}

TEST_CASE("Ising Metropolis and heat-bath tables satisfy detailed balance", "[physics_mc][tables]") {
  for (const int dims : {1, 2}) {
    for (const double h : {0.0, 0.37, -1.1}) {
      for (const double T : {0.5, 2.269, 7.0}) {
        IsingLattice lat(8, 1.0, h, T, Sampler::metropolis, dims);
        const double beta = 1.0 / T;
        const int z = lat.coordination();
        for (int sum = -z; sum <= z; sum += 2) {
          INFO("dims " << dims << " h " << h << " T " << T << " sum " << sum);
          // Metropolis: flipping +1 -> -1 and back with the same neighbours.
          const double de = lat.flip_energy(+1, sum);  // E(-1) - E(+1)
          const double forward = lat.metropolis_probability(+1, sum), backward = lat.metropolis_probability(-1, sum);
          CHECK(forward == Approx(backward * core::boltzmann_factor(de, beta)).epsilon(1e-12));
          CHECK(std::max(forward, backward) == 1.0);
          // Heat-bath: P(-1) = P(+1) exp(-beta (E(-1) - E(+1))). The sampler draws -1 with probability
          // 1 - P(+1), which is only known to an absolute 1.1e-16 (P(+1) is stored), so the ratio form
          // P(+1)/(1 - P(+1)) cannot hold to 1e-12 when P(-1) ~ 1e-8: compare with an absolute floor.
          const double up = lat.heat_bath_up_probability(sum);
          CHECK(1.0 - up == Approx(up * core::boltzmann_factor(de, beta)).epsilon(1e-12).margin(2.3e-16));
        }
      }
    }
  }
}

TEST_CASE("Huge energy gaps give table probabilities exactly 0 and 1", "[physics_mc][tables]") {
  IsingLattice lat(4, 1.0, 0.0, 1e-6, Sampler::metropolis);  // 4J / T = 4e6
  CHECK(lat.metropolis_probability(+1, 4) == 0.0);
  CHECK(lat.metropolis_probability(-1, 4) == 1.0);
  CHECK(lat.heat_bath_up_probability(4) == 1.0);
  CHECK(lat.heat_bath_up_probability(-4) == 0.0);
  CHECK(lat.heat_bath_up_probability(0) == 0.5);
  CHECK(lat.wolff_bond_probability() == 1.0);
  // A sweep at this temperature leaves the ground state alone.
  core::RandomStream rng(1);
  for (int k = 0; k < 10; ++k) lat.sweep(rng);
  CHECK(lat.energy_per_spin() == -2.0);
  PottsLattice potts(3, 4, 1.0, 0.0, 1e-6, Sampler::heat_bath);
  const auto p = potts.heat_bath_probabilities({4, 0, 0});
  CHECK(p[0] == 1.0);
  CHECK(p[1] == 0.0);
  CHECK(p[2] == 0.0);
}

TEST_CASE("Wolff bond probability is 1 - exp(-2 beta |J|)", "[physics_mc][tables]") {
  IsingLattice lat(4, -0.7, 0.0, 1.3, Sampler::wolff);
  CHECK(lat.wolff_bond_probability() == Approx(1.0 - core::boltzmann_factor(1.4, 1.0 / 1.3)).epsilon(1e-14));
}

TEST_CASE("Potts heat-bath rows are the Boltzmann distribution of the site", "[physics_mc][tables]") {
  const double J = 1.0, h = 0.25, T = 0.9;
  PottsLattice lat(4, 6, J, h, T, Sampler::heat_bath);
  const std::vector<std::vector<int>> hoods{{4, 0, 0, 0}, {1, 1, 1, 1}, {0, 2, 2, 0}, {0, 0, 1, 3}, {2, 1, 0, 1}};
  for (const auto& n : hoods) {
    const auto p = lat.heat_bath_probabilities(n);
    REQUIRE(p.size() == 4);
    CHECK(std::accumulate(p.begin(), p.end(), 0.0) == Approx(1.0).epsilon(1e-14));
    for (int a = 0; a < 4; ++a) {
      for (int b = 0; b < 4; ++b) {
        const double ea = -J * n[a] - h * (a == 0), eb = -J * n[b] - h * (b == 0);
        CHECK(p[a] / p[b] == Approx(core::boltzmann_factor(ea - eb, 1.0 / T)).epsilon(1e-12));
      }
    }
  }
}

TEST_CASE("Potts Metropolis acceptances satisfy detailed balance", "[physics_mc][tables]") {
  const double J = 0.8, h = -0.3, T = 1.1;
  PottsLattice lat(3, 4, J, h, T, Sampler::metropolis);
  for (int dn = -4; dn <= 4; ++dn) {
    for (int dz = -1; dz <= 1; ++dz) {
      const double de = -J * dn - h * dz;
      const double fwd = lat.metropolis_probability(dn, dz), back = lat.metropolis_probability(-dn, -dz);
      CHECK(fwd == Approx(back * core::boltzmann_factor(de, 1.0 / T)).epsilon(1e-12));
    }
  }
}

TEST_CASE("Heat-bath draws follow the table frequencies", "[physics_mc][tables]") {
  // A 1D chain at high field: every site is drawn independently of its (fixed-sum) neighbours only through
  // the table, so the fraction of up spins after one sweep from all-down estimates P(+1 | sum = -2).
  const double T = 1.0, h = 0.9;
  IsingLattice lat(200000, 1.0, h, T, Sampler::heat_bath, 1);
  lat.fill(-1);
  core::RandomStream rng(3);
  // Only the first colour sees all-down neighbours; count those sites.
  lat.heat_bath_sweep(rng);
  (void)lat;
  const auto& s = lat.spins();
  // Even sites were drawn with neighbours -1, -1 (sum -2).
  double up = 0;
  for (std::size_t i = 0; i < s.size(); i += 2) up += s[i] > 0;
  const double p = lat.heat_bath_up_probability(-2);
  const double frac = up / (s.size() / 2.0);
  CHECK(std::abs(frac - p) < 5.0 * std::sqrt(p * (1 - p) / (s.size() / 2.0)));
}

TEST_CASE("RandomStream::fill (the sweeps' bulk draws) gives the numbers of repeated next_u64", "[physics_mc][tables]") {
  core::RandomStream a(77, 3), b(77, 3);
  std::vector<std::uint64_t> bulk(1001);
  a.fill(bulk.data(), 1);
  a.fill(bulk.data() + 1, 1000);
  for (const auto x : bulk) CHECK(x == b.next_u64());
  CHECK(a.next_u64() == b.next_u64());  // the state advanced by exactly 1001 draws
}
