#include "econ/market_pricing.hpp"

#include <algorithm>

namespace arbiter::econ {

MarketPrices price_market(const MarketModel& market, const std::vector<Product>& products, double market_size,
                          const PricingOptions& options) {
  const LogitDemand d = market_demand(market, products);
  const Eigen::VectorXd costs = product_costs(products);
  const std::vector<int> owners = product_owners(products);
  MarketPrices m;
  m.given = evaluate_prices(d, product_prices(products), costs, owners, market_size);
  m.nash = bertrand_nash_prices(d, costs, owners, market_size, options);
  m.monopoly = joint_monopoly_prices(d, costs, market_size, options);
  return m;
}

std::vector<std::pair<std::string, double>> firm_profits(const std::vector<Product>& products,
                                                         const PricingEquilibrium& e) {
  std::vector<std::pair<std::string, double>> out;
  for (std::size_t k = 0; k < products.size(); ++k) {
    const std::string& f = products[k].firm;
    auto it = std::find_if(out.begin(), out.end(), [&](const auto& x) { return x.first == f; });
    if (it == out.end()) {
      out.emplace_back(f, 0.0);
      it = out.end() - 1;
    }
    it->second += e.profits[static_cast<Eigen::Index>(k)];
  }
  return out;
}

}  // namespace arbiter::econ
