// Maximum likelihood for a smooth log-likelihood with an analytic gradient and per-unit scores (the latent-class
// and cross-nested logits): BFGS (bfgs.hpp) on the free parameters, the BHHH inverse Hessian at the start;
// then the Hessian by central differences of the analytic gradient (steps 1e-5 max(1, |theta_i|)), the classical
// covariance -H^-1 and the robust sandwich H^-1 (S'S) H^-1 over the free parameters (fixed ones: zero rows and
// columns, NaN standard errors). A Hessian that is singular or not negative definite at the optimum gives NaN
// standard errors and a warning naming the parameters involved. Not converging is no error: converged = false
// with the last iterate. Throws core::ArgumentError ("start", "fixed") for wrong sizes and core::RunError when
// the log-likelihood is not finite at the start.
#pragma once
#include <atomic>
#include <functional>
#include <string>
#include <vector>
#include <Eigen/Core>

namespace arbiter::econ {

struct ScoredLikelihood {
  double value = 0.0;           // -infinity where the parameters are outside the model's domain
  Eigen::VectorXd gradient;     // every parameter
  Eigen::MatrixXd unit_scores;  // units x parameters, when asked for (rows sum to the gradient)
};

// theta -> log-likelihood, gradient and (when `scores`) the unit scores.
using ScoredLikelihoodFunction = std::function<ScoredLikelihood(const Eigen::VectorXd& theta, bool scores)>;

struct BfgsEstimationOptions {
  int max_iterations = 1000;
  double gradient_tolerance = 1e-6;  // on max |d LL / d theta| over the free parameters
  const std::atomic<bool>* cancel = nullptr;
};

struct BfgsEstimate {
  Eigen::VectorXd theta, gradient;
  double log_likelihood = 0.0, start_log_likelihood = 0.0;
  int iterations = 0, evaluations = 0;
  bool converged = false;
  std::string message;
  Eigen::MatrixXd hessian, covariance, robust_covariance;  // over every parameter
  Eigen::VectorXd std_error, robust_std_error;
  std::vector<std::string> warnings;
};

BfgsEstimate estimate_by_bfgs(const ScoredLikelihoodFunction& f, const Eigen::VectorXd& start,
                              const std::vector<bool>& fixed, const std::vector<std::string>& names,
                              const BfgsEstimationOptions& options = {});

}  // namespace arbiter::econ
