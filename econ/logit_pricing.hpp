// Profit-maximising prices under logit demand (econ/logit_demand.hpp, outside good required). Firm f sets
// the prices of the products it owns to maximise M sum_{j in f} (p_j - c_j) S_j(p). The Bertrand-Nash
// equilibrium is the fixed point of the first-order conditions S_j + sum_{k in f(j)} (p_k - c_k) dS_k/dp_j = 0,
// found with the zeta-markup iteration of Morrow & Skerlos (2011): with dS/dp = Lambda - Gamma,
// p = c + Lambda^-1 ((O .* Gamma)(p - c) - S), stopping when the step is below the tolerance or below 16
// rounding units of the largest price (so a tiny price coefficient, with prices near 1 / |alpha|, converges).
// Joint monopoly is the same with one owner. Known closed forms (one consumer): single-product margin
// 1/(alpha (1 - s_j)), monopoly margins all 1/(alpha s_0). Throws std::invalid_argument for no outside good or wrong sizes.
#pragma once
#include <vector>
#include <Eigen/Core>
#include "econ/logit_demand.hpp"

namespace arbiter::econ {

struct PricingOptions {
  double tolerance = 1e-12;   // on max_j |p_j(next) - p_j| (money), or 16 ulps of max_j |p_j| if larger
  int max_iterations = 100000;
};

struct PricingEquilibrium {
  Eigen::VectorXd prices, shares, margins;  // per product; shares of the inside goods
  Eigen::VectorXd profits;                  // per product: market_size (p_j - c_j) S_j
  double outside_share = 0.0;
  double consumer_surplus = 0.0;            // market_size * expected surplus per consumer
  double foc_residual = 0.0;                // max_j |first-order condition j| at the returned prices
  int iterations = 0;
  bool converged = false;
};

// The per-product first-order conditions (derivative of the owner's profit per consumer in p_j).
Eigen::VectorXd pricing_first_order_conditions(const LogitDemand& demand, const Eigen::VectorXd& prices,
                                               const Eigen::VectorXd& costs, const std::vector<int>& owner);
// Prices, shares, margins, profits and surplus at given prices (no optimisation; iterations = 0).
PricingEquilibrium evaluate_prices(const LogitDemand& demand, const Eigen::VectorXd& prices,
                                   const Eigen::VectorXd& costs, const std::vector<int>& owner, double market_size);
// owner[j]: the firm of product j (any integers; equal means same firm).
PricingEquilibrium bertrand_nash_prices(const LogitDemand& demand, const Eigen::VectorXd& costs,
                                        const std::vector<int>& owner, double market_size = 1.0,
                                        const PricingOptions& options = {});
PricingEquilibrium joint_monopoly_prices(const LogitDemand& demand, const Eigen::VectorXd& costs,
                                         double market_size = 1.0, const PricingOptions& options = {});

}  // namespace arbiter::econ
