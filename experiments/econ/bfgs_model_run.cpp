#include "experiments/econ/bfgs_model_run.hpp"
#include "experiments/econ/fit_summary.hpp"

#include <cmath>
#include <cstdio>
#include <limits>

#include "core/table.hpp"

namespace arbiter::experiments {
namespace {

using json = nlohmann::json;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

core::Cell cell(double x) {
  if (std::isfinite(x)) return x;
  return std::string();
}
json num(double x) { return std::isfinite(x) ? json(x) : json(nullptr); }

}  // namespace

std::vector<econ::ParameterEstimate> BfgsModelRun::parameters(const std::vector<std::string>& names,
                                                              const std::vector<bool>& fixed,
                                                              const Eigen::VectorXd& values,
                                                              const Eigen::MatrixXd& covariance,
                                                              const Eigen::MatrixXd& robust_covariance) {
  std::vector<econ::ParameterEstimate> out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    const Eigen::Index ii = static_cast<Eigen::Index>(i);
    econ::ParameterEstimate p;
    p.name = names[i];
    p.estimate = values[ii];
    p.fixed = fixed[i];
    const double v = covariance.size() ? covariance(ii, ii) : kNaN, rv = robust_covariance.size() ? robust_covariance(ii, ii) : kNaN;
    p.std_error = p.fixed || !(v > 0.0) ? kNaN : std::sqrt(v);
    p.robust_std_error = p.fixed || !(rv > 0.0) ? kNaN : std::sqrt(rv);
    p.t_value = p.estimate / p.std_error;
    p.p_value = std::isfinite(p.t_value) ? econ::normal_p_value(p.t_value) : kNaN;
    out.push_back(p);
  }
  return out;
}

std::vector<econ::ParameterEstimate> BfgsModelRun::Model::report(const econ::BfgsEstimate& fit) const {
  const bool ok = fit.warnings.empty();  // else the Hessian was singular: no standard errors
  return parameters(names(), fixed(), fit.theta, ok ? fit.covariance : Eigen::MatrixXd(),
                    ok ? fit.robust_covariance : Eigen::MatrixXd());
}

BfgsModelRun::BfgsModelRun(const econ::Design& design, std::unique_ptr<Model> model, const econ::EstimationOptions& options)
    : design_(&design), model_(std::move(model)), options_(options) {
  econ::EstimationOptions clogit = options;
  clogit.constants_model = true;
  clogit_ = std::make_unique<econ::LogitEstimation>(design, clogit);
}

BfgsModelRun::~BfgsModelRun() = default;

void BfgsModelRun::step() {
  if (fitted_) return;
  if (clogit_ && !clogit_->done()) {
    clogit_->step();
    if (clogit_->done()) clogit_result_ = clogit_->result();
    return;
  }
  const Model& m = *model_;
  if (!starts_ready_) {
    starts_ = m.starts(clogit_result_);
    starts_ready_ = true;
    return;
  }
  if (next_start_ == starts_.size()) {  // the best fit's standard errors
    best_->step();
    if (best_->done()) finish_fit();
    return;
  }
  if (!current_) {
    econ::BfgsEstimationOptions o;
    o.max_iterations = options_.max_iterations;
    o.cancel = options_.cancel;
    current_ = std::make_shared<econ::BfgsEstimation>(
        [&m](const Eigen::VectorXd& t, bool scores) { return m.evaluate(t, scores); }, starts_[next_start_], m.fixed(),
        m.names(), o, false);
    return;
  }
  current_->step();
  if (!current_->done()) return;
  const econ::BfgsEstimate& f = current_->result();
  start_optima_.push_back(f.log_likelihood);
  const bool first = !best_;
  if (first || (f.log_likelihood > best_->result().log_likelihood + 1e-9 &&
                (f.converged || !best_->result().converged)))
    best_ = current_;
  current_.reset();
  if (++next_start_ < starts_.size()) return;
  best_->add_standard_errors();
  if (best_->done()) finish_fit();
}

void BfgsModelRun::finish_fit() {
  fit_ = best_->result();
  best_.reset();
  fitted_ = true;
}

double BfgsModelRun::progress() const {
  if (fitted_) return 1.0;
  if (!starts_ready_ || starts_.empty()) return 0.2 * clogit_->progress();
  // The starts fitted, plus iterations / (iterations + 20) of the current one, then the standard errors.
  const double iterations = current_ ? current_->iterations() : 0.0;
  const double fitted = static_cast<double>(next_start_) + iterations / (iterations + 20.0);
  return 0.2 + 0.75 * fitted / static_cast<double>(starts_.size());
}

