// A market of mixed-logit or latent-class consumers (econ/mixed_market.hpp through econ/market_model.hpp):
// with no spread (or one class) every figure is the plain logit's; a two-class mixture's shares by hand; the
// simulated elasticities against finite differences of the simulated shares (and no IIA); the Bertrand-Nash
// prices satisfy the first-order conditions over the draws; the surplus is the mean over draws of
// logsum / -price; a random bus taste puts the blue bus between plain logit and nested logit.
#include <catch2/catch.hpp>
#include <cmath>

#include "core/input_error.hpp"
#include "econ/consumer_surplus.hpp"
#include "econ/elasticities.hpp"
#include "econ/logit_pricing.hpp"
#include "econ/market_model.hpp"
#include "econ/market_pricing.hpp"
#include "econ/market_scenario.hpp"
#include "econ/nested_market.hpp"

using namespace arbiter;

namespace {

econ::Product product(const std::string& name, const std::string& firm, double price, double cost, double constant,
                      double quality) {
  econ::Product p;
  p.name = name;
  p.firm = firm;
  p.price = price;
  p.cost = cost;
  p.constant = constant;
  p.attributes = Eigen::VectorXd::Constant(1, quality);
  return p;
}

const std::vector<econ::Product> kProducts = {product("a", "F", 1.0, 0.4, 0.3, 2.0), product("b", "G", 1.6, 0.7, -0.1, 3.0),
                                              product("c", "F", 1.2, 0.5, 0.2, 1.0)};

econ::MarketModel plain() {
  econ::MarketModel m;
  m.attribute_names = {"quality"};
  m.price_coefficient = -2.0;
  m.attribute_coefficients = Eigen::VectorXd::Constant(1, 0.5);
  m.interactions = Eigen::MatrixXd::Zero(2, 0);
  return m;
}

econ::MarketModel mixed(double price_sd, double quality_sd, econ::Distribution price_dist = econ::Distribution::normal,
                        int draws = 200) {
  econ::MarketModel m = plain();
  m.mixture.random = {{0, price_dist, price_sd}, {1, econ::Distribution::normal, quality_sd}};
  m.mixture.draws.draws = draws;
  m.seed = 7;
  return m;
}

double max_diff(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
  REQUIRE(a.rows() == b.rows());
  REQUIRE(a.cols() == b.cols());
  return (a - b).cwiseAbs().maxCoeff();
}

void check_same_outcome(const econ::MarketModel& m) {
  const econ::MarketModel p = plain();
  const auto x = econ::evaluate_scenario(m, kProducts, "base", 0.01);
  const auto y = econ::evaluate_scenario(p, kProducts, "base", 0.01);
  CHECK(max_diff(x.logit_shares, y.logit_shares) < 1e-12);
  CHECK(max_diff(x.elasticities, y.elasticities) < 1e-12);
  CHECK(max_diff(x.arc_elasticities, y.arc_elasticities) < 1e-12);
  CHECK(max_diff(x.price_effects, y.price_effects) < 1e-12);
  CHECK(max_diff(x.attribute_effects[0], y.attribute_effects[0]) < 1e-12);
  CHECK(std::abs(x.logit_cs - y.logit_cs) < 1e-12);
  CHECK(max_diff(econ::attribute_willingness_to_pay(m), econ::attribute_willingness_to_pay(p)) < 1e-12);
  const auto px = econ::price_market(m, kProducts, 10.0, {});
  const auto py = econ::price_market(p, kProducts, 10.0, {});
  REQUIRE(px.converged());
  CHECK(max_diff(px.nash.prices, py.nash.prices) < 1e-12);
  CHECK(max_diff(px.monopoly.prices, py.monopoly.prices) < 1e-12);
  CHECK(std::abs(px.nash.consumer_surplus - py.nash.consumer_surplus) < 1e-12);
}

}  // namespace

