#include "econ/estimation.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <limits>
#include <sstream>
#include <tuple>
#include <utility>
#include <Eigen/Cholesky>
#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/normal.hpp>

#include "core/config_error.hpp"
#include "econ/conditional_logit.hpp"

namespace arbiter::econ {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

using Objective = std::function<LogLikelihood(const Eigen::VectorXd&, Derivatives)>;

struct Optimum {
  Eigen::VectorXd theta;
  LogLikelihood at;  // with Hessian
  int iterations = 0;
  bool converged = false;
  bool used_bfgs = false;
  std::vector<IterationRecord> history;
};

Eigen::VectorXd take(const Eigen::VectorXd& v, const std::vector<int>& idx) {
  Eigen::VectorXd out(static_cast<Eigen::Index>(idx.size()));
  for (std::size_t i = 0; i < idx.size(); ++i) out[static_cast<Eigen::Index>(i)] = v[idx[i]];
  return out;
}
Eigen::MatrixXd take(const Eigen::MatrixXd& m, const std::vector<int>& idx) {
  const Eigen::Index n = static_cast<Eigen::Index>(idx.size());
  Eigen::MatrixXd out(n, n);
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < n; ++j) out(i, j) = m(idx[static_cast<std::size_t>(i)], idx[static_cast<std::size_t>(j)]);
  return out;
}

void check_finite(const LogLikelihood& l, int iteration, const std::vector<std::string>& names,
                  const Eigen::VectorXd& theta) {
  bool ok = std::isfinite(l.value);
  for (Eigen::Index i = 0; ok && i < l.gradient.size(); ++i) ok = std::isfinite(l.gradient[i]);
  if (ok) return;
  std::ostringstream m;
  m << "estimation failed: the log-likelihood or its gradient is not finite at iteration " << iteration
    << " (parameters:";
  for (std::size_t i = 0; i < names.size(); ++i) m << " " << names[i] << "=" << theta[static_cast<Eigen::Index>(i)];
  m << ")";
  throw core::RunError(m.str());
}

