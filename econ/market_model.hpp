// A logit market: products (price, cost, firm, constant, attribute values, nest) and the consumers who buy
// them. Consumer i's price and attribute coefficients are the market's coefficients plus interactions times
// (z_i - mean), z_i drawn normal from RandomStream(seed, i); no consumers drawn: one representative consumer.
// With a taste mixture (econ/mixed_market.hpp: mixed-logit draws or latent classes) the consumers are the
// mixture's rows instead (no drawn population then). Builds the logit demand (econ/logit_demand.hpp) and nests (econ/nested_market.hpp) of a product list.
// market_demand throws core::ArgumentError("price interactions", ...) when a consumer's price coefficient is
// not negative (for a mixture: check_price_coefficients's argument).
#pragma once
#include <cstdint>
#include <string>
#include <vector>
#include <Eigen/Core>
#include "econ/logit_demand.hpp"
#include "econ/mixed_market.hpp"
#include "econ/nested_market.hpp"

namespace arbiter::econ {

struct Product {
  std::string name, firm, nest;  // nest "" = its own nest
  double price = 0.0, cost = 0.0, constant = 0.0;
  Eigen::VectorXd attributes;    // one per MarketModel::attribute_names
};

struct MarketModel {
  std::vector<std::string> attribute_names;  // coefficient names besides "price"
  double price_coefficient = -1.0;
  Eigen::VectorXd attribute_coefficients;
  bool outside_good = true;
  int consumers = 0;                         // 0: one representative consumer
  std::vector<std::string> variable_names;
  Eigen::VectorXd variable_mean, variable_sd;
  Eigen::MatrixXd interactions;              // (1 + attributes) x variables; row 0 is price
  std::vector<std::string> nest_names;
  Eigen::VectorXd nest_lambda;               // one per nest, in (0, 1]
  std::uint64_t seed = 0;
  TasteMixture mixture;                      // empty: the consumers above

  bool has_nests() const { return !nest_names.empty(); }
};

// Each consumer's attribute coefficients (consumers x attributes; one row for a representative consumer).
Eigen::MatrixXd consumer_attribute_tastes(const MarketModel& market);
// Logit demand of the market's consumers for `products` (base utilities from constants and attributes).
LogitDemand market_demand(const MarketModel& market, const std::vector<Product>& products);
MarketNests market_nests(const MarketModel& market, const std::vector<Product>& products);
Eigen::VectorXd product_prices(const std::vector<Product>& products);
Eigen::VectorXd product_costs(const std::vector<Product>& products);
// Per product: its firm's index, firms numbered in order of first appearance.
std::vector<int> product_owners(const std::vector<Product>& products);
// The index of the product called `name`, or -1.
int find_product(const std::vector<Product>& products, const std::string& name);
// -coefficient / price coefficient of each attribute (money per unit of the attribute); with a taste mixture,
// its weighted mean over the draws or classes (the population's mean willingness to pay).
Eigen::VectorXd attribute_willingness_to_pay(const MarketModel& market);

}  // namespace arbiter::econ
