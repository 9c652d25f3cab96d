// Maximum likelihood for a smooth log-likelihood with an analytic gradient and per-unit scores (the latent-class
// and cross-nested logits): BFGS (bfgs.hpp) on the free parameters, the BHHH inverse Hessian at the start;
// then the Hessian by central differences of the analytic gradient (steps 1e-5 max(1, |theta_i|)), the classical
// covariance -H^-1 and the robust sandwich H^-1 (S'S) H^-1 over the free parameters (fixed ones: zero rows and
// columns, NaN standard errors). A Hessian that is singular or not negative definite at the optimum gives NaN
// standard errors and a warning naming the parameters involved. Not converging is no error: converged = false
// with the last iterate. Throws core::ArgumentError ("start", "fixed") for wrong sizes and core::RunError when
// the log-likelihood is not finite at the start. BfgsEstimation does the same a step at a time.
#pragma once
#include <atomic>
#include <functional>
#include <memory>
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

// The same estimation a piece per step(), for an experiment's slices (estimate_by_bfgs is `while (!done())
// step();`): the constructor evaluates the start (and throws as estimate_by_bfgs does), each step() does one BFGS
// iteration, then the optimum's evaluation, then one column of the Hessian (two gradients), then the covariances.
// With standard_errors false it is done after the optimum's evaluation (no hessian, covariances or standard
// errors: empty) until add_standard_errors() asks for them (the same numbers as when asked at once).
class BfgsEstimation {
 public:
  BfgsEstimation(ScoredLikelihoodFunction f, const Eigen::VectorXd& start, std::vector<bool> fixed,
                 std::vector<std::string> names, const BfgsEstimationOptions& options = {}, bool standard_errors = true);
  ~BfgsEstimation();
  void step();
  bool done() const;
  void add_standard_errors();
  int iterations() const;               // BFGS iterations so far
  const BfgsEstimate& result() const;   // complete once done()

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace arbiter::econ