// Newton-Raphson where -H is positive definite, BFGS steps (inverse-Hessian approximation updated every
// iteration) where it is not; backtracking (Armijo) line search; stops on g' (-H)^-1 g < tolerance.
Optimum maximise(const Objective& f, Eigen::VectorXd theta, const std::vector<bool>& fixed,
                 const std::vector<std::string>& names, const EstimationOptions& opt, bool allow_bfgs) {
  std::vector<int> free;
  for (std::size_t i = 0; i < fixed.size(); ++i)
    if (!fixed[i]) free.push_back(static_cast<int>(i));
  const Eigen::Index nf = static_cast<Eigen::Index>(free.size());
  Optimum o;
  LogLikelihood cur = f(theta, Derivatives::hessian);
  check_finite(cur, 0, names, theta);
  Eigen::MatrixXd hinv;  // BFGS inverse of -H (free block), built on first need
  for (int it = 0;; ++it) {
    const Eigen::VectorXd g = take(cur.gradient, free);
    const Eigen::MatrixXd neg_h = -take(cur.hessian, free);
    Eigen::VectorXd dir;
    Eigen::LLT<Eigen::MatrixXd> llt(neg_h);
    bool newton = llt.info() == Eigen::Success;
    if (newton) {
      dir = llt.solve(g);
      newton = dir.allFinite() && g.dot(dir) >= 0.0;
    }
    if (!newton) {
      if (hinv.size() == 0) {
        hinv = Eigen::MatrixXd::Zero(nf, nf);
        for (Eigen::Index i = 0; i < nf; ++i) hinv(i, i) = 1.0 / std::max(std::abs(neg_h(i, i)), 1e-8);
      }
      if (!allow_bfgs) {
        // Levenberg-style: add a multiple of the diagonal until -H is positive definite.
        double mu = 1e-8;
        for (; mu < 1e8; mu *= 10.0) {
          Eigen::MatrixXd reg = neg_h;
          reg.diagonal() += mu * neg_h.diagonal().cwiseAbs().cwiseMax(1e-12);
          Eigen::LLT<Eigen::MatrixXd> l2(reg);
          if (l2.info() == Eigen::Success) {
            dir = l2.solve(g);
            break;
          }
        }
        if (dir.size() == 0) dir = hinv * g;
      } else {
        dir = hinv * g;
        o.used_bfgs = true;
      }
    }
    const double scaled = g.dot(dir);
    o.history.push_back({it, cur.value, scaled, 0.0});
    if (newton && scaled < opt.tolerance) {
      o.converged = true;
      break;
    }
    if (it >= opt.max_iterations || (opt.cancel && opt.cancel->load())) break;
    double t = 1.0;
    LogLikelihood next;
    Eigen::VectorXd trial;
    bool accepted = false;
    const double slack = 1e-13 * std::max(1.0, std::abs(cur.value));
    for (int ls = 0; ls < 60; ++ls, t *= 0.5) {
      trial = theta;
      for (Eigen::Index i = 0; i < nf; ++i) trial[free[static_cast<std::size_t>(i)]] += t * dir[i];
      next = f(trial, Derivatives::hessian);
      if (std::isfinite(next.value) && next.value >= cur.value + 1e-4 * t * scaled - slack && next.gradient.allFinite()) {
        accepted = true;
        break;
      }
    }
    if (!accepted) break;
    if (hinv.size() != 0) {
      const Eigen::VectorXd s = take(trial, free) - take(theta, free);
      const Eigen::VectorXd y = g - take(next.gradient, free);
      const double sy = s.dot(y);
      if (sy > 1e-300) {
        const Eigen::MatrixXd id = Eigen::MatrixXd::Identity(nf, nf);
        hinv = (id - s * y.transpose() / sy) * hinv * (id - y * s.transpose() / sy) + s * s.transpose() / sy;
      }
    }
    theta = trial;
    cur = next;
    o.iterations = it + 1;
    o.history.back().step = t;
  }
  o.theta = theta;
  o.at = cur;
  return o;
}

struct Covariances {
  Eigen::MatrixXd classic, robust;
  bool ok = false;
};

// Classical -H^-1 and robust (sandwich) H^-1 B H^-1 covariances over the free parameters, B = sum_s s_s s_s'.
Covariances covariances(const LogLikelihood& at, const Eigen::MatrixXd& score_outer, const std::vector<bool>& fixed) {
  const Eigen::Index p = static_cast<Eigen::Index>(fixed.size());
  Covariances c;
  c.classic = Eigen::MatrixXd::Constant(p, p, kNaN);
  c.robust = Eigen::MatrixXd::Constant(p, p, kNaN);
  std::vector<int> free;
  for (std::size_t i = 0; i < fixed.size(); ++i)
    if (!fixed[i]) free.push_back(static_cast<int>(i));
  const Eigen::Index nf = static_cast<Eigen::Index>(free.size());
  if (nf == 0) return c;
  const Eigen::MatrixXd neg_h = -take(at.hessian, free);
  Eigen::LLT<Eigen::MatrixXd> llt(neg_h);
  if (llt.info() != Eigen::Success) return c;
  const Eigen::MatrixXd v = llt.solve(Eigen::MatrixXd::Identity(nf, nf));
  const Eigen::MatrixXd r = v * take(score_outer, free) * v;
  for (Eigen::Index i = 0; i < nf; ++i)
    for (Eigen::Index j = 0; j < nf; ++j) {
      c.classic(free[static_cast<std::size_t>(i)], free[static_cast<std::size_t>(j)]) = v(i, j);
      c.robust(free[static_cast<std::size_t>(i)], free[static_cast<std::size_t>(j)]) = r(i, j);
    }
  c.ok = true;
  return c;
}

double null_log_likelihood(const Design& d) {
  double ll = 0.0;
  for (std::size_t s = 0; s < d.n_situations(); ++s) {
    long n = 0;
    for (auto r = d.offsets[s]; r < d.offsets[s + 1]; ++r) n += d.is_available(static_cast<std::size_t>(r)) ? 1 : 0;
    ll -= std::log(static_cast<double>(n));
  }
  return ll;
}

