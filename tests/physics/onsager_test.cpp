// Onsager's and Yang's exact results for the infinite square lattice.
#include <catch2/catch.hpp>

#include <cmath>
#include <stdexcept>

#include "physics/ising_exact.hpp"
#include "physics/onsager.hpp"

using namespace arbiter;

TEST_CASE("Onsager: T_c = 2 / ln(1 + sqrt 2) and u(T_c) = -sqrt 2", "[physics][onsager]") {
  const double tc = physics::onsager_critical_temperature();
  CHECK(tc == Approx(2.269185314213022).epsilon(1e-15));
  CHECK(physics::onsager_critical_temperature(2.5) == Approx(2.5 * tc).epsilon(1e-15));
  CHECK(physics::onsager_energy_per_spin(tc) == Approx(-std::sqrt(2.0)).epsilon(1e-14));
  // Continuous through T_c (the elliptic integral diverges only logarithmically against a linear zero).
  CHECK(physics::onsager_energy_per_spin(tc * (1 - 1e-9)) == Approx(-std::sqrt(2.0)).margin(1e-6));
  CHECK(physics::onsager_energy_per_spin(tc * (1 + 1e-9)) == Approx(-std::sqrt(2.0)).margin(1e-6));
  // Limits: u -> -2J (ground state) as T -> 0; u ~ -2 tanh(K) -> 0 at high T.
  CHECK(physics::onsager_energy_per_spin(0.2) == Approx(-2.0).margin(1e-12));
  CHECK(physics::onsager_energy_per_spin(1000.0) == Approx(-2.0 * std::tanh(1e-3)).margin(1e-8));
  CHECK(physics::onsager_energy_per_spin(2.0 * tc, 2.0) == Approx(2.0 * physics::onsager_energy_per_spin(tc)));
}

TEST_CASE("Onsager: log Z per spin at T_c is 2G/pi + ln(2)/2 (G = Catalan)", "[physics][onsager]") {
  const double tc = physics::onsager_critical_temperature();
  const double catalan = 0.915965594177219015;
  CHECK(-physics::onsager_free_energy_per_spin(tc) / tc ==
        Approx(2 * catalan / M_PI + 0.5 * std::log(2.0)).epsilon(1e-12));
  // High T: log Z per spin -> log 2.
  CHECK(-physics::onsager_free_energy_per_spin(1e6) / 1e6 == Approx(std::log(2.0)).epsilon(1e-9));
  // Low T: f -> -2J.
  CHECK(physics::onsager_free_energy_per_spin(0.3) == Approx(-2.0).margin(1e-9));
}

TEST_CASE("Onsager: u = f - T df/dT and c = du/dT", "[physics][onsager]") {
  for (double T : {1.2, 2.0, 2.2, 2.35, 3.0, 5.0}) {
    const double d = 1e-5;
    const double dfdT =
        (physics::onsager_free_energy_per_spin(T + d) - physics::onsager_free_energy_per_spin(T - d)) / (2 * d);
    CHECK(physics::onsager_energy_per_spin(T) ==
          Approx(physics::onsager_free_energy_per_spin(T) - T * dfdT).margin(1e-7));
    const double dudT = (physics::onsager_energy_per_spin(T + d) - physics::onsager_energy_per_spin(T - d)) / (2 * d);
    CHECK(physics::onsager_heat_capacity_per_spin(T) == Approx(dudT).epsilon(1e-6));
  }
  CHECK(std::isinf(physics::onsager_heat_capacity_per_spin(physics::onsager_critical_temperature())));
}

TEST_CASE("Yang: spontaneous magnetisation (1 - sinh(2K)^-4)^(1/8) below T_c", "[physics][onsager]") {
  const double tc = physics::onsager_critical_temperature();
  CHECK(physics::yang_spontaneous_magnetisation(2.0) == Approx(0.9113194).epsilon(1e-6));
  CHECK(physics::yang_spontaneous_magnetisation(1.0) == Approx(0.99927).margin(1e-5));
  CHECK(physics::yang_spontaneous_magnetisation(0.1) == Approx(1.0).margin(1e-15));
  CHECK(physics::yang_spontaneous_magnetisation(tc) == 0.0);
  CHECK(physics::yang_spontaneous_magnetisation(3.0) == 0.0);
  // beta = 1/8: m ~ A (1 - T/T_c)^(1/8) with A = 2^(5/8) (sqrt 2 ln(1 + sqrt 2))^(1/8) ... just check the exponent.
  const double t1 = tc * (1 - 1e-6), t2 = tc * (1 - 1e-8);
  const double slope = std::log(physics::yang_spontaneous_magnetisation(t1) / physics::yang_spontaneous_magnetisation(t2)) /
                       std::log(1e-6 / 1e-8);
  CHECK(slope == Approx(0.125).margin(1e-4));
  // The exact 4 x 4 lattice at T = 1.5 is already within a fraction of a per cent of Yang.
  CHECK(physics::exact_ising_row(4, 1.0, 0.0, 1.5).abs_m_per_spin ==
        Approx(physics::yang_spontaneous_magnetisation(1.5)).epsilon(5e-3));
}

TEST_CASE("Onsager: bad arguments throw", "[physics][onsager][errors]") {
  CHECK_THROWS_AS(physics::onsager_energy_per_spin(0.0), std::invalid_argument);
  CHECK_THROWS_AS(physics::onsager_energy_per_spin(-1.0), std::invalid_argument);
  CHECK_THROWS_AS(physics::yang_spontaneous_magnetisation(1.0, 0.0), std::invalid_argument);
  CHECK_THROWS_AS(physics::onsager_free_energy_per_spin(NAN), std::invalid_argument);
}
