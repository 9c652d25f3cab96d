// Shares, elasticities, marginal effects, consumer surplus, willingness to pay and red bus / blue bus:
// identities, finite differences of the share function and closed forms.
#include <catch2/catch.hpp>

#include <cmath>
#include "core/random_stream.hpp"
#include "core/softmax.hpp"
#include "econ/consumer_surplus.hpp"
#include "econ/elasticities.hpp"
#include "econ/logit_demand.hpp"
#include "econ/nested_market.hpp"
#include "econ/red_bus_blue_bus.hpp"
#include "econ/willingness_to_pay.hpp"

using namespace arbiter;

namespace {

// 40 consumers with different base utilities and price coefficients, 4 products and an outside good.
econ::LogitDemand heterogeneous_demand() {
  core::RandomStream rng(99, 0);
  econ::LogitDemand d;
  d.base_utility.resize(40, 4);
  d.price_coefficient.resize(40);
  for (int i = 0; i < 40; ++i) {
    for (int j = 0; j < 4; ++j) d.base_utility(i, j) = rng.normal(1.0, 1.0);
    d.price_coefficient[i] = rng.uniform(-1.5, -0.3);
  }
  d.weight = Eigen::VectorXd::Constant(40, 1.0 / 40);
  d.outside_good = true;
  d.validate();
  return d;
}

const Eigen::Vector4d kPrices(2.0, 3.0, 1.5, 4.0);

}  // namespace

TEST_CASE("market shares by sample enumeration sum to 1 and average the softmax rows", "[econ_market]") {
  const auto d = heterogeneous_demand();
  const Eigen::VectorXd s = econ::market_shares(d, kPrices);
  REQUIRE(s.size() == 5);
  CHECK(s.sum() == Approx(1.0).margin(1e-14));
  Eigen::VectorXd manual = Eigen::VectorXd::Zero(5);
  for (int i = 0; i < d.consumers(); ++i) {
    Eigen::VectorXd u(5);
    for (int j = 0; j < 4; ++j) u[j] = d.base_utility(i, j) + d.price_coefficient[i] * kPrices[j];
    u[4] = 0.0;
    double z = 0.0;
    for (int j = 0; j < 5; ++j) z += std::exp(u[j]);
    for (int j = 0; j < 5; ++j) manual[j] += d.weight[i] * std::exp(u[j]) / z;
  }
  for (int j = 0; j < 5; ++j) CHECK(s[j] == Approx(manual[j]).epsilon(1e-12));
  const auto no_outside = econ::representative_consumer(Eigen::Vector3d(1.0, 2.0, 3.0), -0.5, false);
  CHECK(econ::market_shares(no_outside, Eigen::Vector3d(1, 1, 1)).sum() == Approx(1.0).margin(1e-14));
}

TEST_CASE("price derivatives of shares match central finite differences", "[econ_market]") {
  const auto d = heterogeneous_demand();
  const Eigen::MatrixXd analytic = econ::share_price_derivatives(d, kPrices);
  const Eigen::MatrixXd e = econ::price_elasticities(d, kPrices);
  const Eigen::VectorXd s = econ::market_shares(d, kPrices);
  const double h = 1e-6;
  for (int k = 0; k < 4; ++k) {
    Eigen::VectorXd up = kPrices, down = kPrices;
    up[k] += h;
    down[k] -= h;
    const Eigen::VectorXd fd = (econ::market_shares(d, up) - econ::market_shares(d, down)) / (2 * h);
    for (int j = 0; j < 4; ++j) {
      CHECK(analytic(j, k) == Approx(fd[j]).margin(1e-8));
      CHECK(e(j, k) == Approx(fd[j] * kPrices[k] / s[j]).margin(1e-7));
    }
  }
}

TEST_CASE("one consumer: own elasticity b p (1 - s), cross -b p_k s_k", "[econ_market]") {
  const double b = -0.7;
  const auto d = econ::representative_consumer(Eigen::Vector3d(1.0, 0.2, -0.4), b);
  const Eigen::Vector3d p(2.0, 1.0, 0.5);
  const Eigen::MatrixXd e = econ::price_elasticities(d, p);
  const Eigen::VectorXd s = econ::market_shares(d, p);
  for (int j = 0; j < 3; ++j)
    for (int k = 0; k < 3; ++k) {
      const double expected = j == k ? b * p[j] * (1 - s[j]) : -b * p[k] * s[k];
      CHECK(e(j, k) == Approx(expected).epsilon(1e-12));
    }
}

