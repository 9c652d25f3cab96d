// Built-in level families against their closed forms: Schottky, harmonic oscillator, Einstein solid,
// spin-1/2 (tanh) and spin-J (Brillouin) paramagnets.
#include <catch2/catch.hpp>

#include <cmath>
#include <functional>

#include "tests/physics/argument_of.hpp"
#include "core/input_error.hpp"
#include "physics/level_families.hpp"

using namespace arbiter;
using arbiter::test_physics::argument_of;

TEST_CASE("Schottky: peak C = 0.4392 at T = 0.4168 Delta, from the closed form and the level sum",
          "[physics][families]") {
  const auto peak = physics::schottky_peak();
  // The peak solves x tanh(x/2) = 2 with x = Delta/T: x = 2.399357...
  CHECK(peak.t_over_gap == Approx(1.0 / 2.3993572805).epsilon(1e-8));
  CHECK(peak.heat_capacity == Approx(0.4392288).epsilon(1e-6));
  const double x = 1.0 / peak.t_over_gap;
  CHECK(x * std::tanh(x / 2) == Approx(2.0).epsilon(1e-9));
  // The level sum for a gap of 2.5 peaks at T = 0.4168 * 2.5 with the same height.
  const auto s = physics::two_level_system(2.5);
  double best_c = 0.0, best_t = 0.0;
  for (int i = 1; i <= 4000; ++i) {
    const double T = 0.0005 * i;
    const double c = s.at(T).heat_capacity;
    if (c > best_c) {
      best_c = c;
      best_t = T;
    }
  }
  CHECK(best_t == Approx(0.41678 * 2.5).margin(0.0005));
  CHECK(best_c == Approx(0.43923).margin(1e-5));
}

TEST_CASE("two-level system with degeneracies matches its closed form", "[physics][families]") {
  const auto s = physics::two_level_system(1.3, 2.0, 5.0);
  for (double T : {0.05, 0.3, 1.0, 4.0, 100.0}) {
    const auto a = s.at(T);
    const auto c = physics::two_level_closed_form(1.3, 2.0, 5.0, T);
    CHECK(a.log_z == Approx(c.log_z).epsilon(1e-13));
    CHECK(a.mean_energy == Approx(c.mean_energy).margin(1e-13));
    CHECK(a.entropy == Approx(c.entropy).margin(1e-12));
    CHECK(a.heat_capacity == Approx(c.heat_capacity).margin(1e-12));
    CHECK(a.heat_capacity == Approx(physics::schottky_heat_capacity(1.3, T, 2.5)).margin(1e-12));
  }
  CHECK(s.at(1e8).entropy == Approx(std::log(7.0)).epsilon(1e-7));
}

TEST_CASE("harmonic oscillator: the truncated sum converges to the closed form as n grows",
          "[physics][families]") {
  const double T = 2.0;
  const auto exact = physics::harmonic_oscillator_closed_form(1.0, T);
  double previous = INFINITY;
  for (int n : {5, 10, 20, 40, 80}) {
    const auto a = physics::harmonic_oscillator(1.0, n).at(T);
    const double err = std::abs(a.mean_energy - exact.mean_energy) + std::abs(a.heat_capacity - exact.heat_capacity);
    CHECK(err < previous);
    previous = err;
  }
  const auto a = physics::harmonic_oscillator(1.0, 100).at(T);
  CHECK(a.log_z == Approx(exact.log_z).margin(1e-12));
  CHECK(a.mean_energy == Approx(exact.mean_energy).margin(1e-12));
  CHECK(a.heat_capacity == Approx(exact.heat_capacity).margin(1e-12));
  CHECK(a.entropy == Approx(exact.entropy).margin(1e-12));
  // Closed-form limits: U -> hbar omega / 2 and C -> 0 as T -> 0; C -> 1 (equipartition) at high T.
  CHECK(physics::harmonic_oscillator_closed_form(1.0, 0.01).mean_energy == Approx(0.5).margin(1e-12));
  CHECK(physics::harmonic_oscillator_closed_form(1.0, 100.0).heat_capacity == Approx(1.0).margin(1e-4));
  CHECK(physics::harmonic_oscillator_closed_form(1.0, 100.0).mean_energy == Approx(100.0).margin(1e-3));
}

TEST_CASE("Einstein solid: degeneracies C(q+N-1, q) and N times one oscillator", "[physics][families]") {
  const auto s = physics::einstein_solid(3, 0.7, 300);
  for (int q : {0, 1, 2, 10, 100})
    CHECK(s.degeneracies()[static_cast<std::size_t>(q)] == Approx((q + 1.0) * (q + 2.0) / 2.0).epsilon(1e-12));
  for (double T : {0.2, 1.0, 3.0}) {
    const auto a = s.at(T);
    const auto c = physics::einstein_solid_closed_form(3, 0.7, T);
    CHECK(a.log_z == Approx(c.log_z).margin(1e-9));
    CHECK(a.mean_energy == Approx(c.mean_energy).margin(1e-9));
    CHECK(a.heat_capacity == Approx(c.heat_capacity).margin(1e-9));
  }
  // Dulong-Petit: C -> N at high T.
  CHECK(physics::einstein_solid_closed_form(3, 0.7, 70.0).heat_capacity == Approx(3.0).margin(1e-3));
}

