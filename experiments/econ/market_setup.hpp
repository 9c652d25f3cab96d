// The econ.market configuration read into plain data, with the cross-key checks the schema cannot make
// (every product has every attribute of the coefficients, nests named by products exist, scenario changes
// name existing products, every consumer's price coefficient is negative), each a ConfigError naming the
// JSON path. Also builds the logit demand (sample enumeration over a drawn population) for a product list.
#pragma once
#include <cstdint>
#include <string>
#include <vector>
#include <Eigen/Core>
#include <nlohmann/json.hpp>
#include "econ/logit_demand.hpp"
#include "econ/nested_market.hpp"

namespace arbiter::experiments {

struct ProductSpec {
  std::string name, firm, nest;  // nest "" = its own nest
  double price = 0.0, cost = 0.0, constant = 0.0;
  Eigen::VectorXd attributes;    // one per MarketSetup::attribute_names
};

struct MarketSetup {
  std::vector<std::string> attribute_names;  // coefficient names besides "price"
  double price_coefficient = -1.0;
  Eigen::VectorXd attribute_coefficients;
  std::vector<ProductSpec> products;         // the base scenario
  bool outside_good = true;
  // Population: consumer i has variables z_i (normal) and tastes coefficient + interaction (z_i - mean).
  int consumers = 0;                         // 0: one representative consumer
  std::vector<std::string> variable_names;
  Eigen::VectorXd variable_mean, variable_sd;
  Eigen::MatrixXd interactions;              // (1 + attributes) x variables; row 0 is price
  std::vector<std::string> nest_names;
  Eigen::VectorXd nest_lambda;
  bool has_scenario = false;
  std::string scenario_name;
  std::vector<ProductSpec> scenario_products;
  bool pricing = false;
  double market_size = 1.0;
  double pricing_tolerance = 1e-12;
  int pricing_max_iterations = 100000;
  double arc_change = 0.01;
  std::uint64_t seed = 0;

  bool has_nests() const { return !nest_names.empty(); }
};

// cfg is a resolved econ.market config.
MarketSetup read_market_setup(const nlohmann::json& cfg, std::uint64_t seed);
// Each consumer's attribute coefficients (consumers x attributes; one row for a representative consumer).
Eigen::MatrixXd consumer_attribute_tastes(const MarketSetup& setup);
// Logit demand of the setup's consumers for `products` (base utilities from constants and attributes).
econ::LogitDemand market_demand(const MarketSetup& setup, const std::vector<ProductSpec>& products);
econ::MarketNests market_nests(const MarketSetup& setup, const std::vector<ProductSpec>& products);
Eigen::VectorXd product_prices(const std::vector<ProductSpec>& products);

}  // namespace arbiter::experiments