TEST_CASE("arc elasticities approach point elasticities and follow the midpoint formula", "[econ_market]") {
  const auto d = heterogeneous_demand();
  const Eigen::MatrixXd point = econ::price_elasticities(d, kPrices);
  const Eigen::MatrixXd arc_small = econ::arc_price_elasticities(d, kPrices, 1e-5);
  for (int j = 0; j < 4; ++j)
    for (int k = 0; k < 4; ++k) CHECK(arc_small(j, k) == Approx(point(j, k)).margin(1e-4));
  const Eigen::MatrixXd arc = econ::arc_price_elasticities(d, kPrices, 0.2);
  Eigen::VectorXd moved = kPrices;
  moved[1] *= 1.2;
  const Eigen::VectorXd s0 = econ::market_shares(d, kPrices), s1 = econ::market_shares(d, moved);
  const double expected = ((s1[2] - s0[2]) / ((s1[2] + s0[2]) / 2)) / ((moved[1] - kPrices[1]) / ((moved[1] + kPrices[1]) / 2));
  CHECK(arc(2, 1) == Approx(expected).epsilon(1e-12));
  CHECK_THROWS_AS(econ::arc_price_elasticities(d, kPrices, 0.0), std::invalid_argument);
}

TEST_CASE("marginal effects of an attribute match finite differences of the share function", "[econ_market]") {
  const auto d = heterogeneous_demand();
  core::RandomStream rng(5, 0);
  Eigen::VectorXd taste(d.consumers());
  for (int i = 0; i < d.consumers(); ++i) taste[i] = rng.uniform(0.1, 1.0);
  const Eigen::MatrixXd me = econ::marginal_effects(d, kPrices, taste);
  const double h = 1e-6;
  for (int k = 0; k < 4; ++k) {
    econ::LogitDemand up = d, down = d;
    up.base_utility.col(k) += h * taste;
    down.base_utility.col(k) -= h * taste;
    const Eigen::VectorXd fd = (econ::market_shares(up, kPrices) - econ::market_shares(down, kPrices)) / (2 * h);
    for (int j = 0; j < 4; ++j) CHECK(me(j, k) == Approx(fd[j]).margin(1e-8));
  }
}

TEST_CASE("logsum is the Ensemble log Z and the core log-sum-exp", "[econ_market]") {
  const Eigen::Vector4d u(0.3, -1.2, 2.5, 0.0);
  double z = 0.0;
  for (int j = 0; j < 4; ++j) z += std::exp(u[j]);
  CHECK(econ::logsum(u) == Approx(std::log(z)).epsilon(1e-14));
  CHECK(econ::logsum(u) == Approx(core::log_sum_exp<double>(u)).epsilon(1e-14));
  // Huge utilities do not overflow.
  CHECK(econ::logsum(Eigen::Vector2d(1000.0, 1000.0)) == Approx(1000.0 + std::log(2.0)).epsilon(1e-14));
}

TEST_CASE("consumer surplus change equals the closed form and Roy's identity", "[econ_market]") {
  const double b = -0.4;
  const Eigen::Vector3d a(1.0, 0.5, 2.0);
  const auto d = econ::representative_consumer(a, b);
  const Eigen::Vector3d p0(2.0, 1.0, 3.0), p1(2.5, 1.0, 2.0);
  const auto ls = [&](const Eigen::Vector3d& p) {
    double z = 1.0;  // outside good
    for (int j = 0; j < 3; ++j) z += std::exp(a[j] + b * p[j]);
    return std::log(z);
  };
  CHECK(econ::consumer_surplus_change(d, p0, d, p1) == Approx((ls(p1) - ls(p0)) / -b).epsilon(1e-13));
  CHECK(econ::expected_consumer_surplus(d, p0) == Approx(ls(p0) / -b).epsilon(1e-13));
  CHECK(econ::consumer_surplus_change(ls(p0), ls(p1), b) == Approx((ls(p1) - ls(p0)) / -b).epsilon(1e-13));
  CHECK_THROWS_AS(econ::consumer_surplus_change(0.0, 1.0, 0.5), std::invalid_argument);

  // Roy's identity on a heterogeneous population: dCS/dp_j = -S_j.
  const auto h = heterogeneous_demand();
  const Eigen::VectorXd s = econ::market_shares(h, kPrices);
  for (int j = 0; j < 4; ++j) {
    Eigen::VectorXd up = kPrices, down = kPrices;
    up[j] += 1e-6;
    down[j] -= 1e-6;
    const double dcs = econ::consumer_surplus_change(h, down, h, up) / 2e-6;
    CHECK(dcs == Approx(-s[j]).margin(1e-8));
  }
  // Adding a product never lowers surplus.
  const auto bigger = econ::representative_consumer(Eigen::Vector4d(1.0, 0.5, 2.0, 0.0), b);
  CHECK(econ::consumer_surplus_change(d, p0, bigger, Eigen::Vector4d(2.0, 1.0, 3.0, 1.0)) > 0.0);
}