void BfgsModelRun::add_observables(Observables& o) const {
  // The log-likelihood by iteration: the conditional-logit start as it runs, then the best fit's start and optimum.
  Plot fit{"fit", "Log-likelihood by iteration", "iteration", "log-likelihood", {}, false, false, {}};
  Series start{"conditional logit (start)", {}, {}, {}};
  for (const auto& h : clogit_->history()) {
    start.x.push_back(h.iteration);
    start.y.push_back(h.log_likelihood);
  }
  if (!start.x.empty()) fit.series.push_back(std::move(start));
  if (fitted_)
    fit.series.push_back({"model: start to optimum", {0.0, static_cast<double>(fit_.iterations)},
                          {fit_.start_log_likelihood, fit_.log_likelihood}, {}});
  if (!fit.series.empty()) o.plots.push_back(std::move(fit));
  if (!fitted_) return;
  Bars b{"estimates", "Estimates (t values)", {}, {{"t value", {}}}, 0.0};
  for (const auto& p : model_->report(fit_)) {
    b.labels.push_back(p.name);
    b.groups[0].values.push_back(std::isfinite(p.t_value) ? p.t_value : 0.0);
  }
  o.bars.push_back(b);
  o.numbers.push_back({"log_likelihood", "log-likelihood", fit_.log_likelihood, std::to_string(fit_.log_likelihood)});
  o.numbers.push_back({"iterations", "iterations", static_cast<double>(fit_.iterations), std::to_string(fit_.iterations)});
  o.numbers.push_back({"converged", "converged", fit_.converged ? 1.0 : 0.0, fit_.converged ? "yes" : "no"});
  model_->add_observables(fit_, o);
}

void BfgsModelRun::write(Results& r) const {
  r.results = core::Table({"stage", "log_likelihood"});
  if (!fitted_) return;
  r.results.add_row({std::string("conditional_logit"), cell(clogit_result_.log_likelihood)});
  r.results.add_row({std::string("start"), cell(fit_.start_log_likelihood)});
  for (std::size_t s = 0; s < start_optima_.size(); ++s)
    r.results.add_row({"optimum from start " + std::to_string(s + 1), cell(start_optima_[s])});
  r.results.add_row({std::string("optimum"), cell(fit_.log_likelihood)});

  econ::EstimationResult e;
  e.model = model_->description();
  e.method = "bfgs; hessian and sandwich std. errors";
  e.parameters = model_->report(fit_);
  e.log_likelihood = fit_.log_likelihood;
  e.null_log_likelihood = clogit_result_.null_log_likelihood;
  e.constants_log_likelihood = clogit_result_.constants_log_likelihood;
  e.constants_parameters = clogit_result_.constants_parameters;
  e.n_situations = static_cast<long>(design_->n_situations());
  e.iterations = fit_.iterations;
  e.converged = fit_.converged;
  e.warnings = fit_.warnings;
  if (!fit_.converged) e.warnings.push_back("not converged: " + fit_.message + "; the estimates are the last iterate");
  // Free parameters are the internal ones (an allocation determined by the others is no parameter).
  for (bool f : model_->fixed()) e.n_free += f ? 0 : 1;
  const double ref = std::isfinite(e.constants_log_likelihood) && e.constants_log_likelihood < 0.0
                         ? e.constants_log_likelihood
                         : e.null_log_likelihood;
  e.rho_squared = 1.0 - e.log_likelihood / ref;
  e.adjusted_rho_squared = 1.0 - (e.log_likelihood - e.n_free) / ref;
  e.aic = -2.0 * e.log_likelihood + 2.0 * e.n_free;
  e.bic = -2.0 * e.log_likelihood + e.n_free * std::log(static_cast<double>(e.n_situations));

  core::Table est({"parameter", "estimate", "std_error", "robust_std_error", "t_value", "p_value"});
  for (const auto& p : e.parameters)
    est.add_row({p.name, cell(p.estimate), cell(p.std_error), cell(p.robust_std_error), cell(p.t_value), cell(p.p_value)});
  r.tables["estimates.csv"] = est;

  json& s = r.summary;
  write_fit_summary(s, e);
  s["start_log_likelihood"] = num(fit_.start_log_likelihood);
  s["conditional_logit_log_likelihood"] = num(clogit_result_.log_likelihood);
  s["iterations"] = fit_.iterations;
  s["evaluations"] = fit_.evaluations;
  int at_best = 0;
  for (double v : start_optima_) at_best += std::abs(v - fit_.log_likelihood) <= 1e-4 ? 1 : 0;
  s["starts"] = {{"count", static_cast<int>(start_optima_.size())}, {"reached_best", at_best}};
  s["converged"] = fit_.converged;
  s["message"] = fit_.message;
  s["warnings"] = e.warnings;
  json coef = json::object(), se = json::object();
  for (const auto& p : e.parameters) {
    coef[p.name] = num(p.estimate);
    se[p.name] = num(p.std_error);
  }
  s["estimates"] = coef;
  s["std_errors"] = se;
  const int df = e.n_free - clogit_result_.n_free;
  const double stat = 2.0 * (e.log_likelihood - clogit_result_.log_likelihood);
  if (df >= 1)
    s["lr_test_conditional_logit"] = {{"statistic", num(stat)}, {"df", df}, {"p_value", num(econ::chi_squared_p_value(stat, df))}};
  r.report = econ::format_estimation_report(e);
  char line[160];
  std::snprintf(line, sizeof line, "Conditional-logit log-likelihood (the start's source): %.4f\n", clogit_result_.log_likelihood);
  r.report += line;
  model_->write_extra(fit_, r);
}

}  // namespace arbiter::experiments
