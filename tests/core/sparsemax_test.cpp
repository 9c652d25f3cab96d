#include <catch2/catch.hpp>

#include "core/sparsemax.hpp"

using namespace arbiter::core;

TEST_CASE("sparsemax gives exact zeros and sums to one", "[core][sparsemax]") {
  Eigen::VectorXd x(4);
  x << 2.0, 1.5, 0.1, -1.0;
  const Eigen::VectorXd p = sparsemax<double>(x);
  // Support {0, 1}: tau = (2 + 1.5 - 1) / 2 = 1.25.
  CHECK(p[0] == Approx(0.75));
  CHECK(p[1] == Approx(0.25));
  CHECK(p[2] == 0.0);
  CHECK(p[3] == 0.0);
  CHECK(p.sum() == Approx(1.0));
}

TEST_CASE("sparsemax is the Euclidean projection onto the simplex", "[core][sparsemax]") {
  Eigen::VectorXd x(3);
  x << 0.2, 0.3, 0.1;
  // All inside the support: p = x - (sum - 1) / 3.
  const Eigen::VectorXd p = sparsemax<double>(x);
  for (int i = 0; i < 3; ++i) CHECK(p[i] == Approx(x[i] + (1.0 - 0.6) / 3));
  // Temperature scales the logits; a large T spreads, a small T concentrates.
  CHECK(sparsemax<double>(x, 100.0).minCoeff() > 0.3);
  const Eigen::VectorXd cold = sparsemax<double>(x, 0.01);
  CHECK(cold[1] == 1.0);
  CHECK_THROWS_AS(sparsemax<double>(x, 0.0), std::invalid_argument);
}
