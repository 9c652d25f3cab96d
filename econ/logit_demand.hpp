// Logit demand by sample enumeration: N consumers with weights summing to 1, J products, utility
// u_ij = a_ij + b_i p_j (a_ij everything but the price term, b_i < 0 the price coefficient), plus an
// optional outside good of utility 0 (last column). Choice probabilities are the core softmax of each
// consumer's utilities; market shares are their weighted average; the logsum is the core Ensemble's log Z.
// Throws std::invalid_argument for mismatched sizes, weights that do not sum to 1 or b_i >= 0.
#pragma once
#include <Eigen/Core>
#include "core/eigen_types.hpp"

namespace arbiter::econ {

struct LogitDemand {
  Eigen::MatrixXd base_utility;       // N x J: utility of each product without the price term
  Eigen::VectorXd price_coefficient;  // N: b_i < 0
  Eigen::VectorXd weight;             // N: non-negative, summing to 1
  bool outside_good = true;           // an outside option of utility 0

  int consumers() const { return static_cast<int>(base_utility.rows()); }
  int products() const { return static_cast<int>(base_utility.cols()); }
  // Columns of the choice set: products, plus one for the outside good.
  int options() const { return products() + (outside_good ? 1 : 0); }
  // Throws std::invalid_argument unless the contract in the file header holds.
  void validate() const;
};

// One consumer of weight 1 with the given base utilities and price coefficient.
LogitDemand representative_consumer(const Eigen::VectorXd& base_utility, double price_coefficient,
                                    bool outside_good = true);

// N x options utilities u_ij = a_ij + b_i p_j (0 for the outside good).
core::Batch<double> utilities(const LogitDemand& demand, const Eigen::VectorXd& prices);
// N x options choice probabilities (rows sum to 1).
core::Batch<double> choice_probabilities(const LogitDemand& demand, const Eigen::VectorXd& prices);
// Market shares by sample enumeration: options entries (the outside good last), summing to 1.
Eigen::VectorXd market_shares(const LogitDemand& demand, const Eigen::VectorXd& prices);
// Each consumer's logsum log sum_j exp(u_ij): the expected maximum utility up to Euler's constant.
Eigen::VectorXd logsums(const LogitDemand& demand, const Eigen::VectorXd& prices);

}  // namespace arbiter::econ
