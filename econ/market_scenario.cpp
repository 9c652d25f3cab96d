#include "econ/market_scenario.hpp"

#include "econ/consumer_surplus.hpp"
#include "econ/elasticities.hpp"
#include "econ/nested_market.hpp"

namespace arbiter::econ {

ScenarioOutcome evaluate_scenario(const MarketModel& s, const std::vector<Product>& products, const std::string& name,
                                  double arc_change) {
  ScenarioOutcome r;
  r.name = name;
  r.products = products;
  r.prices = product_prices(products);
  const LogitDemand d = market_demand(s, products);
  r.logit_shares = market_shares(d, r.prices);
  r.elasticities = price_elasticities(d, r.prices);
  r.arc_elasticities = arc_price_elasticities(d, r.prices, arc_change);
  r.price_effects = share_price_derivatives(d, r.prices);
  const Eigen::MatrixXd tastes = consumer_attribute_tastes(s);
  for (Eigen::Index a = 0; a < tastes.cols(); ++a) r.attribute_effects.push_back(marginal_effects(d, r.prices, tastes.col(a)));
  r.logit_logsums = logsums(d, r.prices);
  r.logit_cs = expected_consumer_surplus(d, r.prices);
  if (s.has_nests()) {
    const MarketNests n = market_nests(s, products);
    r.nested_shares = nested_market_shares(d, r.prices, n);
    r.nested_elasticities = nested_price_elasticities(d, r.prices, n);
    r.nested_arc_elasticities = nested_arc_price_elasticities(d, r.prices, n, arc_change);
    r.nested_price_effects = nested_share_price_derivatives(d, r.prices, n);
    r.nested_logsums = nested_logsums(d, r.prices, n);
    r.nested_cs = nested_expected_consumer_surplus(d, r.prices, n);
  }
  return r;
}

double scenario_surplus_change(const MarketModel& s, const ScenarioOutcome& base, const ScenarioOutcome& after,
                               bool nested) {
  const LogitDemand d = market_demand(s, base.products);
  return nested ? consumer_surplus_change(base.nested_logsums, after.nested_logsums, d.price_coefficient, d.weight)
                : consumer_surplus_change(base.logit_logsums, after.logit_logsums, d.price_coefficient, d.weight);
}

}  // namespace arbiter::econ