TEST_CASE("a mixed logit with sd = 0, or one latent class, gives the plain logit's every figure to 1e-12",
          "[econ_market][mixed_market]") {
  SECTION("sd = 0, halton") { check_same_outcome(mixed(0.0, 0.0)); }
  SECTION("sd = 0, lognormal price at log |b|") {
    econ::MarketModel m = mixed(0.0, 0.0, econ::Distribution::neg_lognormal);
    m.price_coefficient = std::log(2.0);  // the log-mean: -exp(log 2) = -2
    const econ::LogitDemand d = econ::market_demand(m, kProducts);
    REQUIRE(d.consumers() == 200);
    CHECK((d.price_coefficient.array() + 2.0).abs().maxCoeff() < 1e-15);
  }
  SECTION("one class") {
    econ::MarketModel m = plain();
    m.mixture.classes.names = {"only"};
    m.mixture.classes.shares = Eigen::VectorXd::Ones(1);
    m.mixture.classes.coefficients = Eigen::RowVector2d(-2.0, 0.5);
    check_same_outcome(m);
  }
}

TEST_CASE("a two-class mixture's shares and surplus equal the hand computation", "[econ_market][mixed_market]") {
  econ::MarketModel m = plain();
  m.mixture.classes.names = {"keen", "thrifty"};
  m.mixture.classes.shares = Eigen::Vector2d(0.3, 0.7);
  m.mixture.classes.coefficients.resize(2, 2);
  m.mixture.classes.coefficients << -1.0, 1.5,  // keen: cares for quality
      -4.0, 0.2;                                // thrifty: cares for price
  const Eigen::VectorXd p = econ::product_prices(kProducts);
  const econ::LogitDemand d = econ::market_demand(m, kProducts);
  const Eigen::VectorXd s = econ::market_shares(d, p);
  double cs = 0.0;
  Eigen::Vector4d hand = Eigen::Vector4d::Zero();
  for (int c = 0; c < 2; ++c) {
    const double b = m.mixture.classes.coefficients(c, 0), g = m.mixture.classes.coefficients(c, 1);
    double e[3], sum = 1.0;  // the outside good's exp(0)
    for (int j = 0; j < 3; ++j) sum += (e[j] = std::exp(kProducts[j].constant + g * kProducts[j].attributes[0] + b * p[j]));
    for (int j = 0; j < 3; ++j) hand[j] += m.mixture.classes.shares[c] * e[j] / sum;
    hand[3] += m.mixture.classes.shares[c] / sum;
    cs += m.mixture.classes.shares[c] * std::log(sum) / -b;
  }
  INFO("simulated " << s.transpose() << "\nhand " << hand.transpose());
  CHECK(max_diff(s, hand) < 1e-15);
  CHECK(econ::expected_consumer_surplus(d, p) == Approx(cs).epsilon(1e-14));
  // Willingness to pay: the classes' mean of -b_quality / b_price, 0.3 * 1.5 + 0.7 * 0.05.
  const auto w = econ::attribute_willingness_to_pay(m);
  CHECK(w[0] == Approx(0.3 * 1.5 / 1.0 + 0.7 * 0.2 / 4.0).epsilon(1e-14));
}