TEST_CASE("willingness to pay is the coefficient ratio with a delta-method standard error", "[econ_market]") {
  const double ba = 0.5, bc = -0.1, va = 0.01, vc = 0.0001, cac = 0.0002;
  const auto w = econ::willingness_to_pay(ba, bc, va, vc, cac);
  CHECK(w.value == Approx(5.0).epsilon(1e-14));
  // g = (-1/bc, ba/bc^2) = (10, 50): var = 100 va + 2500 vc + 2 * 500 cac = 1 + 0.25 + 0.2.
  CHECK(w.std_error == Approx(std::sqrt(1.45)).epsilon(1e-12));
  Eigen::MatrixXd cov(3, 3);
  cov << 0.04, 0.001, 0.002, 0.001, va, cac, 0.002, cac, vc;
  const auto named = econ::willingness_to_pay({"asc", "comfort", "cost"}, Eigen::Vector3d(1.0, ba, bc), cov,
                                              "comfort", "cost");
  CHECK(named.value == Approx(w.value));
  CHECK(named.std_error == Approx(w.std_error).epsilon(1e-14));
  CHECK_THROWS_AS(econ::willingness_to_pay({"a", "b", "c"}, Eigen::Vector3d(1, 2, 3), cov, "x", "c"),
                  std::invalid_argument);
}

TEST_CASE("red bus / blue bus: plain logit 1/3 each, nested logit with lambda -> 0 gives 1/2, 1/4, 1/4",
          "[econ_market]") {
  const auto r = econ::red_bus_blue_bus(0.0, 0.0, 1e-6);
  CHECK(r.logit_before[0] == Approx(0.5).margin(1e-14));
  CHECK(r.logit_before[1] == Approx(0.5).margin(1e-14));
  for (int j = 0; j < 3; ++j) CHECK(r.logit_after[j] == Approx(1.0 / 3).margin(1e-14));
  CHECK(r.nested_before[0] == Approx(0.5).margin(1e-12));
  CHECK(r.nested_after[0] == Approx(0.5).margin(1e-6));
  CHECK(r.nested_after[1] == Approx(0.25).margin(1e-6));
  CHECK(r.nested_after[2] == Approx(0.25).margin(1e-6));
  // lambda = 1 is plain logit; in between, the car's share is 1 / (1 + 2^lambda).
  const auto one = econ::red_bus_blue_bus(0.0, 0.0, 1.0);
  for (int j = 0; j < 3; ++j) CHECK(one.nested_after[j] == Approx(one.logit_after[j]).margin(1e-12));
  const auto half = econ::red_bus_blue_bus(0.0, 0.0, 0.5);
  CHECK(half.nested_after[0] == Approx(1.0 / (1.0 + std::sqrt(2.0))).epsilon(1e-12));
  CHECK_THROWS_AS(econ::red_bus_blue_bus(0.0, 0.0, 1.5), std::invalid_argument);
}

