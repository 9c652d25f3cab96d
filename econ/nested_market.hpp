// Nested-logit demand over the consumers and products of a LogitDemand (RUM-consistent form): products are
// grouped in nests with log-sum parameters lambda in (0, 1]; the outside good and products in no nest are
// their own nest (lambda = 1). Probabilities come from the estimator's nested_probabilities
// (econ/nested_logit.hpp); the logsum log sum_m exp(lambda_m I_m), I_m = log sum_{j in m} exp(u_j / lambda_m),
// from the core log-sum-exp at temperature lambda. lambda = 1 everywhere is plain logit; lambda -> 0 makes
// the products of a nest perfect substitutes. Throws std::invalid_argument for a bad nest index or lambda.
#pragma once
#include <string>
#include <vector>
#include <Eigen/Core>
#include "core/eigen_types.hpp"
#include "econ/logit_demand.hpp"

namespace arbiter::econ {

struct MarketNests {
  std::vector<std::string> names;  // nest names
  Eigen::VectorXd lambda;          // one log-sum parameter per nest, in (0, 1]
  std::vector<int> nest_of;        // per product: index into names, or -1 (its own nest)
  void validate(int products) const;
};

// N x options probabilities (outside good last), rows summing to 1.
core::Batch<double> nested_choice_probabilities(const LogitDemand& demand, const Eigen::VectorXd& prices,
                                                const MarketNests& nests);
Eigen::VectorXd nested_market_shares(const LogitDemand& demand, const Eigen::VectorXd& prices,
                                     const MarketNests& nests);
// Per consumer: log sum_m exp(lambda_m I_m).
Eigen::VectorXd nested_logsums(const LogitDemand& demand, const Eigen::VectorXd& prices, const MarketNests& nests);
// J x J dS_j/dp_k under nested demand: per consumer dP_j/du_k = P_j (delta_jk / lambda_g - (1 - lambda_g) /
// lambda_g P_{k|g} 1[k in g] - P_k) for j in nest g, times b_i, averaged with the weights (lambda = 1
// everywhere is the logit's b P_j (delta_jk - P_k)).
Eigen::MatrixXd nested_share_price_derivatives(const LogitDemand& demand, const Eigen::VectorXd& prices,
                                               const MarketNests& nests);
// J x J point elasticities E_jk = dS_j/dp_k * p_k / S_j under nested demand.
Eigen::MatrixXd nested_price_elasticities(const LogitDemand& demand, const Eigen::VectorXd& prices,
                                          const MarketNests& nests);
// J x J arc elasticities under nested demand (column k moves p_k to p_k (1 + h); midpoint formula as
// arc_price_elasticities, with its limit where the price does not move). Throws std::invalid_argument for
// h <= -1 or h = 0.
Eigen::MatrixXd nested_arc_price_elasticities(const LogitDemand& demand, const Eigen::VectorXd& prices,
                                              const MarketNests& nests, double h);
// Expected surplus per consumer, sum_i w_i nested_logsum_i / (-b_i).
double nested_expected_consumer_surplus(const LogitDemand& demand, const Eigen::VectorXd& prices,
                                        const MarketNests& nests);

}  // namespace arbiter::econ
