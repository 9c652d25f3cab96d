// LevelSystem on core::Ensemble: thermodynamic identities, populations, huge gaps and bad input.
#include <catch2/catch.hpp>

#include <cmath>
#include <functional>
#include <limits>

#include "tests/physics/argument_of.hpp"
#include "core/input_error.hpp"
#include "core/softmax.hpp"
#include "physics/levels.hpp"

using namespace arbiter;
using arbiter::test_physics::argument_of;

namespace {


const physics::LevelSystem& sample_system() {
  static const physics::LevelSystem s({0.0, 0.3, 1.2, 2.5}, {1.0, 3.0, 2.0, 5.0});
  return s;
}

}  // namespace

TEST_CASE("levels: F = U - TS, S = -dF/dT, U = -dlogZ/dbeta and C = dU/dT", "[physics][levels]") {
  const auto& s = sample_system();
  for (double T : {0.1, 0.5, 1.0, 3.0, 20.0}) {
    const auto a = s.at(T);
    CHECK(a.free_energy == Approx(a.mean_energy - T * a.entropy).margin(1e-12));
    CHECK(a.free_energy == Approx(-T * a.log_z).margin(1e-12));
    const double d = 1e-5 * T;
    const auto lo = s.at(T - d), hi = s.at(T + d);
    CHECK(a.entropy == Approx(-(hi.free_energy - lo.free_energy) / (2 * d)).margin(1e-6));
    CHECK(a.heat_capacity == Approx((hi.mean_energy - lo.mean_energy) / (2 * d)).margin(1e-6));
    const double b = 1.0 / T, db = 1e-6 * b;
    const double dlogz = (s.at(1.0 / (b + db)).log_z - s.at(1.0 / (b - db)).log_z) / (2 * db);
    CHECK(a.mean_energy == Approx(-dlogz).margin(1e-6));
  }
}

TEST_CASE("levels: populations are g_i e^{-beta E_i} / Z and sum to one", "[physics][levels]") {
  const auto& s = sample_system();
  const double T = 0.7;
  const auto a = s.at(T);
  double total = 0.0;
  for (double p : a.populations) total += p;
  CHECK(total == Approx(1.0).margin(1e-14));
  for (std::size_t i = 0; i < s.size(); ++i) {
    const double expected = s.degeneracies()[i] * core::boltzmann_factor(s.energies()[i], 1.0 / T) / a.z;
    CHECK(a.populations[i] == Approx(expected).epsilon(1e-12));
  }
  // Z by hand: 1 + 3 e^{-0.3/T} + 2 e^{-1.2/T} + 5 e^{-2.5/T}.
  const double z = 1.0 + 3.0 * core::boltzmann_factor(0.3, 1 / T) + 2.0 * core::boltzmann_factor(1.2, 1 / T) +
                   5.0 * core::boltzmann_factor(2.5, 1 / T);
  CHECK(a.z == Approx(z).epsilon(1e-13));
  CHECK(a.log_z == Approx(std::log(z)).epsilon(1e-13));
}

TEST_CASE("levels: limits T -> 0 (ground state) and T -> inf (S -> log sum g)", "[physics][levels]") {
  const auto& s = sample_system();
  const auto cold = s.at(1e-3);
  CHECK(cold.mean_energy == Approx(0.0).margin(1e-12));
  CHECK(cold.entropy == Approx(0.0).margin(1e-12));
  const auto hot = s.at(1e9);
  CHECK(hot.entropy == Approx(std::log(11.0)).epsilon(1e-8));
  CHECK(hot.populations[3] == Approx(5.0 / 11.0).epsilon(1e-8));
}

TEST_CASE("levels: huge gaps (1e6 kT) give populations exactly 0 and 1, never NaN", "[physics][levels]") {
  const physics::LevelSystem up({0.0, 1e6}), down({1e6, 0.0}), both({-1e6, 0.0, 1e6}, {2.0, 1.0, 7.0});
  const auto a = up.at(1.0), b = down.at(1.0), c = both.at(1.0);
  CHECK(a.populations[0] == 1.0);
  CHECK(a.populations[1] == 0.0);
  CHECK(b.populations[0] == 0.0);
  CHECK(b.populations[1] == 1.0);
  CHECK(c.populations[0] == 1.0);
  CHECK(c.populations[1] == 0.0);
  CHECK(c.populations[2] == 0.0);
  for (const auto& t : {a, b, c}) {
    CHECK(std::isfinite(t.log_z));
    CHECK(std::isfinite(t.mean_energy));
    CHECK(t.heat_capacity == 0.0);
  }
  CHECK(a.mean_energy == 0.0);
  CHECK(c.mean_energy == -1e6);
  CHECK(c.entropy == Approx(std::log(2.0)).epsilon(1e-12));
  CHECK(c.log_z == Approx(1e6 + std::log(2.0)).epsilon(1e-15));
}

TEST_CASE("levels: copies multiply extensive quantities", "[physics][levels]") {
  const physics::LevelSystem one({0.0, 1.0}, {}, {1.0, -1.0}), many({0.0, 1.0}, {}, {1.0, -1.0}, {}, 50.0);
  const auto a = one.at(0.8), b = many.at(0.8);
  CHECK(b.log_z == Approx(50 * a.log_z));
  CHECK(b.heat_capacity == Approx(50 * a.heat_capacity));
  CHECK(b.magnetisation == Approx(50 * a.magnetisation));
  CHECK(b.populations == a.populations);
}

TEST_CASE("levels: bad input is an ArgumentError naming the argument", "[physics][levels][errors]") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  CHECK(argument_of([] { physics::LevelSystem({}); }) == "energies");
  CHECK(argument_of([&] { physics::LevelSystem({0.0, nan}); }) == "energies[1]");
  CHECK(argument_of([] { physics::LevelSystem({0.0, INFINITY}); }) == "energies[1]");
  CHECK(argument_of([] { physics::LevelSystem({0.0, 1.0}, {0.0, 1.0}); }) == "degeneracies[0]");
  CHECK(argument_of([] { physics::LevelSystem({0.0, 1.0}, {1.0, -2.0}); }) == "degeneracies[1]");
  CHECK(argument_of([] { physics::LevelSystem({0.0, 1.0}, {1.0}); }) == "degeneracies");
  const auto& s = sample_system();
  CHECK(argument_of([&] { s.at(0.0); }) == "temperature T");
  CHECK(argument_of([&] { s.at(-1.0); }) == "temperature T");
  CHECK(argument_of([&] { s.at(nan); }) == "temperature T");
}
