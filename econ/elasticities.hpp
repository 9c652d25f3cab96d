// Own and cross effects of logit demand (econ/logit_demand.hpp) on the market shares of the J products.
// Marginal effects: an attribute entering u_ij with coefficient c_i moves shares by
// dS_j/dx_k = sum_i w_i c_i s_ij (delta_jk - s_ik). Point price elasticities E_jk = dS_j/dp_k p_k / S_j
// (one consumer: own b p_j (1 - s_j), cross -b p_k s_k). Arc elasticities use the midpoint formula for a
// relative price change h of product k. Throws std::invalid_argument for wrong sizes or h <= -1, h = 0.
#pragma once
#include <Eigen/Core>
#include "econ/logit_demand.hpp"

namespace arbiter::econ {

// J x J matrix of dS_j/dx_k for an attribute with coefficient `coefficient[i]` for consumer i.
Eigen::MatrixXd marginal_effects(const LogitDemand& demand, const Eigen::VectorXd& prices,
                                 const Eigen::VectorXd& coefficient);
// J x J matrix of dS_j/dp_k (the marginal effects of price).
Eigen::MatrixXd share_price_derivatives(const LogitDemand& demand, const Eigen::VectorXd& prices);
// J x J point elasticities E_jk = dS_j/dp_k * p_k / S_j.
Eigen::MatrixXd price_elasticities(const LogitDemand& demand, const Eigen::VectorXd& prices);
// J x J arc elasticities: column k moves p_k to p_k (1 + h); E_jk = (dS_j / mean S_j) / (dp_k / mean p_k).
// Where p_k (1 + h) rounds to p_k (a zero price, or a change below its rounding) column k is the limit, the
// point elasticities.
Eigen::MatrixXd arc_price_elasticities(const LogitDemand& demand, const Eigen::VectorXd& prices, double h);

}  // namespace arbiter::econ
