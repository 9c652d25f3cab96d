#include "econ/mixed_logit_estimation.hpp"

#include <chrono>
#include <cmath>
#include <limits>
#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>

#include "core/input_error.hpp"
#include "core/random_stream.hpp"
#include "econ/bfgs.hpp"
#include "econ/hessian_inverse.hpp"

namespace arbiter::econ {
namespace {

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Free entries of a full vector and back.
struct FreeMap {
  std::vector<int> index;
  Eigen::VectorXd full;
  Eigen::VectorXd free_of(const Eigen::VectorXd& v) const {
    Eigen::VectorXd out(static_cast<Eigen::Index>(index.size()));
    for (std::size_t i = 0; i < index.size(); ++i) out[static_cast<Eigen::Index>(i)] = v[index[i]];
    return out;
  }
  Eigen::VectorXd full_of(const Eigen::VectorXd& v) const {
    Eigen::VectorXd out = full;
    for (std::size_t i = 0; i < index.size(); ++i) out[index[i]] = v[static_cast<Eigen::Index>(i)];
    return out;
  }
  Eigen::MatrixXd expand(const Eigen::MatrixXd& m, double fill) const {
    Eigen::MatrixXd out = Eigen::MatrixXd::Constant(full.size(), full.size(), fill);
    for (std::size_t i = 0; i < index.size(); ++i)
      for (std::size_t j = 0; j < index.size(); ++j)
        out(index[i], index[j]) = m(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j));
    return out;
  }
};

BfgsResult fit(const MixedLogit& model, const FreeMap& map, const Eigen::VectorXd& start, const MixedLogitOptions& o,
               int* single_evaluations = nullptr) {
  auto objective = [&](bool single) -> Objective {
    return [&, single](const Eigen::VectorXd& x, Eigen::VectorXd& g) {
      const auto e = single ? model.evaluate_single(map.full_of(x), true, o.threads)
                            : model.evaluate(map.full_of(x), true, false, o.threads);
      g = map.free_of(e.gradient);
      return e.value;
    };
  };
  // The BHHH inverse Hessian at the start scales the first steps.
  const auto e0 = model.evaluate(start, true, true, o.threads);
  Eigen::MatrixXd S(e0.unit_scores.rows(), static_cast<Eigen::Index>(map.index.size()));
  for (std::size_t i = 0; i < map.index.size(); ++i) S.col(static_cast<Eigen::Index>(i)) = e0.unit_scores.col(map.index[i]);
  Eigen::MatrixXd H0 = inverse_of_positive(S.transpose() * S);
  BfgsOptions bo;
  bo.max_iterations = o.max_iterations;
  bo.gradient_tolerance = o.gradient_tolerance;
  bo.cancel = o.cancel;
  Eigen::VectorXd x0 = map.free_of(start);
  int iterations = 0, evaluations = 1;
  if (o.single_precision_gradient > 0) {
    // Single precision while the gradient is large; the double-precision phase continues from its iterate
    // and inverse Hessian, so the estimates are those of the exact likelihood.
    BfgsOptions fast = bo;
    fast.gradient_tolerance = std::max(o.single_precision_gradient, o.gradient_tolerance);
    fast.restart_after_failed_search = false;  // rounding noise: hand over to double precision at once
    fast.line_search_evaluations = 4;
    const auto r = maximize_bfgs(objective(true), x0, H0, fast);
    x0 = r.x;
    H0 = r.inverse_hessian;
    iterations = r.iterations;
    evaluations += r.evaluations;
    if (single_evaluations) *single_evaluations = r.evaluations;
    bo.max_iterations = std::max(0, bo.max_iterations - r.iterations);
  }
  auto r = maximize_bfgs(objective(false), x0, H0, bo);
  r.iterations += iterations;
  r.evaluations += evaluations;
  return r;
}

}  // namespace

Eigen::MatrixXd simulated_hessian(const MixedLogit& model, const Eigen::VectorXd& theta, const std::vector<bool>& free,
                                  int threads) {
  const int P = model.n_parameters();
  Eigen::MatrixXd H = Eigen::MatrixXd::Zero(P, P);
  for (int i = 0; i < P; ++i) {
    if (!free[static_cast<std::size_t>(i)]) continue;
    const double h = 1e-5 * std::max(1.0, std::abs(theta[i]));
    Eigen::VectorXd up = theta, down = theta;
    up[i] += h;
    down[i] -= h;
    H.col(i) = (model.evaluate(up, true, false, threads).gradient - model.evaluate(down, true, false, threads).gradient) /
               (2.0 * h);
  }
  for (int i = 0; i < P; ++i)
    if (!free[static_cast<std::size_t>(i)]) H.row(i).setZero();
  return 0.5 * (H + H.transpose());
}