TEST_CASE("nested logit shares and logsums: closed form and lambda = 1 reduces to logit", "[econ_market]") {
  const auto d = heterogeneous_demand();
  econ::MarketNests nests{{"n1"}, Eigen::VectorXd::Constant(1, 1.0), {0, 0, -1, 0}};
  const Eigen::VectorXd nested = econ::nested_market_shares(d, kPrices, nests);
  const Eigen::VectorXd logit = econ::market_shares(d, kPrices);
  for (int j = 0; j < 5; ++j) CHECK(nested[j] == Approx(logit[j]).margin(1e-12));
  const Eigen::VectorXd ls_n = econ::nested_logsums(d, kPrices, nests), ls = econ::logsums(d, kPrices);
  for (int i = 0; i < d.consumers(); ++i) CHECK(ls_n[i] == Approx(ls[i]).epsilon(1e-12));
  // The logit logsums are the core log-sum-exp of each consumer's utilities (computed as Ensemble log Z).
  const Eigen::VectorXd direct = core::log_sum_exp_rows<double>(econ::utilities(d, kPrices));
  CHECK((ls - direct).cwiseAbs().maxCoeff() < 1e-12);

  // One consumer, nests {0, 1} (lambda 0.4) and {2} alone, outside good: the textbook formula.
  const auto one = econ::representative_consumer(Eigen::Vector3d(1.0, 0.5, 0.8), -1.0);
  econ::MarketNests n2{{"ab"}, Eigen::VectorXd::Constant(1, 0.4), {0, 0, -1}};
  const Eigen::Vector3d p(0.5, 0.2, 0.4);
  const double l = 0.4, v0 = 1.0 - 0.5, v1 = 0.5 - 0.2, v2 = 0.8 - 0.4;
  const double inner = std::exp(v0 / l) + std::exp(v1 / l);
  const double denom = std::pow(inner, l) + std::exp(v2) + 1.0;
  const Eigen::VectorXd s = econ::nested_market_shares(one, p, n2);
  CHECK(s[0] == Approx(std::exp(v0 / l) * std::pow(inner, l - 1) / denom).epsilon(1e-12));
  CHECK(s[1] == Approx(std::exp(v1 / l) * std::pow(inner, l - 1) / denom).epsilon(1e-12));
  CHECK(s[2] == Approx(std::exp(v2) / denom).epsilon(1e-12));
  CHECK(s[3] == Approx(1.0 / denom).epsilon(1e-12));
  CHECK(econ::nested_logsums(one, p, n2)[0] == Approx(std::log(denom)).epsilon(1e-13));
}

TEST_CASE("nested-logit price derivatives match finite differences, lambda = 1 is the logit", "[econ_market]") {
  const auto d = heterogeneous_demand();
  econ::MarketNests nests;
  nests.names = {"ab", "c"};
  nests.lambda = Eigen::Vector2d(0.4, 0.7);
  nests.nest_of = {0, 0, 1, -1};  // product 3 in no nest; nest "c" has one product
  const Eigen::MatrixXd analytic = econ::nested_share_price_derivatives(d, kPrices, nests);
  Eigen::MatrixXd fd(4, 4);
  const double h = 1e-6;
  for (int k = 0; k < 4; ++k) {
    Eigen::VectorXd up = kPrices, down = kPrices;
    up[k] += h;
    down[k] -= h;
    fd.col(k) = (econ::nested_market_shares(d, up, nests) - econ::nested_market_shares(d, down, nests)).head(4) / (2 * h);
  }
  INFO("analytic\n" << analytic << "\nfinite differences\n" << fd);
  CHECK((analytic - fd).cwiseAbs().maxCoeff() < 1e-8);
  // Within a nest of lambda < 1 the cross effect exceeds the logit's; a price rise loses share to the nest
  // mate more than to products outside.
  CHECK(analytic(1, 0) > econ::share_price_derivatives(d, kPrices)(1, 0));
  const Eigen::MatrixXd e = econ::nested_price_elasticities(d, kPrices, nests);
  const Eigen::VectorXd s = econ::nested_market_shares(d, kPrices, nests);
  CHECK(e(1, 0) == Approx(analytic(1, 0) * kPrices[0] / s[1]).epsilon(1e-12));
  nests.lambda.setOnes();
  CHECK((econ::nested_share_price_derivatives(d, kPrices, nests) - econ::share_price_derivatives(d, kPrices))
            .cwiseAbs()
            .maxCoeff() < 1e-14);
  CHECK((econ::nested_price_elasticities(d, kPrices, nests) - econ::price_elasticities(d, kPrices)).cwiseAbs().maxCoeff() <
        1e-12);
}
