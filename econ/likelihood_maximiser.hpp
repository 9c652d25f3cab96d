// Maximises a log-likelihood one iteration per step(): Newton-Raphson where -H is positive definite, BFGS
// steps (inverse-Hessian approximation updated every iteration) where it is not (or, without BFGS, a
// Levenberg-style shift of the diagonal), with a backtracking (Armijo) line search; stops when the scaled
// gradient g' (-H)^-1 g falls below the tolerance, after max_iterations, on cancel, or when no step improves.
// Throws core::RunError for a NaN or infinite log-likelihood or gradient, naming the iteration and parameters.
#pragma once
#include <functional>
#include <string>
#include <vector>
#include <Eigen/Core>
#include "econ/conditional_logit.hpp"
#include "econ/estimation.hpp"

namespace arbiter::econ {

using Objective = std::function<LogLikelihood(const Eigen::VectorXd&, Derivatives)>;

struct Optimum {
  Eigen::VectorXd theta;
  LogLikelihood at;  // with Hessian
  int iterations = 0;
  bool converged = false;
  bool used_bfgs = false;
  std::vector<IterationRecord> history;
};

class LikelihoodMaximiser {
 public:
  // Evaluates f at `theta` (the first step's work is then one iteration). `fixed` and `names` have one entry
  // per parameter; the objective and names must outlive the maximiser.
  LikelihoodMaximiser(Objective f, Eigen::VectorXd theta, const std::vector<bool>& fixed,
                      const std::vector<std::string>& names, const EstimationOptions& options, bool allow_bfgs);
  // One iteration (or the final convergence check).
  void step();
  bool done() const { return done_; }
  int iterations() const { return o_.iterations; }
  // The iterations so far (log-likelihood, scaled gradient, step length).
  const std::vector<IterationRecord>& history() const { return o_.history; }
  // The optimum (the last iterate when it did not converge), once done().
  const Optimum& optimum() const { return o_; }

 private:
  Objective f_;
  Eigen::VectorXd theta_;
  std::vector<int> free_;
  const std::vector<std::string>& names_;
  EstimationOptions opt_;
  bool allow_bfgs_;
  Optimum o_;
  LogLikelihood cur_;
  Eigen::MatrixXd hinv_;  // BFGS inverse of -H (free block), built on first need
  int it_ = 0;
  bool done_ = false;
};

// Runs a maximiser to the end.
Optimum maximise(const Objective& f, Eigen::VectorXd theta, const std::vector<bool>& fixed,
                 const std::vector<std::string>& names, const EstimationOptions& options, bool allow_bfgs);

// The entries `idx` of v, and the block (idx, idx) of m.
Eigen::VectorXd take(const Eigen::VectorXd& v, const std::vector<int>& idx);
Eigen::MatrixXd take(const Eigen::MatrixXd& m, const std::vector<int>& idx);

}  // namespace arbiter::econ