// Log-likelihood of the model with alternative-specific constants only, and its number of free constants:
// closed form sum_j N_j log(N_j / N) when every situation offers every alternative, else a conditional-logit
// fit of the constants.
std::pair<double, int> constants_log_likelihood(const Design& d, const EstimationOptions& opt) {
  const std::size_t j_count = d.alternatives.size();
  bool balanced = true;
  for (std::size_t s = 0; s < d.n_situations() && balanced; ++s) {
    balanced = static_cast<std::size_t>(d.offsets[s + 1] - d.offsets[s]) == j_count;
    for (auto r = d.offsets[s]; balanced && r < d.offsets[s + 1]; ++r) balanced = d.is_available(static_cast<std::size_t>(r));
  }
  std::vector<double> counts(j_count, 0.0);
  for (auto r : d.chosen_row) counts[static_cast<std::size_t>(d.alternative[static_cast<std::size_t>(r)])] += 1.0;
  if (balanced) {
    const double n = static_cast<double>(d.n_situations());
    double ll = 0.0;
    int chosen = 0;
    for (double c : counts)
      if (c > 0) {
        ll += c * std::log(c / n);
        ++chosen;
      }
    return {ll, std::max(chosen - 1, 0)};
  }
  Design c;
  const int ref = std::max(0, static_cast<int>(std::find(d.alternatives.begin(), d.alternatives.end(), d.reference) -
                                               d.alternatives.begin()) % static_cast<int>(j_count));
  std::vector<int> cols;
  for (int a = 0; a < static_cast<int>(j_count); ++a)
    if (a != ref && counts[static_cast<std::size_t>(a)] > 0) cols.push_back(a);
  if (cols.empty()) return {null_log_likelihood(d), 0};
  c.offsets = d.offsets;
  c.chosen_row = d.chosen_row;
  c.available = d.available;
  c.alternative = d.alternative;
  c.alternatives = d.alternatives;
  c.x = core::Batch<double>::Zero(static_cast<Eigen::Index>(d.n_rows()), static_cast<Eigen::Index>(cols.size()));
  for (std::size_t r = 0; r < d.n_rows(); ++r)
    for (std::size_t j = 0; j < cols.size(); ++j)
      if (d.alternative[r] == cols[j]) c.x(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(j)) = 1.0;
  for (int a : cols) c.names.push_back("asc." + d.alternatives[static_cast<std::size_t>(a)]);
  c.start = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(cols.size()));
  c.fixed.assign(cols.size(), false);
  const ClogitData prepared(c, opt.threads);
  const Objective f = [&](const Eigen::VectorXd& b, Derivatives der) {
    return clogit_log_likelihood(c, prepared, b, der, opt.threads);
  };
  EstimationOptions o = opt;
  o.max_iterations = std::min(opt.max_iterations, 100);
  return {maximise(f, c.start, c.fixed, c.names, o, false).at.value, static_cast<int>(cols.size())};
}

void fill_statistics(EstimationResult& r, const Covariances& cov, const std::vector<std::string>& names,
                     const std::vector<bool>& fixed) {
  r.parameters.clear();
  for (std::size_t i = 0; i < names.size(); ++i) {
    ParameterEstimate p;
    const Eigen::Index ii = static_cast<Eigen::Index>(i);
    p.name = names[i];
    p.estimate = r.theta[ii];
    p.fixed = fixed[i];
    if (fixed[i]) {
      p.std_error = p.robust_std_error = p.t_value = p.p_value = kNaN;
    } else {
      p.std_error = std::sqrt(cov.classic(ii, ii));
      p.robust_std_error = std::sqrt(cov.robust(ii, ii));
      p.t_value = p.estimate / p.std_error;
      p.p_value = std::isfinite(p.t_value) ? normal_p_value(p.t_value) : kNaN;
    }
    r.parameters.push_back(p);
  }
  r.covariance = cov.classic;
  r.robust_covariance = cov.robust;
  if (!cov.ok)
    r.warnings.push_back("the Hessian is not negative definite at the last iterate: standard errors are unavailable");
}

