// A what-if scenario of a logit market: for a product list, the shares, point and arc price elasticities,
// price and attribute marginal effects, log-sums and expected consumer surplus per consumer under plain
// logit, and under the nested logit when the market has nests; and the surplus change between scenarios.
#pragma once
#include <string>
#include <vector>
#include <Eigen/Core>
#include "econ/market_model.hpp"

namespace arbiter::econ {

struct ScenarioOutcome {
  std::string name;
  std::vector<Product> products;
  Eigen::VectorXd prices;
  Eigen::VectorXd logit_shares, nested_shares;  // options (outside good last)
  Eigen::MatrixXd elasticities, arc_elasticities, price_effects;
  std::vector<Eigen::MatrixXd> attribute_effects;  // one J x J per attribute
  Eigen::MatrixXd nested_elasticities, nested_arc_elasticities, nested_price_effects;
  Eigen::VectorXd logit_logsums, nested_logsums;
  double logit_cs = 0.0, nested_cs = 0.0;
};

// `arc_change`: the relative price change of the arc elasticities (> -1, != 0).
ScenarioOutcome evaluate_scenario(const MarketModel& market, const std::vector<Product>& products,
                                  const std::string& name, double arc_change);
// Expected consumer surplus change per consumer from `base` to `after` (nested logit or plain logit).
double scenario_surplus_change(const MarketModel& market, const ScenarioOutcome& base, const ScenarioOutcome& after,
                               bool nested);

}  // namespace arbiter::econ