TEST_CASE("simulated elasticities equal finite differences of the simulated shares, and break IIA",
          "[econ_market][mixed_market]") {
  econ::MarketModel m = mixed(0.4, 1.2, econ::Distribution::neg_lognormal, 500);
  m.price_coefficient = std::log(1.5);
  const Eigen::VectorXd p = econ::product_prices(kProducts);
  const econ::LogitDemand d = econ::market_demand(m, kProducts);
  const Eigen::MatrixXd e = econ::price_elasticities(d, p);
  const Eigen::VectorXd s = econ::market_shares(d, p);
  Eigen::MatrixXd fd(3, 3);
  const double h = 1e-6;
  for (int k = 0; k < 3; ++k) {
    Eigen::VectorXd up = p, down = p;
    up[k] += h;
    down[k] -= h;
    const Eigen::VectorXd ds = (econ::market_shares(d, up) - econ::market_shares(d, down)).head(3) / (2 * h);
    fd.col(k) = ds.cwiseQuotient(s.head(3)) * p[k];
  }
  INFO("analytic\n" << e << "\nfinite differences\n" << fd);
  CHECK(max_diff(e, fd) < 1e-7);
  // No IIA: the cross elasticities of one price differ by product (the plain logit's are equal).
  CHECK(std::abs(e(1, 0) - e(2, 0)) > 1e-3);
  const Eigen::MatrixXd logit = econ::price_elasticities(econ::market_demand(plain(), kProducts), p);
  CHECK(std::abs(logit(1, 0) - logit(2, 0)) < 1e-12);
  // The attribute's marginal effects too, against the shares' response to a change in a product's quality.
  const auto outcome = econ::evaluate_scenario(m, kProducts, "base", 0.01);
  for (int k = 0; k < 3; ++k) {
    auto up = kProducts, down = kProducts;
    up[static_cast<std::size_t>(k)].attributes[0] += h;
    down[static_cast<std::size_t>(k)].attributes[0] -= h;
    const Eigen::VectorXd ds = (econ::market_shares(econ::market_demand(m, up), p) -
                                econ::market_shares(econ::market_demand(m, down), p)).head(3) / (2 * h);
    CHECK(max_diff(outcome.attribute_effects[0].col(k), ds) < 1e-8);
  }
}

TEST_CASE("mixed-logit and latent-class Bertrand-Nash prices satisfy the first-order conditions to 1e-10",
          "[econ_market][mixed_market]") {
  econ::MarketModel classes = plain();
  classes.mixture.classes.names = {"keen", "thrifty"};
  classes.mixture.classes.shares = Eigen::Vector2d(0.35, 0.65);
  classes.mixture.classes.coefficients.resize(2, 2);
  classes.mixture.classes.coefficients << -0.8, 1.5, -3.0, 0.2;
  for (const auto& m : {mixed(0.3, 0.8, econ::Distribution::neg_lognormal, 300), mixed(0.0, 1.5), classes}) {
    econ::MarketModel market = m;
    if (market.mixture.mixed_logit() && market.mixture.random[0].distribution == econ::Distribution::neg_lognormal)
      market.price_coefficient = std::log(2.0);
    const auto prices = econ::price_market(market, kProducts, 100.0, {});
    REQUIRE(prices.converged());
    const econ::LogitDemand d = econ::market_demand(market, kProducts);
    const auto owners = econ::product_owners(kProducts);
    const Eigen::VectorXd costs = econ::product_costs(kProducts);
    const Eigen::VectorXd foc = econ::pricing_first_order_conditions(d, prices.nash.prices, costs, owners);
    INFO("Nash prices " << prices.nash.prices.transpose() << ", FOC " << foc.transpose());
    CHECK(foc.cwiseAbs().maxCoeff() < 1e-10);
    const Eigen::VectorXd mono = econ::pricing_first_order_conditions(d, prices.monopoly.prices, costs, {0, 0, 0});
    CHECK(mono.cwiseAbs().maxCoeff() < 1e-10);
    // No firm gains by moving one of its prices a little.
    const auto profit_of_firm = [&](const Eigen::VectorXd& pr, int firm) {
      const Eigen::VectorXd s = econ::market_shares(d, pr);
      double v = 0.0;
      for (int j = 0; j < 3; ++j)
        if (owners[static_cast<std::size_t>(j)] == firm) v += (pr[j] - costs[j]) * s[j];
      return v;
    };
    for (int j = 0; j < 3; ++j)
      for (double step : {-1e-3, 1e-3}) {
        Eigen::VectorXd moved = prices.nash.prices;
        moved[j] += step;
        const int f = owners[static_cast<std::size_t>(j)];
        CHECK(profit_of_firm(moved, f) <= profit_of_firm(prices.nash.prices, f) + 1e-15);
      }
  }
}

