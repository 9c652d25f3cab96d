// The multi-spin coded sweeps (L a multiple of 128, h = 0): packing is lossless, the packed energy and
// magnetisation equal the byte-level ones, one sweep from the ground state flips sublattice A with exactly
// the table probability, and equilibrium averages agree with the byte-level checkerboard sweeps and with
// Kaufman's exact e and c (J = +-1).
#include <catch2/catch.hpp>
#include <cmath>
#include "core/random_stream.hpp"
#include "core/softmax.hpp"
#include "physics/ising_lattice.hpp"
#include "physics/ising_multispin.hpp"
#include "physics/kaufman_torus.hpp"
#include "physics/thermal_averages.hpp"

using namespace arbiter;
using physics::IsingLattice;
using physics::IsingMultispin;
using physics::Sampler;

TEST_CASE("Multi-spin packing round-trips and counts bonds like the byte lattice", "[physics_mc][multispin]") {
  core::RandomStream rng(5);
  for (const double J : {1.0, -1.0}) {
    IsingLattice bytes(128, J, 0.0, 2.0, Sampler::metropolis);
    bytes.set_multispin(false);
    for (auto& s : bytes.spins()) s = rng.uniform() < 0.3 ? 1 : -1;
    IsingMultispin packed(128, J, 2.0);
    packed.load(bytes.spins());
    std::vector<std::int8_t> back;
    packed.store(back);
    CHECK(back == bytes.spins());
    CHECK(packed.spin_sum() == bytes.spin_sum());
    CHECK(packed.bond_sum() == bytes.bond_sum());
  }
  CHECK(IsingMultispin::supports(256, 2, 0.0));
  CHECK_FALSE(IsingMultispin::supports(64, 2, 0.0));
  CHECK_FALSE(IsingMultispin::supports(128, 2, 0.1));
  CHECK_FALSE(IsingMultispin::supports(128, 1, 0.0));
}

TEST_CASE("One packed sweep from the ground state flips sublattice A with the table probability", "[physics_mc][multispin]") {
  const double T = 2.5;
  for (const auto sampler : {Sampler::metropolis, Sampler::heat_bath}) {
    IsingLattice lat(512, 1.0, 0.0, T, sampler);
    REQUIRE(lat.multispin());
    core::RandomStream rng(11);
    lat.sweep(rng);
    // Sublattice A ((i + j) even) is updated first, with all four neighbours up.
    const auto& s = lat.spins();
    double down = 0, count = 0;
    for (int i = 0; i < 512; ++i)
      for (int j = i & 1; j < 512; j += 2, ++count) down += s[static_cast<std::size_t>(i * 512 + j)] < 0;
    const double p = sampler == Sampler::metropolis ? lat.metropolis_probability(+1, 4)
                                                    : 1.0 - lat.heat_bath_up_probability(4);
    INFO(physics::sampler_name(sampler) << ": fraction " << down / count << " vs " << p);
    CHECK(std::abs(down / count - p) < 5.0 * std::sqrt(p * (1.0 - p) / count));
  }
}

TEST_CASE("Packed and byte-level sweeps give the same equilibrium averages", "[physics_mc][multispin]") {
  for (const auto sampler : {Sampler::metropolis, Sampler::heat_bath}) {
    for (const double T : {2.0, 3.0}) {
      physics::ThermalAverages avg[2];
      for (int packed = 0; packed < 2; ++packed) {
        IsingLattice lat(128, 1.0, 0.0, T, sampler);
        lat.set_multispin(packed == 1);
        REQUIRE(lat.multispin() == (packed == 1));
        core::RandomStream rng(100 + static_cast<std::uint64_t>(packed));
        for (int k = 0; k < 300; ++k) lat.sweep(rng);
        std::vector<double> e, m;
        for (int k = 0; k < 3000; ++k) {
          lat.sweep(rng);
          e.push_back(lat.energy_per_spin());
          m.push_back(lat.order_parameter());
        }
        avg[packed] = physics::thermal_averages(e, m, lat.sites(), T);
      }
      INFO(physics::sampler_name(sampler) << " T = " << T << ": e " << avg[0].e.value << " +- " << avg[0].e.error << " vs "
                                          << avg[1].e.value << " +- " << avg[1].e.error);
      const double se = std::hypot(avg[0].e.error, avg[1].e.error);
      const double sm = std::hypot(avg[0].abs_m.error, avg[1].abs_m.error);
      CHECK(std::abs(avg[0].e.value - avg[1].e.value) < 4.0 * se);
      CHECK(std::abs(avg[0].abs_m.value - avg[1].abs_m.value) < 4.0 * sm);
    }
  }
}

TEST_CASE("Packed sweeps agree with Kaufman's exact torus, ferro- and antiferromagnet (L = 128)", "[physics_mc][multispin]") {
  for (const auto sampler : {Sampler::metropolis, Sampler::heat_bath}) {
    for (const double J : {1.0, -1.0}) {
      for (const double T : {2.0, 3.0}) {
        IsingLattice lat(128, J, 0.0, T, sampler);
        REQUIRE(lat.multispin());
        if (J < 0) {  // start from the Neel state, the antiferromagnet's ground state
          auto& s = lat.spins();
          for (int i = 0; i < 128; ++i)
            for (int j = 0; j < 128; ++j) s[static_cast<std::size_t>(i * 128 + j)] = (i + j) % 2 ? 1 : -1;
        }
        core::RandomStream rng(7);
        for (int k = 0; k < 300; ++k) lat.sweep(rng);
        std::vector<double> e, m;
        for (int k = 0; k < 4000; ++k) {
          lat.sweep(rng);
          e.push_back(lat.energy_per_spin());
          m.push_back(lat.order_parameter());
        }
        const auto a = physics::thermal_averages(e, m, lat.sites(), T);
        const auto exact = physics::kaufman_torus_row(128, J, T);
        INFO(physics::sampler_name(sampler) << " J = " << J << " T = " << T << ": e " << a.e.value << " +- "
                                            << a.e.error << " vs " << exact.e_per_spin << ", c " << a.c.value
                                            << " +- " << a.c.error << " vs " << exact.c_per_spin);
        CHECK(std::abs(a.e.value - exact.e_per_spin) < 4.0 * a.e.error);
        CHECK(std::abs(a.c.value - exact.c_per_spin) < 4.0 * a.c.error);
      }
    }
  }
}
