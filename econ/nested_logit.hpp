// The nested logit log-likelihood over a Design with nests: parameters theta = (beta, lambda_1..lambda_M),
// lambda_m the log-sum ("iv.NEST") parameter of nest m. With a_j = x_j' beta / lambda_m (rum) or x_j' beta
// (unscaled), I_m = log sum_{j in m} exp(a_j) and b_m = lambda_m I_m, log P(j) = a_j - I_m + b_m - log sum_n
// exp(b_n), all through the core log-sum-exp. An alternative in no nest is its own nest with lambda fixed
// at 1. Analytic gradient and Hessian.
// Unavailable alternatives drop out; a nest with no available alternative drops out of its situation.
#pragma once
#include <string>
#include <vector>
#include <Eigen/Core>
#include "econ/conditional_logit.hpp"
#include "econ/design.hpp"
#include "econ/model_spec.hpp"

namespace arbiter::econ {

struct NestStructure {
  std::vector<std::string> names;   // nest names (parameters "iv.NAME"); singleton nests are not listed
  std::vector<int> nest_of;         // per alternative: index into names, or -1 (own nest, lambda = 1)
  NestForm form = NestForm::rum;
  Eigen::VectorXd start;            // per nest: starting log-sum parameter (default 1)
  std::vector<bool> fixed;          // per nest: held at start
};

// Throws core::ArgumentError ("nests[NEST]") for an empty nest, an unknown alternative or one in two nests,
// and (RUM form) IdentificationError for a free log-sum parameter of a nest with one alternative, which that
// form cannot identify.
NestStructure build_nests(const Design& design, const ModelSpec& spec);

// theta has design.k() + nests.names.size() entries.
LogLikelihood nested_log_likelihood(const Design& design, const NestStructure& nests,
                                    const Eigen::VectorXd& theta, Derivatives derivatives = Derivatives::hessian,
                                    int threads = 0);
Eigen::MatrixXd nested_scores(const Design& design, const NestStructure& nests, const Eigen::VectorXd& theta,
                              int threads = 0);
Eigen::VectorXd nested_probabilities(const Design& design, const NestStructure& nests,
                                     const Eigen::VectorXd& theta, int threads = 0);

}  // namespace arbiter::econ
