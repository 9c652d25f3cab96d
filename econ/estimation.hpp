// Maximum-likelihood estimation of conditional and nested logit models. Newton-Raphson on the free
// parameters with a backtracking line search, stopping when the scaled gradient g' (-H)^-1 g falls below
// the tolerance; the nested logit falls back to BFGS when the Hessian is not negative definite. Large
// conditional-logit data sets (>= 50,000 situations) start from the optimum of a fixed 1/16 subsample. Returns the
// estimates with classical (inverse Hessian) and robust (sandwich) standard errors, t and p values (Boost.Math
// normal), and the fit statistics. Non-convergence is not an error: converged = false and the last iterate.
// Throws RunError for a NaN or infinite log-likelihood, naming the iteration and parameters.
#pragma once
#include <atomic>
#include <limits>
#include <memory>
#include <string>
#include <vector>
#include <Eigen/Core>
#include "econ/design.hpp"
#include "econ/nested_logit.hpp"

namespace arbiter::econ {

struct EstimationOptions {
  int max_iterations = 200;
  double tolerance = 1e-10;  // on g' (-H)^-1 g (on the scale of the log-likelihood)
  int threads = 0;           // <= 0: every core
  bool constants_model = true;  // also fit the constants-only model for constants_log_likelihood
  bool warm_start = true;       // conditional logit on >= 50,000 situations: start from a 1/16 subsample fit
  const std::atomic<bool>* cancel = nullptr;  // stops iterating (converged = false) when set
};

struct ParameterEstimate {
  std::string name;
  double estimate = 0.0, std_error = 0.0, robust_std_error = 0.0, t_value = 0.0, p_value = 0.0;
  bool fixed = false;  // fixed parameters have NaN standard errors, t and p
};

struct IterationRecord {
  int iteration = 0;
  double log_likelihood = 0.0;
  double scaled_gradient = 0.0;
  double step = 0.0;  // line-search step length taken
};

struct EstimationResult {
  std::vector<ParameterEstimate> parameters;
  Eigen::VectorXd theta;               // all parameters (fixed included), in `parameters` order
  Eigen::MatrixXd covariance;          // over all parameters (zero rows/columns for fixed ones)
  Eigen::MatrixXd robust_covariance;
  double log_likelihood = 0.0;
  double null_log_likelihood = 0.0;      // equal shares among available alternatives
  double constants_log_likelihood = 0.0; // constants only (NaN when not computed)
  int constants_parameters = 0;          // free constants of that model
  double conditional_logit_log_likelihood = std::numeric_limits<double>::quiet_NaN();  // nested logit: the
                                         // restricted fit with every log-sum parameter at 1 (NaN otherwise)
  double rho_squared = 0.0;              // 1 - LL / LL(constants) (against LL(0) when constants are absent)
  double adjusted_rho_squared = 0.0;     // 1 - (LL - K) / LL(reference model)
  double aic = 0.0, bic = 0.0;
  long n_situations = 0;
  int n_free = 0;
  int iterations = 0;                  // Newton iterations on the full data
  int warm_start_iterations = 0;       // iterations on the warm-start subsample (large data sets; 0: none)
  bool converged = false;
  std::string method;                  // "newton", "newton+bfgs" (and the warm start, if any)
  std::string model;                   // "conditional logit" / "nested logit (rum|unscaled)"
  std::vector<std::string> warnings;   // e.g. a log-sum parameter outside (0, 1]
  std::vector<IterationRecord> history;
  double fit_seconds = 0.0;            // main model only
};

// An estimation done in slices (for a progress bar or a live view): the first step() prepares the data,
// each later one is one Newton (or BFGS) iteration of the warm start, the conditional-logit start of a
// nested logit, the model itself or the constants-only model; the result is the same, to the bit, as the
// one-shot functions below. The design (and nests) must outlive it.
class LogitEstimation {
 public:
  explicit LogitEstimation(const Design& design, const EstimationOptions& options = {});
  LogitEstimation(const Design& design, const NestStructure& nests, const EstimationOptions& options = {});
  LogitEstimation(const Design&&, const EstimationOptions& = {}) = delete;
  ~LogitEstimation();
  void step();
  bool done() const;
  // Strictly increasing with every step before done(), in [0, 1); 1 when done.
  double progress() const;
  // Iterations of the main model so far, and their records.
  int iterations() const;
  std::vector<IterationRecord> history() const;
  // The estimates, once done().
  const EstimationResult& result() const;

 private:
  struct State;
  std::unique_ptr<State> s_;
};

EstimationResult estimate_conditional_logit(const Design& design, const EstimationOptions& options = {});
EstimationResult estimate_nested_logit(const Design& design, const NestStructure& nests,
                                       const EstimationOptions& options = {});

// Two-sided p value of a standard normal statistic (Boost.Math).
double normal_p_value(double t);
// Upper-tail p value of a chi-squared statistic with df degrees of freedom (Boost.Math); NaN for df < 1.
double chi_squared_p_value(double statistic, int df);
// An R summary()-style table: coefficients with std. errors, robust std. errors, z and p with stars, then
// log-likelihood, likelihood-ratio tests (against the constants-only model; nested logit: against the
// conditional logit, and Wald tests of each log-sum parameter = 1), rho-squared, AIC, BIC and convergence.
std::string format_estimation_report(const EstimationResult& result);

}  // namespace arbiter::econ
