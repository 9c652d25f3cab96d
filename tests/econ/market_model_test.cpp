// The market model in econ/: a product list's demand from the coefficients and the consumers' tastes, the
// firms, a what-if scenario's surplus change, and the argument named when a consumer's price coefficient is
// not negative.
#include <catch2/catch.hpp>
#include <cmath>

#include "core/input_error.hpp"
#include "econ/market_model.hpp"
#include "econ/market_pricing.hpp"
#include "econ/market_scenario.hpp"

using namespace arbiter;

namespace {

econ::Product product(const std::string& name, const std::string& firm, double price, double constant, double quality) {
  econ::Product p;
  p.name = name;
  p.firm = firm;
  p.price = price;
  p.constant = constant;
  p.attributes = Eigen::VectorXd::Constant(1, quality);
  return p;
}

econ::MarketModel one_consumer() {
  econ::MarketModel m;
  m.attribute_names = {"quality"};
  m.price_coefficient = -2.0;
  m.attribute_coefficients = Eigen::VectorXd::Constant(1, 0.5);
  m.interactions = Eigen::MatrixXd::Zero(2, 0);
  return m;
}

}  // namespace

TEST_CASE("market demand: base utility = constant + attributes x coefficients, and firms in order of appearance") {
  const econ::MarketModel m = one_consumer();
  const std::vector<econ::Product> products = {product("a", "F", 1.0, 0.3, 2.0), product("b", "G", 2.0, -0.1, 4.0),
                                               product("c", "F", 1.5, 0.0, 0.0)};
  const econ::LogitDemand d = econ::market_demand(m, products);
  REQUIRE(d.consumers() == 1);
  CHECK(d.base_utility(0, 0) == Approx(0.3 + 0.5 * 2.0));
  CHECK(d.base_utility(0, 1) == Approx(-0.1 + 0.5 * 4.0));
  CHECK(d.price_coefficient[0] == -2.0);
  CHECK(econ::product_owners(products) == std::vector<int>{0, 1, 0});
  CHECK(econ::find_product(products, "c") == 2);
  CHECK(econ::find_product(products, "z") == -1);
  CHECK(econ::attribute_willingness_to_pay(m)[0] == Approx(0.25));
  const auto prices = econ::price_market(m, products, 10.0, {});
  REQUIRE(prices.converged());
  const auto profits = econ::firm_profits(products, prices.nash);
  REQUIRE(profits.size() == 2);
  CHECK(profits[0].first == "F");
  CHECK(profits[0].second == Approx(prices.nash.profits[0] + prices.nash.profits[2]));
}

TEST_CASE("a what-if scenario: an identical product added raises surplus by log((n + 1) / n) / |alpha|") {
  econ::MarketModel m = one_consumer();
  const std::vector<econ::Product> base = {product("a", "F", 1.0, 0.0, 0.0)};
  std::vector<econ::Product> after = base;
  after.push_back(product("b", "G", 1.0, 0.0, 0.0));
  const auto b = econ::evaluate_scenario(m, base, "base", 0.01);
  const auto a = econ::evaluate_scenario(m, after, "added", 0.01);
  CHECK(b.logit_shares.sum() == Approx(1.0));  // the product and the outside good
  CHECK(a.logit_shares[0] == Approx(a.logit_shares[1]));
  // Utilities -2 (price 1) and 0 (outside): logsum log(1 + e^-2) -> log(1 + 2 e^-2).
  const double expected = (std::log(1.0 + 2.0 * std::exp(-2.0)) - std::log(1.0 + std::exp(-2.0))) / 2.0;
  CHECK(econ::scenario_surplus_change(m, b, a, false) == Approx(expected).epsilon(1e-12));
}

TEST_CASE("a consumer whose price coefficient is not negative is an ArgumentError on the price interactions") {
  econ::MarketModel m = one_consumer();
  m.consumers = 50;
  m.variable_names = {"income"};
  m.variable_mean = Eigen::VectorXd::Zero(1);
  m.variable_sd = Eigen::VectorXd::Ones(1);
  m.interactions = Eigen::MatrixXd::Zero(2, 1);
  m.interactions(0, 0) = 5.0;  // price coefficient -2 + 5 z: positive for z > 0.4
  try {
    econ::market_demand(m, {product("a", "F", 1.0, 0.0, 0.0)});
    FAIL("no error");
  } catch (const core::ArgumentError& e) {
    CHECK(e.argument() == "price interactions");
    CHECK(e.expected() == "interactions that keep every consumer's price coefficient < 0");
  }
}