TEST_CASE("mixed-logit surplus is the mean over draws of logsum / -price, and a positive price draw is refused",
          "[econ_market][mixed_market]") {
  econ::MarketModel m = mixed(0.5, 0.7, econ::Distribution::neg_lognormal, 100);
  m.price_coefficient = std::log(2.0);
  const Eigen::VectorXd p = econ::product_prices(kProducts);
  const econ::LogitDemand d = econ::market_demand(m, kProducts);
  const Eigen::VectorXd ls = econ::logsums(d, p);
  double mean = 0.0;
  for (int r = 0; r < 100; ++r) mean += ls[r] / -d.price_coefficient[r] / 100.0;
  CHECK(econ::expected_consumer_surplus(d, p) == Approx(mean).epsilon(1e-14));
  // A normal price coefficient with mean -2 and sd 3 is positive in about a quarter of the draws.
  const econ::MarketModel bad = mixed(3.0, 0.0);
  try {
    econ::market_demand(bad, kProducts);
    FAIL("no error");
  } catch (const core::ArgumentError& e) {
    CHECK(e.argument() == "random price");
    CHECK_THAT(std::string(e.what()), Catch::Contains("neg_lognormal"));
  }
}

TEST_CASE("mixed-logit draws come from the seed: pseudo and MLHS draws repeat with it and change with another",
          "[econ_market][mixed_market]") {
  for (auto method : {econ::DrawMethod::pseudo, econ::DrawMethod::mlhs}) {
    econ::MarketModel a = mixed(0.0, 1.0), b = mixed(0.0, 1.0), c = mixed(0.0, 1.0);
    a.mixture.draws.method = b.mixture.draws.method = c.mixture.draws.method = method;
    a.mixture.draws.seed = b.mixture.draws.seed = 11;
    c.mixture.draws.seed = 12;
    const Eigen::VectorXd p = econ::product_prices(kProducts);
    const Eigen::VectorXd sa = econ::market_shares(econ::market_demand(a, kProducts), p);
    CHECK(sa == econ::market_shares(econ::market_demand(b, kProducts), p));
    CHECK(sa != econ::market_shares(econ::market_demand(c, kProducts), p));
  }
}

TEST_CASE("red bus / blue bus: a random bus taste gives the car a share between plain logit's and nested logit's",
          "[econ_market][mixed_market]") {
  econ::MarketModel m;
  m.attribute_names = {"bus"};
  m.price_coefficient = -1.0;
  m.attribute_coefficients = Eigen::VectorXd::Zero(1);
  m.interactions = Eigen::MatrixXd::Zero(2, 0);
  m.outside_good = false;
  m.nest_names = {"bus"};
  m.nest_lambda = Eigen::VectorXd::Constant(1, 0.05);
  auto mode = [](const std::string& name, double bus) {
    econ::Product p = product(name, name, 1.0, 0.0, 0.0, bus);
    if (bus > 0) p.nest = "bus";
    return p;
  };
  const std::vector<econ::Product> after = {mode("car", 0), mode("red_bus", 1), mode("blue_bus", 1)};
  const Eigen::VectorXd p = econ::product_prices(after);
  const econ::LogitDemand logit = econ::market_demand(m, after);
  const double car_logit = econ::market_shares(logit, p)[0];
  const double car_nested = econ::nested_market_shares(logit, p, econ::market_nests(m, after))[0];
  CHECK(car_logit == Approx(1.0 / 3.0).epsilon(1e-14));
  CHECK(car_nested == Approx(1.0 / (1.0 + std::pow(2.0, 0.05))).epsilon(1e-12));
  double previous = car_logit;
  for (double sd : {1.0, 3.0, 10.0}) {
    econ::MarketModel mx = m;
    mx.nest_names.clear();
    mx.nest_lambda.resize(0);
    mx.mixture.random = {{1, econ::Distribution::normal, sd}};
    mx.mixture.draws.draws = 2000;
    const Eigen::VectorXd s = econ::market_shares(econ::market_demand(mx, after), p);
    INFO("sd " << sd << ": car " << s[0]);
    CHECK(s[0] > previous);  // more taste variation, more like the nest
    CHECK(s[0] < car_nested);
    CHECK(s[1] == Approx(s[2]).epsilon(1e-14));
    previous = s[0];
  }
}