MixedLogitEstimate estimate_mixed_logit(const MixedLogit& model, const MixedLogitOptions& options) {
  const int P = model.n_parameters();
  const auto& rc = model.coefficients();
  if (options.start.size() != 0 && options.start.size() != P)
    throw core::ArgumentError("start", std::to_string(P) + " values", std::to_string(options.start.size()));
  if (!options.fixed.empty() && static_cast<int>(options.fixed.size()) != P)
    throw core::ArgumentError("fixed", std::to_string(P) + " flags", std::to_string(options.fixed.size()));
  MixedLogitEstimate out;
  out.names = rc.parameter_names();
  auto t = Clock::now();
  Eigen::VectorXd start = options.start;
  if (start.size() == 0) {
    const MixedLogit clogit = model.conditional_logit();
    FreeMap cmap;
    cmap.full = Eigen::VectorXd::Zero(rc.n_coefficients());
    for (int k = 0; k < rc.n_coefficients(); ++k) cmap.index.push_back(k);
    MixedLogitOptions co = options;
    co.gradient_tolerance = std::min(options.gradient_tolerance, 1e-6);
    co.single_precision_gradient = 0.0;
    const auto c = fit(clogit, cmap, cmap.full, co);
    out.start_iterations = c.iterations;
    start = rc.start(c.x, options.start_sd);
  }
  FreeMap map;
  map.full = start;
  std::vector<bool> free(static_cast<std::size_t>(P), true);
  for (int i = 0; i < P; ++i) {
    if (!options.fixed.empty() && options.fixed[static_cast<std::size_t>(i)]) free[static_cast<std::size_t>(i)] = false;
    if (free[static_cast<std::size_t>(i)]) map.index.push_back(i);
  }
  out.start_seconds = since(t);
  t = Clock::now();
  out.start_log_likelihood = model.evaluate(start, false, false, options.threads).value;
  auto r = fit(model, map, start, options, &out.single_evaluations);
  out.start_log_likelihoods.push_back(r.value);
  out.evaluations = r.evaluations;
  const Eigen::VectorXd first = map.full_of(r.x);
  // Further starts: the means moved by 10% of their size, the free spreads of random sign and of 0.5 to 1.5
  // times the first fit's size (the simulated likelihood has a local maximum per sign pattern of the spreads).
  arbiter::core::RandomStream stream(options.seed, 0);
  for (int s = 1; s < options.starts; ++s) {
    Eigen::VectorXd perturbed = start;
    for (int k = 0; k < rc.n_coefficients(); ++k) perturbed[k] += 0.1 * std::abs(start[k]) * stream.normal();
    for (int p = rc.n_coefficients(); p < P; ++p) {
      if (!free[static_cast<std::size_t>(p)] || start[p] == 0.0) continue;
      perturbed[p] = (stream.bernoulli(0.5) ? 1.0 : -1.0) * stream.uniform(0.5, 1.5) * std::max(std::abs(first[p]), 0.1);
    }
    int single = 0;
    const auto rs = fit(model, map, perturbed, options, &single);
    out.start_log_likelihoods.push_back(rs.value);
    out.single_evaluations += single;
    out.evaluations += rs.evaluations;
    if (rs.value > r.value && (rs.converged || !r.converged)) r = rs;
  }
  for (double v : out.start_log_likelihoods) out.starts_at_best += std::abs(v - r.value) <= 1e-4 ? 1 : 0;
  out.theta = map.full_of(r.x);
  out.log_likelihood = r.value;
  out.gradient = Eigen::VectorXd::Zero(P);
  for (std::size_t i = 0; i < map.index.size(); ++i) out.gradient[map.index[i]] = r.gradient[static_cast<Eigen::Index>(i)];
  out.iterations = r.iterations;
  out.evaluations += 1;
  out.converged = r.converged;
  out.message = r.message;
  out.fit_seconds = since(t);
  const Eigen::VectorXd nan = Eigen::VectorXd::Constant(P, kNaN);
  out.std_error = out.bhhh_std_error = out.robust_std_error = out.clustered_std_error = nan;
  if (!options.standard_errors) return out;
  t = Clock::now();
  out.hessian = simulated_hessian(model, out.theta, free, options.threads);
  const auto e = model.evaluate(out.theta, true, true, options.threads);
  const Eigen::Index F = static_cast<Eigen::Index>(map.index.size());
  Eigen::MatrixXd H(F, F), S(e.unit_scores.rows(), F);
  for (Eigen::Index i = 0; i < F; ++i) {
    S.col(i) = e.unit_scores.col(map.index[static_cast<std::size_t>(i)]);
    for (Eigen::Index j = 0; j < F; ++j) H(i, j) = out.hessian(map.index[static_cast<std::size_t>(i)], map.index[static_cast<std::size_t>(j)]);
  }
  // Clustered: the scores of each person's units summed.
  const auto& person = model.unit_person();
  const Eigen::Index people = person.empty() ? 0 : person.back() + 1;
  Eigen::MatrixXd C = Eigen::MatrixXd::Zero(people, F);
  for (Eigen::Index u = 0; u < S.rows(); ++u) C.row(person[static_cast<std::size_t>(u)]) += S.row(u);
  const Eigen::MatrixXd meat = S.transpose() * S, cluster_meat = C.transpose() * C;
  const Eigen::MatrixXd Hinv = inverse_of_positive(-H), Binv = inverse_of_positive(meat);
  auto se = [&](const Eigen::MatrixXd& cov) {
    Eigen::VectorXd v = nan;
    for (Eigen::Index i = 0; i < F; ++i) v[map.index[static_cast<std::size_t>(i)]] = std::sqrt(cov(i, i));
    return v;
  };
  if (Hinv.size() != 0) {
    out.covariance = map.expand(Hinv, 0.0);
    out.robust_covariance = map.expand(Hinv * meat * Hinv, 0.0);
    out.clustered_covariance = map.expand(Hinv * cluster_meat * Hinv, 0.0);
    out.std_error = se(Hinv);
    out.robust_std_error = se(Hinv * meat * Hinv);
    out.clustered_std_error = se(Hinv * cluster_meat * Hinv);
  } else {
    std::vector<std::string> free_names;
    for (Eigen::Index i = 0; i < F; ++i)
      free_names.push_back(out.names[static_cast<std::size_t>(map.index[static_cast<std::size_t>(i)])]);
    out.warnings.push_back(singular_hessian_warning(-H, free_names));
  }
  if (Binv.size() != 0) {
    out.bhhh_covariance = map.expand(Binv, 0.0);
    out.bhhh_std_error = se(Binv);
  }
  out.implied = implied_covariance(rc, out.theta, out.covariance);
  out.std_error_seconds = since(t);
  return out;
}

}  // namespace arbiter::econ
