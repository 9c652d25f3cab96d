// The conditional (multinomial) logit log-likelihood over a Design: P(j | s) = softmax over the available
// alternatives of s of x_j' beta (core masked softmax / log-sum-exp), its analytic gradient
// sum_s (x_chosen - E_P[x]) and Hessian -sum_s Cov_P[x]. Parallel over fixed blocks of situations with the
// block sums added in block order, so results are bit-identical whatever the thread count (threads <= 0:
// every core). beta has one entry per design column; derivatives are over all columns (fixed ones
// included; the estimator drops them). Throws std::invalid_argument for a wrong-sized beta.
#pragma once
#include <Eigen/Core>
#include "econ/design.hpp"

namespace arbiter::econ {

struct LogLikelihood {
  double value = 0.0;
  Eigen::VectorXd gradient;  // filled when asked for
  Eigen::MatrixXd hessian;   // filled when asked for
  Eigen::MatrixXd score_outer_product;  // sum_s score_s score_s' (the sandwich's meat), filled with the
                                        // Hessian by the conditional logit (empty from the nested logit)
};

enum class Derivatives { none, gradient, hessian };

// The design as the log-likelihood's inner loops read it: each row's regressors minus those of its
// situation's chosen row (the likelihood is invariant to such shifts, and differences keep full precision for
// regressors with a large common level), column-major so the loops run down contiguous columns. Views the
// design's own `differences` when build_design filled them and they still match x and chosen_row (checked
// exactly on the first situation of every block and the last one), else computes them once here. A view
// holds a pointer to the design, which must outlive it (hence no construction from a temporary).
class ClogitData {
 public:
  explicit ClogitData(const Design& design, int threads = 0);
  ClogitData(const Design&&, int = 0) = delete;
  const Eigen::MatrixXd& dx() const { return view_ ? *view_ : own_; }
  bool views_design() const { return view_ != nullptr; }

 private:
  Eigen::MatrixXd own_;
  const Eigen::MatrixXd* view_ = nullptr;
};

LogLikelihood clogit_log_likelihood(const Design& design, const Eigen::VectorXd& beta,
                                    Derivatives derivatives = Derivatives::hessian, int threads = 0);
LogLikelihood clogit_log_likelihood(const Design& design, const ClogitData& prepared, const Eigen::VectorXd& beta,
                                    Derivatives derivatives = Derivatives::hessian, int threads = 0);
// The same over a fixed subsample: the first 1/denominator of each block of situations (denominator >= 1),
// the objective of the estimator's warm start on large data sets.
LogLikelihood clogit_subsample_log_likelihood(const Design& design, const ClogitData& prepared,
                                              const Eigen::VectorXd& beta, int denominator,
                                              Derivatives derivatives = Derivatives::hessian, int threads = 0);
// Per-situation scores d log P(chosen_s) / d beta: n_situations x K (rows sum to the gradient).
Eigen::MatrixXd clogit_scores(const Design& design, const Eigen::VectorXd& beta, int threads = 0);
// Choice probabilities for every row (0 for an unavailable row); each situation's rows sum to 1.
Eigen::VectorXd clogit_probabilities(const Design& design, const Eigen::VectorXd& beta, int threads = 0);
// Per-situation log-sum (log sum over available j of exp(x_j' beta)): the expected maximum utility,
// up to Euler's constant (consumer surplus = logsum / -cost coefficient).
Eigen::VectorXd clogit_logsums(const Design& design, const Eigen::VectorXd& beta, int threads = 0);

}  // namespace arbiter::econ
