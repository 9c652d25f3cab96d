#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "core/ensemble.hpp"
#include "core/softmax.hpp"

using namespace arbiter::core;

TEST_CASE("a two-level system matches its closed form", "[core][ensemble]") {
  const double delta = 1.0;
  Ensemble two({0.0, delta});
  for (double T : {0.2, 0.417, 1.0, 5.0}) {
    const double b = 1.0 / T;
    const double z = 1.0 + std::exp(-b * delta);
    CHECK(two.log_z(b) == Approx(std::log(z)).epsilon(1e-14));
    CHECK(two.mean_energy(b) == Approx(delta * std::exp(-b * delta) / z));
    const double c = b * b * delta * delta * std::exp(-b * delta) / (z * z);
    CHECK(two.heat_capacity(b) == Approx(c));
    CHECK(two.free_energy(b) == Approx(-T * std::log(z)));
  }
  // The Schottky peak: C(T = 0.417 delta) is about 0.439.
  CHECK(two.heat_capacity(1.0 / 0.417) == Approx(0.439).margin(0.001));
}

TEST_CASE("d log Z / d beta = -<E> and d2 log Z / d beta2 = Var(E)", "[core][ensemble]") {
  Ensemble e({-1.0, 0.0, 0.5, 2.0, 3.5}, {1.0, 2.0, 3.0, 1.0, 4.0});
  for (double b : {0.1, 0.7, 2.0}) {
    const double h = 1e-4;
    const double d1 = (e.log_z(b + h) - e.log_z(b - h)) / (2 * h);
    const double d2 = (e.log_z(b + h) - 2 * e.log_z(b) + e.log_z(b - h)) / (h * h);
    CHECK(d1 == Approx(-e.mean_energy(b)).epsilon(1e-7));
    CHECK(d2 == Approx(e.energy_variance(b)).epsilon(1e-5));
    const auto t = e.thermodynamics(b);
    CHECK(t.entropy == Approx(b * (t.mean_energy - t.free_energy)));
    // S = -sum p log(p / g) (Gibbs entropy with degeneracies).
    const Eigen::VectorXd p = e.probabilities(b);
    double s = 0;
    for (int i = 0; i < 5; ++i) s -= p[i] * std::log(p[i] / e.degeneracies()[i]);
    CHECK(t.entropy == Approx(s));
  }
}

TEST_CASE("level probabilities are the core softmax of -beta E + log g", "[core][ensemble]") {
  Ensemble e({0.0, 1.0, 2.0}, {1.0, 3.0, 5.0});
  Eigen::VectorXd logits(3);
  logits << 0.0 + std::log(1.0), -1.5 + std::log(3.0), -3.0 + std::log(5.0);
  CHECK((e.probabilities(1.5) - softmax<double>(logits)).cwiseAbs().maxCoeff() < 1e-15);
}

TEST_CASE("infinite and zero beta, and huge gaps, stay exact", "[core][ensemble]") {
  Ensemble e({0.0, 1e6}, {2.0, 1.0});
  const Eigen::VectorXd p = e.probabilities(1.0);
  CHECK(p[0] == 1.0);
  CHECK(p[1] == 0.0);
  const auto ground = e.thermodynamics(std::numeric_limits<double>::infinity());
  CHECK(ground.mean_energy == 0.0);
  CHECK(ground.entropy == Approx(std::log(2.0)));
  CHECK(ground.heat_capacity == 0.0);
  CHECK(e.log_z(0.0) == Approx(std::log(3.0)));
  CHECK(e.mean_energy(0.0) == Approx(1e6 / 3));
}

TEST_CASE("bad ensembles are rejected", "[core][ensemble]") {
  CHECK_THROWS_AS(Ensemble({}), std::invalid_argument);
  CHECK_THROWS_AS(Ensemble({0.0, std::nan("")}), std::invalid_argument);
  CHECK_THROWS_AS(Ensemble({0.0, 1.0}, {1.0, 0.0}), std::invalid_argument);
  CHECK_THROWS_AS(Ensemble({0.0}).log_z(-1.0), std::invalid_argument);
}
