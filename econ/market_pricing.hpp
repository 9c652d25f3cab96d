// Pricing in a logit market (outside good required): the outcome at the given prices, the Bertrand-Nash
// prices (each firm owning its products) and the joint-monopoly prices, by econ/logit_pricing.hpp; and the
// profit of each firm. Non-convergence is not an error here: see each equilibrium's `converged`.
#pragma once
#include <string>
#include <utility>
#include <vector>
#include "econ/logit_pricing.hpp"
#include "econ/market_model.hpp"

namespace arbiter::econ {

struct MarketPrices {
  PricingEquilibrium given, nash, monopoly;
  bool converged() const { return nash.converged && monopoly.converged; }
};

// `market_size`: consumers in the market (> 0; scales profits and surplus).
MarketPrices price_market(const MarketModel& market, const std::vector<Product>& products, double market_size,
                          const PricingOptions& options);
// Profit by firm at `e`, firms in order of first appearance.
std::vector<std::pair<std::string, double>> firm_profits(const std::vector<Product>& products,
                                                         const PricingEquilibrium& e);

}  // namespace arbiter::econ
