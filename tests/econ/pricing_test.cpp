// Bertrand-Nash and joint-monopoly prices under logit demand: first-order conditions and closed forms.
#include <catch2/catch.hpp>

#include "core/random_stream.hpp"
#include "econ/logit_pricing.hpp"

using namespace arbiter;

TEST_CASE("single-product Nash: FOC residual ~ 0 and margin 1 / (alpha (1 - s))", "[econ_market]") {
  const double alpha = 0.5;
  const auto d = econ::representative_consumer(Eigen::Vector3d(2.0, 1.5, 1.0), -alpha);
  const Eigen::Vector3d c(1.0, 1.5, 0.8);
  const auto e = econ::bertrand_nash_prices(d, c, {0, 1, 2}, 100.0);
  REQUIRE(e.converged);
  CHECK(e.foc_residual < 1e-12);
  for (int j = 0; j < 3; ++j) CHECK(e.margins[j] == Approx(1.0 / (alpha * (1.0 - e.shares[j]))).epsilon(1e-10));
  CHECK(e.profits.sum() == Approx(100.0 * e.margins.dot(e.shares)).epsilon(1e-12));
}

TEST_CASE("multi-product logit firms: equal margins 1 / (alpha (1 - firm share)), monopoly 1 / (alpha s0)",
          "[econ_market]") {
  const double alpha = 0.8;
  const auto d = econ::representative_consumer((Eigen::VectorXd(5) << 1.6, 2.2, 1.52, 1.75, 2.1).finished(), -alpha);
  const Eigen::VectorXd c = (Eigen::VectorXd(5) << 3.0, 4.5, 3.2, 5.0, 3.5).finished();
  const std::vector<int> owner = {0, 0, 1, 1, 2};
  const auto nash = econ::bertrand_nash_prices(d, c, owner);
  REQUIRE(nash.converged);
  CHECK(nash.foc_residual < 1e-12);
  for (int f = 0; f < 3; ++f) {
    double firm_share = 0.0;
    for (int j = 0; j < 5; ++j)
      if (owner[j] == f) firm_share += nash.shares[j];
    for (int j = 0; j < 5; ++j)
      if (owner[j] == f) CHECK(nash.margins[j] == Approx(1.0 / (alpha * (1.0 - firm_share))).epsilon(1e-10));
  }
  const auto mono = econ::joint_monopoly_prices(d, c);
  REQUIRE(mono.converged);
  CHECK(mono.foc_residual < 1e-12);
  for (int j = 0; j < 5; ++j) {
    CHECK(mono.margins[j] == Approx(mono.margins[0]).epsilon(1e-10));
    CHECK(mono.margins[j] == Approx(1.0 / (alpha * mono.outside_share)).epsilon(1e-10));
    CHECK(mono.prices[j] > nash.prices[j]);
  }
  CHECK(mono.consumer_surplus < nash.consumer_surplus);
  CHECK(mono.profits.sum() > nash.profits.sum());
}

TEST_CASE("heterogeneous consumers: Nash FOC residual ~ 0 and no firm gains by a unilateral deviation",
          "[econ_market]") {
  core::RandomStream rng(3, 0);
  econ::LogitDemand d;
  const int N = 200, J = 4;
  d.base_utility.resize(N, J);
  d.price_coefficient.resize(N);
  for (int i = 0; i < N; ++i) {
    for (int j = 0; j < J; ++j) d.base_utility(i, j) = 2.0 + 0.3 * j + rng.normal(0.0, 0.5);
    d.price_coefficient[i] = rng.uniform(-1.2, -0.3);
  }
  d.weight = Eigen::VectorXd::Constant(N, 1.0 / N);
  const Eigen::Vector4d c(1.0, 1.2, 1.4, 1.1);
  const std::vector<int> owner = {0, 0, 1, 2};
  const auto nash = econ::bertrand_nash_prices(d, c, owner, 1.0);
  REQUIRE(nash.converged);
  CHECK(nash.foc_residual < 1e-10);
  const auto profit_of = [&](int firm, const Eigen::VectorXd& p) {
    const auto e = econ::evaluate_prices(d, p, c, owner, 1.0);
    double total = 0.0;
    for (int j = 0; j < J; ++j)
      if (owner[j] == firm) total += e.profits[j];
    return total;
  };
  for (int j = 0; j < J; ++j)
    for (double dp : {-0.05, 0.05}) {
      Eigen::VectorXd p = nash.prices;
      p[j] += dp;
      CHECK(profit_of(owner[j], p) < profit_of(owner[j], nash.prices));
    }
  const auto mono = econ::joint_monopoly_prices(d, c);
  REQUIRE(mono.converged);
  CHECK(mono.foc_residual < 1e-10);
  CHECK(mono.consumer_surplus < nash.consumer_surplus);
  CHECK_THROWS_AS(econ::bertrand_nash_prices(econ::representative_consumer(Eigen::Vector2d(1, 1), -1, false),
                                             Eigen::Vector2d(1, 1), {0, 1}),
                  std::invalid_argument);
}

TEST_CASE("a tiny price coefficient converges: prices near 1 / |alpha| stop at their rounding level",
          "[econ_market]") {
  for (const double alpha : {1e-300, 1e-30, 1e-8}) {
    INFO("alpha " << alpha);
    const auto d = econ::representative_consumer(Eigen::Vector2d(1.0, 0.5), -alpha);
    const Eigen::Vector2d c(0.0, 0.0);
    const auto nash = econ::bertrand_nash_prices(d, c, {0, 1});
    REQUIRE(nash.converged);
    CHECK(nash.iterations < 1000);
    for (int j = 0; j < 2; ++j) CHECK(nash.margins[j] == Approx(1.0 / (alpha * (1.0 - nash.shares[j]))).epsilon(1e-12));
    const auto mono = econ::joint_monopoly_prices(d, c);
    REQUIRE(mono.converged);
    const double s0 = 1.0 - mono.shares.sum();
    for (int j = 0; j < 2; ++j) CHECK(mono.margins[j] == Approx(1.0 / (alpha * s0)).epsilon(1e-12));
  }
}
