#include "econ/bfgs_estimation.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>

#include "core/config_error.hpp"
#include "core/input_error.hpp"
#include "econ/bfgs.hpp"
#include "econ/hessian_inverse.hpp"

namespace arbiter::econ {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

}  // namespace

BfgsEstimate estimate_by_bfgs(const ScoredLikelihoodFunction& f, const Eigen::VectorXd& start,
                              const std::vector<bool>& fixed, const std::vector<std::string>& names,
                              const BfgsEstimationOptions& options) {
  const Eigen::Index P = start.size();
  if (fixed.size() != static_cast<std::size_t>(P))
    throw core::ArgumentError("fixed", std::to_string(P) + " flags", std::to_string(fixed.size()));
  if (names.size() != static_cast<std::size_t>(P))
    throw core::ArgumentError("names", std::to_string(P) + " names", std::to_string(names.size()));
  std::vector<Eigen::Index> free;
  for (Eigen::Index i = 0; i < P; ++i)
    if (!fixed[static_cast<std::size_t>(i)]) free.push_back(i);
  const Eigen::Index F = static_cast<Eigen::Index>(free.size());
  auto full_of = [&](const Eigen::VectorXd& x) {
    Eigen::VectorXd t = start;
    for (Eigen::Index i = 0; i < F; ++i) t[free[static_cast<std::size_t>(i)]] = x[i];
    return t;
  };
  auto free_of = [&](const Eigen::VectorXd& v) {
    Eigen::VectorXd out(F);
    for (Eigen::Index i = 0; i < F; ++i) out[i] = v[free[static_cast<std::size_t>(i)]];
    return out;
  };
  auto free_scores = [&](const Eigen::MatrixXd& s) {
    Eigen::MatrixXd out(s.rows(), F);
    for (Eigen::Index i = 0; i < F; ++i) out.col(i) = s.col(free[static_cast<std::size_t>(i)]);
    return out;
  };

  BfgsEstimate out;
  const ScoredLikelihood s0 = f(start, true);
  if (!std::isfinite(s0.value) || !s0.gradient.allFinite())
    throw core::RunError("estimation failed: the log-likelihood or its gradient is not finite at the start");
  out.start_log_likelihood = s0.value;
  const Eigen::MatrixXd S0 = free_scores(s0.unit_scores);
  const Eigen::MatrixXd H0 = inverse_of_positive(S0.transpose() * S0);
  const Objective objective = [&](const Eigen::VectorXd& x, Eigen::VectorXd& g) {
    const ScoredLikelihood l = f(full_of(x), false);
    g = free_of(l.gradient);
    return l.value;
  };
  BfgsOptions bo;
  bo.max_iterations = options.max_iterations;
  bo.gradient_tolerance = options.gradient_tolerance;
  bo.cancel = options.cancel;
  const BfgsResult r = F > 0 ? maximize_bfgs(objective, free_of(start), H0, bo) : BfgsResult{};
  out.theta = F > 0 ? full_of(r.x) : start;
  out.iterations = r.iterations;
  out.evaluations = r.evaluations + 1;
  out.converged = F > 0 ? r.converged : true;
  out.message = F > 0 ? r.message : "no free parameters";

  const ScoredLikelihood at = f(out.theta, true);
  out.log_likelihood = at.value;
  out.gradient = at.gradient;
  const Eigen::VectorXd nan = Eigen::VectorXd::Constant(P, kNaN);
  out.std_error = out.robust_std_error = nan;
  out.hessian = out.covariance = out.robust_covariance = Eigen::MatrixXd::Zero(P, P);
  if (F == 0) return out;
  Eigen::MatrixXd H(F, F);
  for (Eigen::Index i = 0; i < F; ++i) {
    const Eigen::Index p = free[static_cast<std::size_t>(i)];
    const double h = 1e-5 * std::max(1.0, std::abs(out.theta[p]));
    Eigen::VectorXd up = out.theta, down = out.theta;
    up[p] += h;
    down[p] -= h;
    H.col(i) = (free_of(f(up, false).gradient) - free_of(f(down, false).gradient)) / (2.0 * h);
  }
  H = (0.5 * (H + H.transpose())).eval();
  const Eigen::MatrixXd S = free_scores(at.unit_scores);
  const Eigen::MatrixXd meat = S.transpose() * S;
  const Eigen::MatrixXd Hinv = H.allFinite() ? inverse_of_positive(-H) : Eigen::MatrixXd();
  for (Eigen::Index i = 0; i < F; ++i)
    for (Eigen::Index j = 0; j < F; ++j) out.hessian(free[static_cast<std::size_t>(i)], free[static_cast<std::size_t>(j)]) = H(i, j);
  if (Hinv.size() == 0) {
    std::vector<std::string> free_names;
    for (Eigen::Index i = 0; i < F; ++i)
      free_names.push_back(names[static_cast<std::size_t>(free[static_cast<std::size_t>(i)])]);
    out.warnings.push_back(singular_hessian_warning(-H, free_names));
    return out;
  }
  const Eigen::MatrixXd robust = Hinv * meat * Hinv;
  for (Eigen::Index i = 0; i < F; ++i) {
    const Eigen::Index p = free[static_cast<std::size_t>(i)];
    out.std_error[p] = std::sqrt(Hinv(i, i));
    out.robust_std_error[p] = std::sqrt(robust(i, i));
    for (Eigen::Index j = 0; j < F; ++j) {
      out.covariance(p, free[static_cast<std::size_t>(j)]) = Hinv(i, j);
      out.robust_covariance(p, free[static_cast<std::size_t>(j)]) = robust(i, j);
    }
  }
  return out;
}

}  // namespace arbiter::econ
