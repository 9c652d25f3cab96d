// Maximum simulated likelihood for a MixedLogit: BFGS (bfgs.hpp) on the free parameters from the conditional
// logit's estimates (spreads start_sd) or given values, the initial inverse Hessian the BHHH one at the
// start; converged when every gradient entry is within gradient_tolerance. Standard errors from the Hessian
// (central differences of the analytic gradient), BHHH (unit scores), the robust sandwich (unit scores)
// and clustered by person (scores summed per person; the same as robust for a panel). Fixed parameters keep
// their start value and have NaN standard errors. A singular Hessian gives NaN standard errors and a warning
// naming the parameters involved. With starts > 1, restarts from perturbed points (core::RandomStream(seed))
// keep the best optimum and count how many starts reached it (iterations are those of the best fit,
// evaluations those of all). Throws core::ArgumentError for a wrong-sized start or fixed mask.
#pragma once
#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>
#include <Eigen/Core>

#include "econ/mixed_logit.hpp"
#include "econ/sliced_sums.hpp"

namespace arbiter::econ {

struct MixedLogitOptions {
  int max_iterations = 1000;
  double gradient_tolerance = 1e-5;  // on max |d SLL / d theta|
  int threads = 0;                   // <= 0: every core
  Eigen::VectorXd start;             // every parameter (empty: the conditional logit's means, spreads start_sd)
  double start_sd = 0.1;
  std::vector<bool> fixed;           // parameters held at their start (empty: none)
  bool standard_errors = true;
  int starts = 1;                    // > 1: also fits from starts - 1 perturbed points and keeps the best
  std::uint64_t seed = 0;            // of the perturbations
  // While max |gradient| exceeds this, iterate on the single-precision likelihood (MixedLogit::evaluate_single):
  // the first iterations BHHH steps (unit scores in double at each iterate), BFGS from a BHHH inverse Hessian
  // taken again when max |gradient| falls to 30; 0: double precision throughout, BFGS from the start's BHHH
  // inverse Hessian. The final iterations, estimates and standard errors are double.
  double single_precision_gradient = 0.0;
  const std::atomic<bool>* cancel = nullptr;
  // The SlicedSums the model was built with (null: none): MixedLogitEstimation then computes an evaluation of
  // more than slice_work situation-draws in slices of chunks, a slice per step() (the same bits).
  std::shared_ptr<const SlicedSums> slices;
  double slice_work = 5e6;
};

struct MixedLogitEstimate {
  std::vector<std::string> names;
  Eigen::VectorXd theta, gradient;
  double log_likelihood = 0.0, start_log_likelihood = 0.0;
  int iterations = 0, evaluations = 0;  // evaluations: every one (with unit scores or not, either precision)
  int single_evaluations = 0;        // of those, in single precision
  int start_iterations = 0;          // the conditional logit's, when it gave the start
  std::vector<double> start_log_likelihoods;  // the optimum reached from each start (the first: the default)
  int starts_at_best = 0;            // how many of them reached the best within 1e-4
  bool converged = false;
  std::string message;
  Eigen::MatrixXd hessian;           // d2 SLL over all parameters (zero rows and columns for fixed ones)
  Eigen::MatrixXd covariance, bhhh_covariance, robust_covariance, clustered_covariance;
  Eigen::VectorXd std_error, bhhh_std_error, robust_std_error, clustered_std_error;
  std::vector<ImpliedParameter> implied;  // sds and correlations of a correlated block (Hessian covariance)
  std::vector<std::string> warnings;
  double start_seconds = 0.0, fit_seconds = 0.0, std_error_seconds = 0.0;
};

MixedLogitEstimate estimate_mixed_logit(const MixedLogit& model, const MixedLogitOptions& options = {});

// estimate_mixed_logit a piece per step(), for an experiment's slices: the conditional-logit start when none is
// given (a BFGS iteration per step), each BFGS iteration of each start, then the standard errors in one step;
// the same numbers (estimate_mixed_logit is `while (!done()) step();`). With options.slices, an evaluation too
// large for one step is computed a slice of chunks per step (each evaluation's slices in order, then the
// piece of work that asked for it, replayed from the start of the piece with the evaluations it already has),
// so no step takes much longer than one slice. The constructor throws as
// estimate_mixed_logit does for a wrong-sized start or fixed mask; the model must outlive the estimation.
class MixedLogitEstimation {
 public:
  MixedLogitEstimation(const MixedLogit& model, MixedLogitOptions options);
  ~MixedLogitEstimation();
  void step();
  bool done() const;
  // The starts finished, plus iterations / (iterations + 20) of the current one, over the starts, times 0.95;
  // 0.95 for the standard errors, 1 when done.
  double progress() const;
  const MixedLogitEstimate& result() const;  // complete once done()
  // While a start is being fitted: which start (0 the first), its BFGS iterations so far and the simulated
  // log-likelihood at its current iterate; nullopt in the other phases.
  struct Iterate {
    int start = 0, iteration = 0;
    double log_likelihood = 0.0;
  };
  std::optional<Iterate> current() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// The Hessian of the simulated log-likelihood at theta by central differences of the analytic gradient
// (steps 1e-5 max(1, |theta_i|)), symmetrised; only over the parameters with free[i] (others zero).
Eigen::MatrixXd simulated_hessian(const MixedLogit& model, const Eigen::VectorXd& theta, const std::vector<bool>& free,
                                  int threads = 0);

}  // namespace arbiter::econ