TEST_CASE("spin-1/2 paramagnet: M = N mu tanh(mu B / T)", "[physics][families]") {
  const auto s = physics::paramagnet(0.5, 1.5, 0.8, 100);
  for (double T : {0.05, 0.5, 1.2, 10.0}) {
    const auto a = s.at(T);
    CHECK(a.magnetisation == Approx(100 * 1.5 * std::tanh(1.5 * 0.8 / T)).epsilon(1e-12));
    // A spin-1/2 is a two-level system with gap 2 mu B: Schottky heat capacity per spin.
    CHECK(a.heat_capacity == Approx(100 * physics::schottky_heat_capacity(2 * 1.5 * 0.8, T)).epsilon(1e-10));
    const auto c = physics::paramagnet_closed_form(0.5, 1.5, 0.8, 100, T);
    CHECK(a.log_z == Approx(c.log_z).epsilon(1e-12));
    CHECK(a.magnetisation == Approx(c.magnetisation).epsilon(1e-12));
  }
  CHECK(physics::brillouin(0.5, 0.7) == Approx(std::tanh(0.7)).epsilon(1e-14));
}

TEST_CASE("spin-J paramagnet: the level sum gives the Brillouin function", "[physics][families]") {
  for (double J : {1.0, 1.5, 3.5, 7.0}) {
    const auto s = physics::paramagnet(J, 2.0, 1.0, 1);
    REQUIRE(s.size() == static_cast<std::size_t>(2 * J + 1));
    for (double T : {0.1, 0.7, 2.0, 5.0, 50.0}) {
      const double x = 2.0 / T;
      const auto a = s.at(T);
      const auto c = physics::paramagnet_closed_form(J, 2.0, 1.0, 1, T);
      CHECK(a.magnetisation == Approx(2.0 * physics::brillouin(J, x)).epsilon(1e-11));
      CHECK(a.mean_energy == Approx(c.mean_energy).epsilon(1e-11));
      CHECK(a.heat_capacity == Approx(c.heat_capacity).margin(1e-11));
      CHECK(a.log_z == Approx(c.log_z).epsilon(1e-12));
      CHECK(a.entropy == Approx(c.entropy).margin(1e-11));
    }
  }
  // Curie's law at small x: B_J(x) ~ (J + 1) x / (3 J). Langevin L(x) = coth x - 1/x as J -> inf, approached
  // as B_J(x) = L(x) + (coth x - x / sinh^2 x) / (2J) + O(1/J^2): at J = 500 the 1/J term is 1.7e-3 of L(1.7)
  // (an earlier check against L alone at 1e-3 was too tight), the remainder about 4e-7.
  CHECK(physics::brillouin(2.5, 1e-3) == Approx(3.5 / 7.5 * 1e-3).epsilon(1e-5));
  for (const double J : {50.0, 500.0, 5000.0}) {
    const double x = 1.7, langevin = 1.0 / std::tanh(x) - 1.0 / x;
    const double first_order = (1.0 / std::tanh(x) - x / (std::sinh(x) * std::sinh(x))) / (2.0 * J);
    CHECK(physics::brillouin(J, x) == Approx(langevin + first_order).margin(0.5 / (J * J)));
    CHECK(std::abs(physics::brillouin(J, x) - langevin) > 0.5 * first_order);
  }
  // dB/dx against a central difference, on both sides of the series switch.
  for (double x : {5e-4, 2e-3, 0.3, 2.0}) {
    const double h = 1e-6;
    const double fd = (physics::brillouin(1.5, x + h) - physics::brillouin(1.5, x - h)) / (2 * h);
    CHECK(physics::brillouin_derivative(1.5, x) == Approx(fd).epsilon(1e-6));
  }
  // Saturation: huge field / tiny T gives M = N mu exactly in the level sum.
  CHECK(physics::paramagnet(3.5, 1.0, 1e6, 10).at(1.0).magnetisation == 10.0);
}

TEST_CASE("families: bad parameters are ArgumentErrors naming the argument", "[physics][families][errors]") {
  CHECK(argument_of([] { physics::harmonic_oscillator(0.0, 10); }) == "hbar_omega");
  CHECK(argument_of([] { physics::harmonic_oscillator(1.0, 0); }) == "oscillator levels");
  CHECK(argument_of([] { physics::paramagnet(0.3, 1.0, 1.0); }) == "spin J");
  CHECK(argument_of([] { physics::paramagnet(0.5, -1.0, 1.0); }) == "moment");
  CHECK(argument_of([] { physics::two_level_system(1.0, 0.0, 1.0); }) == "ground degeneracy g0");
  CHECK(argument_of([] { physics::two_level_system(NAN); }) == "gap");
  CHECK(argument_of([] { physics::einstein_solid(0, 1.0, 10); }) == "oscillators");
  CHECK(argument_of([] { physics::einstein_solid(100000, 1.0, 100000); }) == "max_quanta");
}
