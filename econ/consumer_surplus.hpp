// Consumer surplus under logit demand from the logsum (the log partition function of the utilities: core
// Ensemble log Z with energies -u at beta = 1, or the core log-sum-exp). A consumer's expected surplus is
// logsum / (-b) in money (Small & Rosen), up to a constant that cancels in every change between scenarios:
// dCS = (logsum_after - logsum_before) / (-cost coefficient). With an outside good of utility 0 the level is
// measured against a market with no products. Throws std::invalid_argument for a cost coefficient >= 0 or
// scenarios with different consumers.
#pragma once
#include <Eigen/Core>
#include "econ/logit_demand.hpp"

namespace arbiter::econ {

// log sum_j exp(u_j) as the log partition function of the core Ensemble (energies -u, beta = 1).
double logsum(const Eigen::VectorXd& utilities);
// (logsum_after - logsum_before) / (-cost_coefficient).
double consumer_surplus_change(double logsum_before, double logsum_after, double cost_coefficient);
// Expected surplus per consumer: sum_i w_i logsum_i / (-b_i).
double expected_consumer_surplus(const LogitDemand& demand, const Eigen::VectorXd& prices);
// Expected change per consumer between two scenarios of the same consumers (the product sets may differ):
// sum_i w_i (logsum_after_i - logsum_before_i) / (-b_i).
double consumer_surplus_change(const LogitDemand& before, const Eigen::VectorXd& prices_before,
                               const LogitDemand& after, const Eigen::VectorXd& prices_after);
// The same from per-consumer logsums (e.g. nested logit logsums).
double consumer_surplus_change(const Eigen::VectorXd& logsums_before, const Eigen::VectorXd& logsums_after,
                               const Eigen::VectorXd& cost_coefficient, const Eigen::VectorXd& weight);

}  // namespace arbiter::econ