void fill_fit(EstimationResult& r, const Design& d, const EstimationOptions& opt) {
  r.n_situations = static_cast<long>(d.n_situations());
  r.null_log_likelihood = null_log_likelihood(d);
  r.constants_log_likelihood = kNaN;
  if (opt.constants_model) std::tie(r.constants_log_likelihood, r.constants_parameters) = constants_log_likelihood(d, opt);
  const double ref = std::isfinite(r.constants_log_likelihood) && r.constants_log_likelihood < 0.0
                         ? r.constants_log_likelihood
                         : r.null_log_likelihood;
  r.rho_squared = 1.0 - r.log_likelihood / ref;
  r.adjusted_rho_squared = 1.0 - (r.log_likelihood - r.n_free) / ref;
  r.aic = -2.0 * r.log_likelihood + 2.0 * r.n_free;
  r.bic = -2.0 * r.log_likelihood + r.n_free * std::log(static_cast<double>(r.n_situations));
}

// Large data sets start Newton from the optimum of a fixed subsample (the first 1/16 of each block of
// situations), found to a loose tolerance: from there the full-data Newton needs about three iterations
// instead of five or six, and it stops on the same rule, so the estimate is the same. Skipped (the given
// start is used) for smaller data, or when the subsample fit fails.
constexpr int kWarmStartDenominator = 16;
constexpr std::size_t kWarmStartSituations = 50000;

struct WarmStart {
  Eigen::VectorXd theta;
  int iterations = 0;
};

