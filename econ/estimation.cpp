#include "econ/estimation.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <memory>
#include <string>
#include <utility>
#include <Eigen/Cholesky>
#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/normal.hpp>

#include "core/config_error.hpp"  // core::RunError
#include "econ/conditional_logit.hpp"
#include "econ/hessian_inverse.hpp"
#include "econ/likelihood_maximiser.hpp"

namespace arbiter::econ {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct Covariances {
  Eigen::MatrixXd classic, robust;
  bool ok = false;
  Eigen::MatrixXd neg_hessian;  // -H over the free parameters, kept when it is not positive definite
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
  if (llt.info() != Eigen::Success) {
    c.neg_hessian = neg_h;
    return c;
  }
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

// The model with alternative-specific constants only: its log-likelihood in closed form
// sum_j N_j log(N_j / N) when every situation offers every alternative (or when no constant can be free),
// else the design of a conditional-logit fit of the constants (`fit` true).
struct ConstantsModel {
  bool fit = false;
  double log_likelihood = kNaN;
  int parameters = 0;
  Design design;
};

ConstantsModel constants_model(const Design& d) {
  ConstantsModel out;
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
    out.log_likelihood = ll;
    out.parameters = std::max(chosen - 1, 0);
    return out;
  }
  Design& c = out.design;
  const int ref = std::max(0, static_cast<int>(std::find(d.alternatives.begin(), d.alternatives.end(), d.reference) -
                                               d.alternatives.begin()) % static_cast<int>(j_count));
  std::vector<int> cols;
  for (int a = 0; a < static_cast<int>(j_count); ++a)
    if (a != ref && counts[static_cast<std::size_t>(a)] > 0) cols.push_back(a);
  if (cols.empty()) {
    out.log_likelihood = null_log_likelihood(d);
    return out;
  }
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
  out.fit = true;
  out.parameters = static_cast<int>(cols.size());
  return out;
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
  if (!cov.ok) {
    std::vector<std::string> free_names;
    for (std::size_t i = 0; i < names.size(); ++i)
      if (!fixed[i]) free_names.push_back(names[i]);
    r.warnings.push_back(singular_hessian_warning(cov.neg_hessian, free_names) +
                         "; standard errors are unavailable");
  }
}

void fill_fit(EstimationResult& r, const Design& d, double constants_ll, int constants_parameters) {
  r.n_situations = static_cast<long>(d.n_situations());
  r.null_log_likelihood = null_log_likelihood(d);
  r.constants_log_likelihood = constants_ll;
  r.constants_parameters = constants_parameters;
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

struct LogitEstimation::State {
  enum class Stage { start, warm, mnl, main, constants, done };
  const Design& d;
  const NestStructure* ns = nullptr;
  EstimationOptions opt;
  Stage stage = Stage::start;
  int steps = 0;
  double seconds = 0.0;  // spent in step() up to the covariances of the main model
  std::unique_ptr<ClogitData> prepared;
  Objective clogit, subsample, nested, constants_f;
  EstimationOptions warm_opt, constants_opt;
  std::unique_ptr<LikelihoodMaximiser> warm, mnl, main, constants;
  Eigen::VectorXd warm_theta;
  int warm_iterations = 0;
  Optimum mnl_optimum;
  std::vector<bool> fixed;
  std::vector<std::string> names;
  ConstantsModel constants_model_;
  EstimationResult r;

  State(const Design& design, const NestStructure* nests, const EstimationOptions& options)
      : d(design), ns(nests), opt(options) {}

  void start() {
    prepared = std::make_unique<ClogitData>(d, opt.threads);
    clogit = [this](const Eigen::VectorXd& b, Derivatives der) {
      return clogit_log_likelihood(d, *prepared, b, der, opt.threads);
    };
    if (ns) {
      // Start from the conditional-logit optimum (the nested logit with every log-sum parameter at 1).
      EstimationOptions mnl_opt = opt;
      mnl_opt.constants_model = false;
      mnl = std::make_unique<LikelihoodMaximiser>(clogit, d.start, d.fixed, d.names, mnl_opt, true);
      stage = Stage::mnl;
      return;
    }
    warm_theta = d.start;
    if (opt.warm_start && d.n_situations() >= kWarmStartSituations && opt.max_iterations != 0) {
      subsample = [this](const Eigen::VectorXd& b, Derivatives der) {
        return clogit_subsample_log_likelihood(d, *prepared, b, kWarmStartDenominator, der, opt.threads);
      };
      warm_opt = opt;
      warm_opt.tolerance = 1e-3;
      warm_opt.max_iterations = std::min(opt.max_iterations, 30);
      try {
        warm = std::make_unique<LikelihoodMaximiser>(subsample, d.start, d.fixed, d.names, warm_opt, false);
        stage = Stage::warm;
        return;
      } catch (const core::RunError&) {
      }
    }
    start_main_clogit();
  }

  // The warm start's subsample fit: when it fails (or does not converge) the given start is used.
  void step_warm() {
    try {
      warm->step();
    } catch (const core::RunError&) {
      warm.reset();
      start_main_clogit();
      return;
    }
    if (!warm->done()) return;
    const Optimum& sub = warm->optimum();
    if (sub.converged && sub.theta.allFinite()) {
      warm_theta = sub.theta;
      warm_iterations = std::max(sub.iterations, 1);
    }
    warm.reset();
    start_main_clogit();
  }

  void start_main_clogit() {
    main = std::make_unique<LikelihoodMaximiser>(clogit, warm_theta, d.fixed, d.names, opt, true);
    stage = Stage::main;
  }

  void start_main_nested() {
    mnl_optimum = mnl->optimum();
    mnl.reset();
    const Eigen::Index k = d.k(), m = static_cast<Eigen::Index>(ns->names.size());
    Eigen::VectorXd theta(k + m);
    theta.head(k) = mnl_optimum.theta;
    theta.tail(m) = ns->start;
    fixed = d.fixed;
    fixed.insert(fixed.end(), ns->fixed.begin(), ns->fixed.end());
    names = d.names;
    for (const auto& n : ns->names) names.push_back("iv." + n);
    nested = [this](const Eigen::VectorXd& t, Derivatives der) {
      return nested_log_likelihood(d, *ns, t, der, opt.threads);
    };
    main = std::make_unique<LikelihoodMaximiser>(nested, theta, fixed, names, opt, true);
    stage = Stage::main;
  }

  void finish_main_clogit(std::chrono::steady_clock::time_point t0) {
    Optimum o = main->optimum();
    main.reset();
    r.model = "conditional logit";
    r.method = o.used_bfgs ? "newton+bfgs" : "newton";
    if (warm_iterations > 0)
      r.method += " (warm start: " + std::to_string(warm_iterations) + " iterations on a 1/" +
                  std::to_string(kWarmStartDenominator) + " subsample)";
    r.warm_start_iterations = warm_iterations;
    r.theta = o.theta;
    r.log_likelihood = o.at.value;
    r.iterations = o.iterations;
    r.converged = o.converged;
    r.history = std::move(o.history);
    r.n_free = d.n_free();
    const Covariances cov = covariances(o.at, o.at.score_outer_product, d.fixed);
    r.fit_seconds = seconds + seconds_since(t0);
    fill_statistics(r, cov, d.names, d.fixed);
    if (!r.converged)
      r.warnings.push_back("did not converge after " + std::to_string(r.iterations) +
                           " iterations: the estimates are the last iterate");
  }

  void finish_main_nested(std::chrono::steady_clock::time_point t0) {
    Optimum o = main->optimum();
    main.reset();
    const Eigen::Index k = d.k(), m = static_cast<Eigen::Index>(ns->names.size());
    r.model = std::string("nested logit (") + (ns->form == NestForm::rum ? "RUM-consistent" : "unscaled") + ")";
    // The conditional logit is the nested logit with every log-sum parameter at 1: a likelihood-ratio test of
    // the nesting when the fixed ones are at 1.
    bool nests_mnl = true;
    for (Eigen::Index i = 0; i < m; ++i)
      if (ns->fixed[static_cast<std::size_t>(i)] && ns->start[i] != 1.0) nests_mnl = false;
    if (nests_mnl && mnl_optimum.converged) r.conditional_logit_log_likelihood = mnl_optimum.at.value;
    r.method = o.used_bfgs ? "newton+bfgs" : "newton";
    r.theta = o.theta;
    r.log_likelihood = o.at.value;
    r.iterations = o.iterations;
    r.converged = o.converged;
    r.history = std::move(o.history);
    r.n_free = static_cast<int>(std::count(fixed.begin(), fixed.end(), false));
    const Eigen::MatrixXd scores = nested_scores(d, *ns, o.theta, opt.threads);
    const Covariances cov = covariances(o.at, scores.transpose() * scores, fixed);
    r.fit_seconds = seconds + seconds_since(t0);
    fill_statistics(r, cov, names, fixed);
    for (Eigen::Index i = 0; i < m; ++i) {
      const double lam = o.theta[k + i];
      if (!(lam > 0.0 && lam <= 1.0)) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.6g", lam);
        r.warnings.push_back("iv." + ns->names[static_cast<std::size_t>(i)] + " = " + buf +
                             " is outside (0, 1]: the nested logit is inconsistent with utility maximisation");
      }
    }
    if (!r.converged)
      r.warnings.push_back("did not converge after " + std::to_string(r.iterations) +
                           " iterations: the estimates are the last iterate");
  }

  // The fit statistics, after fitting the constants-only model when it has no closed form.
  void start_constants() {
    if (!opt.constants_model) return finish(kNaN, 0);
    constants_model_ = constants_model(d);
    if (!constants_model_.fit) return finish(constants_model_.log_likelihood, constants_model_.parameters);
    const Design& c = constants_model_.design;
    prepared = std::make_unique<ClogitData>(c, opt.threads);
    constants_f = [this](const Eigen::VectorXd& b, Derivatives der) {
      return clogit_log_likelihood(constants_model_.design, *prepared, b, der, opt.threads);
    };
    constants_opt = opt;
    constants_opt.max_iterations = std::min(opt.max_iterations, 100);
    constants = std::make_unique<LikelihoodMaximiser>(constants_f, c.start, c.fixed, c.names, constants_opt, false);
    stage = Stage::constants;
  }

  void finish(double constants_ll, int constants_parameters) {
    constants.reset();
    prepared.reset();
    fill_fit(r, d, constants_ll, constants_parameters);
    stage = Stage::done;
  }

  void step() {
    const auto t0 = std::chrono::steady_clock::now();
    const bool timed = stage != Stage::constants;
    switch (stage) {
      case Stage::start: start(); break;
      case Stage::warm: step_warm(); break;
      case Stage::mnl:
        mnl->step();
        if (mnl->done()) start_main_nested();
        break;
      case Stage::main:
        main->step();
        if (main->done()) {
          if (ns) finish_main_nested(t0);
          else finish_main_clogit(t0);
          start_constants();
          ++steps;
          return;
        }
        break;
      case Stage::constants:
        constants->step();
        if (constants->done()) finish(constants->optimum().at.value, constants_model_.parameters);
        break;
      case Stage::done: return;
    }
    if (timed) seconds += seconds_since(t0);
    ++steps;
  }
};

LogitEstimation::LogitEstimation(const Design& design, const EstimationOptions& options)
    : s_(std::make_unique<State>(design, nullptr, options)) {}

LogitEstimation::LogitEstimation(const Design& design, const NestStructure& nests, const EstimationOptions& options)
    : s_(std::make_unique<State>(design, &nests, options)) {}

LogitEstimation::~LogitEstimation() = default;

void LogitEstimation::step() { s_->step(); }

bool LogitEstimation::done() const { return s_->stage == State::Stage::done; }

double LogitEstimation::progress() const {
  if (done()) return 1.0;
  const double s = s_->steps;
  return s / std::max(s + 2.0, 10.0);
}

int LogitEstimation::iterations() const {
  if (done()) return s_->r.iterations;
  return s_->main ? s_->main->iterations() : 0;
}

std::vector<IterationRecord> LogitEstimation::history() const {
  if (done()) return s_->r.history;
  return s_->main ? s_->main->history() : std::vector<IterationRecord>{};
}

const EstimationResult& LogitEstimation::result() const { return s_->r; }

EstimationResult estimate_conditional_logit(const Design& d, const EstimationOptions& opt) {
  LogitEstimation e(d, opt);
  while (!e.done()) e.step();
  return e.result();
}

EstimationResult estimate_nested_logit(const Design& d, const NestStructure& ns, const EstimationOptions& opt) {
  LogitEstimation e(d, ns, opt);
  while (!e.done()) e.step();
  return e.result();
}

}  // namespace arbiter::econ