WarmStart warm_start(const Design& d, const ClogitData& prepared, const EstimationOptions& opt) {
  WarmStart w{d.start, 0};
  if (!opt.warm_start || d.n_situations() < kWarmStartSituations || opt.max_iterations == 0) return w;
  const Objective f = [&](const Eigen::VectorXd& b, Derivatives der) {
    return clogit_subsample_log_likelihood(d, prepared, b, kWarmStartDenominator, der, opt.threads);
  };
  EstimationOptions o = opt;
  o.tolerance = 1e-3;
  o.max_iterations = std::min(opt.max_iterations, 30);
  try {
    const Optimum sub = maximise(f, d.start, d.fixed, d.names, o, false);
    if (sub.converged && sub.theta.allFinite()) w = {sub.theta, std::max(sub.iterations, 1)};
  } catch (const core::RunError&) {
  }
  return w;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

double normal_p_value(double t) {
  if (!std::isfinite(t)) return std::isnan(t) ? kNaN : 0.0;
  const boost::math::normal_distribution<double> n;
  return 2.0 * boost::math::cdf(boost::math::complement(n, std::abs(t)));
}

double chi_squared_p_value(double statistic, int df) {
  if (df < 1 || std::isnan(statistic)) return kNaN;
  if (statistic <= 0.0) return 1.0;
  if (!std::isfinite(statistic)) return 0.0;
  return boost::math::cdf(boost::math::complement(boost::math::chi_squared_distribution<double>(df), statistic));
}

EstimationResult estimate_conditional_logit(const Design& d, const EstimationOptions& opt) {
  const auto t0 = std::chrono::steady_clock::now();
  const ClogitData prepared(d, opt.threads);
  const Objective f = [&](const Eigen::VectorXd& b, Derivatives der) {
    return clogit_log_likelihood(d, prepared, b, der, opt.threads);
  };
  const WarmStart warm = warm_start(d, prepared, opt);
  Optimum o = maximise(f, warm.theta, d.fixed, d.names, opt, true);
  EstimationResult r;
  r.model = "conditional logit";
  r.method = o.used_bfgs ? "newton+bfgs" : "newton";
  if (warm.iterations > 0)
    r.method += " (warm start: " + std::to_string(warm.iterations) + " iterations on a 1/" +
                std::to_string(kWarmStartDenominator) + " subsample)";
  r.warm_start_iterations = warm.iterations;
  r.theta = o.theta;
  r.log_likelihood = o.at.value;
  r.iterations = o.iterations;
  r.converged = o.converged;
  r.history = std::move(o.history);
  r.n_free = d.n_free();
  const Covariances cov = covariances(o.at, o.at.score_outer_product, d.fixed);
  r.fit_seconds = seconds_since(t0);
  fill_statistics(r, cov, d.names, d.fixed);
  if (!r.converged)
    r.warnings.push_back("did not converge after " + std::to_string(r.iterations) +
                         " iterations: the estimates are the last iterate");
  fill_fit(r, d, opt);
  return r;
}

EstimationResult estimate_nested_logit(const Design& d, const NestStructure& ns, const EstimationOptions& opt) {
  const auto t0 = std::chrono::steady_clock::now();
  const Eigen::Index k = d.k(), m = static_cast<Eigen::Index>(ns.names.size());
  // Start from the conditional-logit optimum (the nested logit with every log-sum parameter at 1).
  Eigen::VectorXd theta(k + m);
  EstimationOptions mnl_opt = opt;
  mnl_opt.constants_model = false;
  const ClogitData prepared(d, opt.threads);
  const Objective fm = [&](const Eigen::VectorXd& b, Derivatives der) {
    return clogit_log_likelihood(d, prepared, b, der, opt.threads);
  };
  const Optimum mnl = maximise(fm, d.start, d.fixed, d.names, mnl_opt, true);
  theta.head(k) = mnl.theta;
  theta.tail(m) = ns.start;
  std::vector<bool> fixed = d.fixed;
  fixed.insert(fixed.end(), ns.fixed.begin(), ns.fixed.end());
  std::vector<std::string> names = d.names;
  for (const auto& n : ns.names) names.push_back("iv." + n);
  const Objective f = [&](const Eigen::VectorXd& t, Derivatives der) {
    return nested_log_likelihood(d, ns, t, der, opt.threads);
  };
  Optimum o = maximise(f, theta, fixed, names, opt, true);
  EstimationResult r;
  r.model = std::string("nested logit (") + (ns.form == NestForm::rum ? "RUM-consistent" : "unscaled") + ")";
  // The conditional logit is the nested logit with every log-sum parameter at 1: a likelihood-ratio test of
  // the nesting when the fixed ones are at 1.
  bool nests_mnl = true;
  for (Eigen::Index i = 0; i < m; ++i)
    if (ns.fixed[static_cast<std::size_t>(i)] && ns.start[i] != 1.0) nests_mnl = false;
  if (nests_mnl && mnl.converged) r.conditional_logit_log_likelihood = mnl.at.value;
  r.method = o.used_bfgs ? "newton+bfgs" : "newton";
  r.theta = o.theta;
  r.log_likelihood = o.at.value;
  r.iterations = o.iterations;
  r.converged = o.converged;
  r.history = std::move(o.history);
  r.n_free = static_cast<int>(std::count(fixed.begin(), fixed.end(), false));
  const Eigen::MatrixXd scores = nested_scores(d, ns, o.theta, opt.threads);
  const Covariances cov = covariances(o.at, scores.transpose() * scores, fixed);
  r.fit_seconds = seconds_since(t0);
  fill_statistics(r, cov, names, fixed);
  for (Eigen::Index i = 0; i < m; ++i) {
    const double lam = o.theta[k + i];
    if (!(lam > 0.0 && lam <= 1.0)) {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.6g", lam);
      r.warnings.push_back("iv." + ns.names[static_cast<std::size_t>(i)] + " = " + buf +
                           " is outside (0, 1]: the nested logit is inconsistent with utility maximisation");
    }
  }
  if (!r.converged)
    r.warnings.push_back("did not converge after " + std::to_string(r.iterations) +
                         " iterations: the estimates are the last iterate");
  fill_fit(r, d, opt);
  return r;
}

}  // namespace arbiter::econ
