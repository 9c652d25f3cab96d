#include "experiments/econ/mixed_logit_run.hpp"
#include "experiments/econ/fit_summary.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "core/config_error.hpp"
#include "core/table.hpp"
#include "econ/willingness_to_pay.hpp"
#include "experiments/econ/wtp_report.hpp"
#include "experiments/econ/taste_distribution.hpp"
#include "experiments/distributed_sums.hpp"
#include "experiments/runner.hpp"
#include "econ/sliced_sums.hpp"

namespace arbiter::experiments {
namespace {

using json = nlohmann::json;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// A finite number, or an empty cell (the runner writes no NaN).
core::Cell cell(double x) {
  if (std::isfinite(x)) return x;
  return std::string();
}
json num(double x) { return std::isfinite(x) ? json(x) : json(nullptr); }

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

std::string fmt(const char* f, double x) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, x);
  return buf;
}

const char* method_name(econ::DrawMethod m) {
  switch (m) {
    case econ::DrawMethod::halton: return "halton";
    case econ::DrawMethod::mlhs: return "mlhs";
    case econ::DrawMethod::pseudo: return "pseudo";
    case econ::DrawMethod::quadrature: return "quadrature";
  }
  return "?";
}

// The fit's member for the chosen standard errors (hessian, bhhh, robust, clustered) and the robust one beside it
// (clustered when the chosen one is).
template <class T>
const T& chosen_of(StandardErrors s, const T& hessian, const T& bhhh, const T& robust, const T& clustered) {
  return s == StandardErrors::bhhh        ? bhhh
         : s == StandardErrors::robust    ? robust
         : s == StandardErrors::clustered ? clustered
                                          : hessian;
}
template <class T>
const T& robust_of(StandardErrors s, const T& robust, const T& clustered) {
  return s == StandardErrors::clustered ? clustered : robust;
}

}  // namespace

MixedLogitRun::MixedLogitRun(const econ::Design& design, const econ::ChoiceData& data, MixedLogitSetup setup,
                             const econ::EstimationOptions& clogit_options, const RunContext& ctx)
    : setup_(std::move(setup)), design_(&design) {
  const auto& names = design.names;
  auto index_of = [&](const std::string& name) {
    return static_cast<int>(std::find(names.begin(), names.end(), name) - names.begin());
  };
  std::vector<econ::CoefficientSpec> specs;
  for (const auto& n : names) specs.push_back({n, econ::Distribution::fixed, false});
  for (const auto& [name, dist] : setup_.random) {
    const int k = index_of(name);
    if (k == static_cast<int>(names.size())) {
      const bool from_correlated = std::find(setup_.correlated.begin(), setup_.correlated.end(), name) != setup_.correlated.end();
      const std::string path = from_correlated ? "/model/correlated/" + std::to_string(std::find(setup_.correlated.begin(), setup_.correlated.end(), name) - setup_.correlated.begin())
                                               : "/model/random/" + name;
      throw core::ConfigError("", path, "a coefficient of the model (one of " + join(names) + ")", "\"" + name + "\"");
    }
    specs[static_cast<std::size_t>(k)].distribution = dist;
  }
  for (const auto& name : setup_.correlated) specs[static_cast<std::size_t>(index_of(name))].correlated = true;
  econ::RandomCoefficients rc(specs);
  const auto& pnames = rc.parameter_names();
  const int K = rc.n_coefficients(), P = rc.n_parameters();

  // The data: the design's regressors; people from the individual column.
  econ::MixedLogitData md;
  if (!setup_.individual.empty()) md = econ::mixed_logit_data(data, {}, setup_.individual);
  md.x = design.x;
  md.offsets = design.offsets;
  md.chosen_row = design.chosen_row;
  md.available = design.available;
  if (setup_.panel) {
    const auto& id = data.column(setup_.individual);
    for (std::size_t n = 0; n + 1 < md.person_offsets.size(); ++n)
      unit_ids_.push_back(core::format_double(id[static_cast<std::size_t>(data.offsets[static_cast<std::size_t>(md.person_offsets[n])])]));
  } else {
    unit_ids_ = data.situation_ids;
    if (!setup_.individual.empty()) {
      const auto& id = data.column(setup_.individual);
      for (std::size_t s = 0; s < data.n_situations(); ++s)
        unit_person_ids_.push_back(core::format_double(id[static_cast<std::size_t>(data.offsets[s])]));
    }
  }
  check_draws_memory(rc, setup_.panel ? md.n_people() : design.n_situations());
  // Evaluations too large for one step are computed in slices (econ::SlicedSums; not under MPI).
  const auto sums = std::make_shared<econ::SlicedSums>(distributed_sums());
  model_ = std::make_unique<econ::MixedLogit>(md, rc, setup_.draws, setup_.panel, ctx.threads, sums);
  options_.slices = sums;

  // Fixed parameters and starting spreads; sd.* / chol.* names must be the model's.
  options_.fixed.assign(static_cast<std::size_t>(P), false);
  for (int k = 0; k < K; ++k) options_.fixed[static_cast<std::size_t>(k)] = design.fixed[static_cast<std::size_t>(k)];
  auto check_spreads = [&](const std::map<std::string, double>& m, const char* key) {
    for (const auto& [name, value] : m)
      if (std::find(pnames.begin() + K, pnames.end(), name) == pnames.end())
        throw core::ConfigError("", std::string("/model/") + key + "/" + name,
                                "a spread of the model (one of " +
                                    join(std::vector<std::string>(pnames.begin() + K, pnames.end())) + ")",
                                "\"" + name + "\"");
  };
  check_spreads(setup_.spread_start, "start");
  check_spreads(setup_.spread_fixed, "fixed");
  for (const auto& [name, value] : setup_.spread_fixed)
    options_.fixed[static_cast<std::size_t>(std::find(pnames.begin(), pnames.end(), name) - pnames.begin())] = true;
  options_.max_iterations = clogit_options.max_iterations;
  options_.gradient_tolerance = setup_.gradient_tolerance;
  options_.single_precision_gradient = setup_.single_precision_gradient;
  options_.threads = ctx.threads;
  options_.starts = setup_.starts;
  options_.seed = ctx.seed;
  options_.cancel = ctx.cancel;

  // Null log-likelihood: equal shares among each situation's available alternatives.
  for (std::size_t s = 0; s < design.n_situations(); ++s) {
    int J = 0;
    for (auto r = design.offsets[s]; r < design.offsets[s + 1]; ++r) J += design.is_available(static_cast<std::size_t>(r)) ? 1 : 0;
    null_log_likelihood_ -= std::log(static_cast<double>(J));
  }
  if (!setup_.start_given) clogit_ = std::make_unique<econ::LogitEstimation>(design, clogit_options);
}

MixedLogitRun::~MixedLogitRun() = default;

void MixedLogitRun::check_draws_memory(const econ::RandomCoefficients& rc, std::size_t units) const {
  // The draws are held per unit (person with /model/panel, else situation), in double and in float, with the
  // evaluation's per-chunk working rows beside them; under MPI each rank holds only its block of units.
  const auto [first, last] = econ::MixedLogit::held_span(units, distributed_sums().get());
  const double draws = static_cast<double>(setup_.draws.draws), dimensions = std::max(1, rc.n_dimensions());
  const double bytes = static_cast<double>(last - first) * draws * dimensions * 12.0 * 1.1;
  const double available = available_memory_bytes();
  if (bytes > available)
    throw core::ConfigError("", "/simulation/draws",
                            "fewer draws: " + std::to_string(setup_.draws.draws) + " draws of " +
                                std::to_string(static_cast<int>(dimensions)) + " random dimensions for each of " +
                                (last - first < units ? std::to_string(last - first) + " (this process's share) of " : "") +
                                std::to_string(units) + (setup_.panel ? " people" : " situations") +
                                " need about " + bytes_text(bytes) + " of memory and " + bytes_text(available) +
                                " is available",
                            std::to_string(setup_.draws.draws));
}

void MixedLogitRun::step() {
  if (fitted_) return;
  if (clogit_ && !clogit_done_) {
    clogit_->step();
    if (clogit_->done()) {
      clogit_result_ = clogit_->result();
      clogit_done_ = true;
    }
    return;
  }
  if (!estimation_) {
    start_fit();
    return;
  }
  estimation_->step();
  if (const auto now = estimation_->current(); now && now->start == 0 &&
                                             (iterates_.empty() || now->iteration > iterates_.back().first))
    iterates_.emplace_back(now->iteration, now->log_likelihood);
  if (estimation_->done()) finish_fit();
}

double MixedLogitRun::progress() const {
  if (fitted_) return 1.0;
  if (clogit_ && !clogit_done_) return 0.1 * clogit_->progress();
  return 0.1 + (estimation_ ? 0.85 * estimation_->progress() : 0.0);
}

void MixedLogitRun::start_fit() {
  const auto& rc = model_->coefficients();
  const int K = rc.n_coefficients();
  const auto& pnames = rc.parameter_names();
  // Means from the conditional logit (or /model/start as given); fixed means as given; spreads 0.1 or as given.
  const Eigen::VectorXd means = clogit_ ? clogit_result_.theta : design_->start;
  Eigen::VectorXd start = rc.start(means, 0.1);
  for (int k = 0; k < K; ++k)
    if (!clogit_ || design_->fixed[static_cast<std::size_t>(k)]) start[k] = design_->start[k];
  for (const auto* m : {&setup_.spread_start, &setup_.spread_fixed})
    for (const auto& [name, value] : *m) start[std::find(pnames.begin(), pnames.end(), name) - pnames.begin()] = value;
  options_.start = start;
  estimation_ = std::make_unique<econ::MixedLogitEstimation>(*model_, options_);
}

void MixedLogitRun::finish_fit() {
  fit_ = estimation_->result();
  conditional_means_ = model_->conditional_means(fit_.theta, options_.threads);
  if (!setup_.wtp_cost.empty()) {
    const auto& names = design_->names;
    auto index_of = [&](const std::string& n) { return static_cast<int>(std::find(names.begin(), names.end(), n) - names.begin()); };
    std::vector<int> attributes;
    for (const auto& a : setup_.wtp_attributes) attributes.push_back(index_of(a));
    conditional_wtp_ = model_->conditional_wtp(fit_.theta, index_of(setup_.wtp_cost), attributes, options_.threads);
  }
  fitted_ = true;
}

void MixedLogitRun::add_observables(Observables& o) const {
  add_fit_observables(o);
  if (!fitted_) return;
  Bars b{"estimates", "Estimates (t values)", {}, {{"t value", {}}}, 0.0};
  for (std::size_t p = 0; p < fit_.names.size(); ++p) {
    b.labels.push_back(fit_.names[p]);
    const double t = fit_.theta[static_cast<Eigen::Index>(p)] / fit_.std_error[static_cast<Eigen::Index>(p)];
    b.groups[0].values.push_back(std::isfinite(t) ? t : 0.0);
  }
  o.bars.push_back(b);
  o.numbers.push_back({"log_likelihood", "simulated log-likelihood", fit_.log_likelihood, fmt("%.6f", fit_.log_likelihood)});
  o.numbers.push_back({"iterations", "iterations", static_cast<double>(fit_.iterations), std::to_string(fit_.iterations)});
  o.numbers.push_back({"converged", "converged", fit_.converged ? 1.0 : 0.0, fit_.converged ? "yes" : "no"});
  add_taste_observables(o);
}

void MixedLogitRun::add_fit_observables(Observables& o) const {
  Plot p{"fit", "Log-likelihood by iteration", "iteration", "log-likelihood", {}, false, false, {}};
  if (clogit_) {
    Series s{"conditional logit (start)", {}, {}, {}};
    for (const auto& h : clogit_->history()) {
      s.x.push_back(h.iteration);
      s.y.push_back(h.log_likelihood);
    }
    if (!s.x.empty()) p.series.push_back(std::move(s));
  }
  if (fitted_) {
    p.series.push_back({"mixed logit: start to optimum",
                        {0.0, static_cast<double>(fit_.iterations)},
                        {fit_.start_log_likelihood, fit_.log_likelihood},
                        {}});
  } else if (!iterates_.empty()) {  // the first start's BFGS iterations as they run
    Series s{"mixed logit (fitting)", {}, {}, {}};
    for (const auto& [iteration, ll] : iterates_) {
      s.x.push_back(iteration);
      s.y.push_back(ll);
    }
    p.series.push_back(std::move(s));
  }
  if (!p.series.empty()) o.plots.push_back(std::move(p));
}

TasteDistribution MixedLogitRun::taste_distribution(int coefficient) const {
  const auto& rc = model_->coefficients();
  const auto& spec = rc.coefficients()[static_cast<std::size_t>(coefficient)];
  TasteDistribution t{spec.distribution, fit_.theta[coefficient], 0.0};
  const auto& dims = rc.dimension_coefficients();
  const auto d = std::find(dims.begin(), dims.end(), coefficient) - dims.begin();
  if (d == static_cast<long>(dims.size())) return t;
  const int dim = static_cast<int>(d);
  if (rc.sd_parameter(dim) >= 0) {
    t.sd = fit_.theta[rc.sd_parameter(dim)];
    return t;
  }
  // A correlated coefficient: its underlying sd is the norm of its Cholesky row, read off the draws at the unit
  // vectors (draw 0 at z = 0, draw j + 1 at z = e_j).
  const Eigen::Index D = rc.n_dimensions(), R = D + 1;
  Eigen::VectorXd z = Eigen::VectorXd::Zero(D * R), out(R);
  for (Eigen::Index j = 0; j < D; ++j) z[j * R + j + 1] = 1.0;
  rc.draw_dimension(fit_.theta, z.data(), R, dim, out.data());
  double sum = 0.0;
  for (Eigen::Index j = 1; j < R; ++j) {
    const double l = spec.distribution == econ::Distribution::normal ? out[j] - out[0] : std::log(out[j] / out[0]);
    sum += l * l;
  }
  t.sd = std::sqrt(sum);
  return t;
}

void MixedLogitRun::add_taste_observables(Observables& o) const {
  const auto& rc = model_->coefficients();
  const auto& dims = rc.dimension_coefficients();
  o.numbers.push_back({"people", setup_.panel ? "people" : "choice situations",
                       static_cast<double>(conditional_means_.rows()),
                       std::to_string(conditional_means_.rows())});
  auto column = [](const Eigen::MatrixXd& m, Eigen::Index c) {
    std::vector<double> v(static_cast<std::size_t>(m.rows()));
    for (Eigen::Index u = 0; u < m.rows(); ++u) v[static_cast<std::size_t>(u)] = m(u, c);
    return v;
  };
  auto add_view = [&](TasteView v) {
    o.plots.push_back(std::move(v.plot));
    o.bars.push_back(std::move(v.counts));
  };
  auto sample_sd = [](const std::vector<double>& v) {
    double n = 0.0, sum = 0.0, sq = 0.0;
    for (double x : v)
      if (std::isfinite(x)) {
        n += 1.0;
        sum += x;
        sq += x * x;
      }
    return n > 1.0 ? std::sqrt(std::max(0.0, (sq - sum * sum / n) / (n - 1.0))) : kNaN;
  };
  for (std::size_t d = 0; d < dims.size(); ++d) {
    const int k = dims[d];
    const std::string& name = rc.coefficients()[static_cast<std::size_t>(k)].name;
    const TasteDistribution t = taste_distribution(k);
    const std::vector<double> people = column(conditional_means_, static_cast<Eigen::Index>(d));
    const std::string dist = econ::distribution_name(t.distribution);
    const std::string unit = name.rfind("asc.", 0) == 0 ? "utility" : "utility per unit of " + name;
    std::function<double(double)> density;
    if (!t.point_mass()) density = [t](double x) { return t.density(x); };
    add_view(taste_view("taste." + name, name + ": population (" + dist + ") and people's conditional means",
                        name + " coefficient (" + unit + ")", people, density,
                        t.point_mass() ? std::nullopt : std::optional(t.central_range()),
                        "population density (" + dist + ")"));
    const std::string id = "taste." + name;
    o.numbers.push_back({id + ".mean", name + ": population mean", t.population_mean(),
                         fmt("%.3f", t.population_mean()), unit});
    o.numbers.push_back({id + ".sd", name + ": population sd", t.population_sd(), fmt("%.3f", t.population_sd()), unit});
    const double people_sd = sample_sd(people);
    o.numbers.push_back({id + ".people_sd", name + ": sd of people's means", people_sd, fmt("%.3f", people_sd), unit});
    o.numbers.push_back({id + ".share_positive", name + ": population share above 0", t.share_positive(),
                         fmt("%.1f%%", 100.0 * t.share_positive())});
  }
  if (setup_.wtp_cost.empty()) return;
  const auto& names = design_->names;
  auto index_of = [&](const std::string& n) { return static_cast<int>(std::find(names.begin(), names.end(), n) - names.begin()); };
  const int cost = index_of(setup_.wtp_cost);
  const TasteDistribution c = taste_distribution(cost);
  for (std::size_t j = 0; j < setup_.wtp_attributes.size(); ++j) {
    const std::string& a_name = setup_.wtp_attributes[j];
    const int attribute = index_of(a_name);
    const TasteDistribution a = taste_distribution(attribute);
    if (a.point_mass() && c.point_mass()) continue;
    const auto& spec = rc.coefficients();
    const bool dependent = spec[static_cast<std::size_t>(attribute)].correlated && spec[static_cast<std::size_t>(cost)].correlated;
    std::function<double(double)> density;
    if (!dependent) density = [a, c](double w) { return wtp_density(a, c, w); };
    const std::vector<double> people = column(conditional_wtp_, static_cast<Eigen::Index>(j));
    const std::string id = "wtp." + a_name;
    add_view(taste_view(id, "WTP for " + a_name + ": population and people's means",
                        "WTP for one unit of " + a_name + " (units of " + setup_.wtp_cost + ")", people, density,
                        dependent ? std::nullopt : wtp_central_range(a, c),
                        "population density of -" + a_name + " / " + setup_.wtp_cost));
    double positive = 0.0, n = 0.0;
    for (double x : people)
      if (std::isfinite(x)) {
        n += 1.0;
        positive += x > 0.0 ? 1.0 : 0.0;
      }
    const double share = n > 0.0 ? positive / n : kNaN;
    o.numbers.push_back({id + ".people_positive", "people with a positive WTP for " + a_name, share,
                         fmt("%.1f%%", 100.0 * share)});
    const double people_sd = sample_sd(people);
    o.numbers.push_back({id + ".people_sd", "WTP for " + a_name + ": sd of people's means", people_sd,
                         fmt("%.3f", people_sd), setup_.wtp_cost + " per unit"});
  }
}

void MixedLogitRun::write(Results& r) const {
  r.results = core::Table({"start", "log_likelihood", "reached_best"});
  if (!fitted_) return;
  for (std::size_t s = 0; s < fit_.start_log_likelihoods.size(); ++s)
    r.results.add_row({static_cast<std::int64_t>(s + 1), cell(fit_.start_log_likelihoods[s]),
                       static_cast<std::int64_t>(std::abs(fit_.start_log_likelihoods[s] - fit_.log_likelihood) <= 1e-4)});
  const auto& rc = model_->coefficients();
  const Eigen::Index P = rc.n_parameters();
  const Eigen::VectorXd& chosen = chosen_of(setup_.standard_errors, fit_.std_error, fit_.bhhh_std_error,
                                             fit_.robust_std_error, fit_.clustered_std_error);
  const Eigen::VectorXd& robust = robust_of(setup_.standard_errors, fit_.robust_std_error, fit_.clustered_std_error);

  // The fit as an EstimationResult, for the printed table and the fit statistics.
  econ::EstimationResult e;
  e.model = std::string("mixed logit (") + (setup_.panel ? "panel, " : "") + std::to_string(model_->draws()) + " " +
            method_name(setup_.draws.method) + (setup_.draws.antithetic ? " antithetic" : "") + " draws)";
  e.method = "simulated, bfgs; " + std::string(standard_errors_name(setup_.standard_errors)) + " std. errors";
  e.log_likelihood = fit_.log_likelihood;
  e.null_log_likelihood = null_log_likelihood_;
  e.constants_log_likelihood = clogit_ ? clogit_result_.constants_log_likelihood : kNaN;
  e.constants_parameters = clogit_ ? clogit_result_.constants_parameters : 0;
  e.n_situations = static_cast<long>(model_->n_situations());
  e.iterations = fit_.iterations;
  e.converged = fit_.converged;
  e.warnings = fit_.warnings;
  if (!fit_.converged) e.warnings.push_back("not converged: " + fit_.message);
  e.theta = fit_.theta;
  for (Eigen::Index p = 0; p < P; ++p) {
    econ::ParameterEstimate pe;
    pe.name = fit_.names[static_cast<std::size_t>(p)];
    pe.estimate = fit_.theta[p];
    pe.fixed = options_.fixed[static_cast<std::size_t>(p)];
    pe.std_error = pe.fixed ? kNaN : chosen[p];
    pe.robust_std_error = pe.fixed ? kNaN : robust[p];
    pe.t_value = pe.estimate / pe.std_error;
    pe.p_value = econ::normal_p_value(pe.t_value);
    e.n_free += pe.fixed ? 0 : 1;
    e.parameters.push_back(pe);
  }
  const double ref = std::isfinite(e.constants_log_likelihood) ? e.constants_log_likelihood : e.null_log_likelihood;
  e.rho_squared = 1.0 - e.log_likelihood / ref;
  e.adjusted_rho_squared = 1.0 - (e.log_likelihood - e.n_free) / ref;
  e.aic = -2.0 * e.log_likelihood + 2.0 * e.n_free;
  e.bic = -2.0 * e.log_likelihood + e.n_free * std::log(static_cast<double>(e.n_situations));

  core::Table est({"parameter", "estimate", "std_error", "robust_std_error", "t_value", "p_value", "hessian_std_error",
                   "bhhh_std_error", "sandwich_std_error", "clustered_std_error"});
  for (Eigen::Index p = 0; p < P; ++p) {
    const auto& pe = e.parameters[static_cast<std::size_t>(p)];
    est.add_row({pe.name, pe.estimate, cell(pe.std_error), cell(pe.robust_std_error), cell(pe.t_value), cell(pe.p_value),
                 cell(fit_.std_error[p]), cell(fit_.bhhh_std_error[p]), cell(fit_.robust_std_error[p]),
                 cell(fit_.clustered_std_error[p])});
  }
  r.tables["estimates.csv"] = est;

  // individual.csv: each unit's conditional mean of every random coefficient.
  std::vector<std::string> cols{setup_.panel ? "person" : "situation"};
  if (!unit_person_ids_.empty()) cols.push_back("person");
  std::vector<std::string> random_names;
  for (int k : rc.dimension_coefficients()) random_names.push_back(rc.coefficients()[static_cast<std::size_t>(k)].name);
  for (const auto& n : random_names) cols.push_back(n);
  for (const auto& a : setup_.wtp_attributes) cols.push_back("wtp." + a);
  core::Table ind(cols);
  for (Eigen::Index u = 0; u < conditional_means_.rows(); ++u) {
    std::vector<core::Cell> row{unit_ids_[static_cast<std::size_t>(u)]};
    if (!unit_person_ids_.empty()) row.emplace_back(unit_person_ids_[static_cast<std::size_t>(u)]);
    for (Eigen::Index d = 0; d < conditional_means_.cols(); ++d) row.push_back(cell(conditional_means_(u, d)));
    for (Eigen::Index j = 0; j < conditional_wtp_.cols(); ++j) row.push_back(cell(conditional_wtp_(u, j)));
    ind.add_row(std::move(row));
  }
  r.tables["individual.csv"] = ind;

  json& s = r.summary;
  write_fit_summary(s, e);
  s["start_log_likelihood"] = num(fit_.start_log_likelihood);
  if (setup_.panel) s["n_people"] = static_cast<std::int64_t>(model_->n_units());
  s["draws"] = model_->draws();
  s["draw_method"] = method_name(setup_.draws.method);
  s["iterations"] = fit_.iterations;
  s["evaluations"] = fit_.evaluations;
  s["converged"] = fit_.converged;
  s["message"] = fit_.message;
  s["warnings"] = e.warnings;
  s["standard_errors"] = standard_errors_name(setup_.standard_errors);
  s["fit_seconds"] = fit_.fit_seconds;
  s["std_error_seconds"] = fit_.std_error_seconds;
  json coef = json::object(), se = json::object();
  for (const auto& pe : e.parameters) {
    coef[pe.name] = num(pe.estimate);
    se[pe.name] = num(pe.std_error);
  }
  s["estimates"] = coef;
  s["std_errors"] = se;
  s["starts"] = {{"count", static_cast<int>(fit_.start_log_likelihoods.size())},
                 {"reached_best", fit_.starts_at_best}};
  if (clogit_) {
    s["conditional_logit_log_likelihood"] = num(clogit_result_.log_likelihood);
    int df = 0;
    for (Eigen::Index p = rc.n_coefficients(); p < P; ++p) df += options_.fixed[static_cast<std::size_t>(p)] ? 0 : 1;
    const double stat = 2.0 * (fit_.log_likelihood - clogit_result_.log_likelihood);
    s["lr_test_random"] = {{"statistic", num(stat)}, {"df", df}, {"p_value", num(econ::chi_squared_p_value(stat, df))}};
  }
  json implied = json::object();
  for (const auto& ip : fit_.implied) implied[ip.name] = {{"value", num(ip.value)}, {"std_error", num(ip.std_error)}};
  if (!fit_.implied.empty()) s["implied"] = implied;
  for (std::size_t j = 0; j < setup_.wtp_attributes.size(); ++j)  // over people: near the population's mean ratio
    s["willingness_to_pay_mean_of_individuals"][setup_.wtp_attributes[j]] =
        num(conditional_wtp_.col(static_cast<Eigen::Index>(j)).mean());

  r.report = econ::format_estimation_report(e);
  std::string more;
  more += "Draws: " + std::to_string(model_->draws()) + " " + method_name(setup_.draws.method) + " per " +
          (setup_.panel ? "person (" + std::to_string(model_->n_units()) + " people)" : std::string("situation")) + "\n";
  if (clogit_)
    more += "Conditional-logit log-likelihood (the start): " + fmt("%.4f", clogit_result_.log_likelihood) + "\n";
  if (fit_.start_log_likelihoods.size() > 1)
    more += "Starts: " + std::to_string(fit_.start_log_likelihoods.size()) + ", " + std::to_string(fit_.starts_at_best) +
            " reached the best optimum\n";
  if (!fit_.implied.empty()) {
    more += "Implied by the Cholesky factor (delta-method std. errors from the Hessian):\n";
    for (const auto& ip : fit_.implied)
      more += "  " + ip.name + std::string(ip.name.size() < 20 ? 20 - ip.name.size() : 1, ' ') + fmt("%12.6f", ip.value) +
              "  (" + fmt("%.6f", ip.std_error) + ")\n";
  }
  r.report += more;
  write_willingness_to_pay(r);
}

void MixedLogitRun::write_willingness_to_pay(Results& r) const {
  if (setup_.wtp_cost.empty()) return;
  const auto& rc = model_->coefficients();
  const auto& names = design_->names;
  auto index_of = [&](const std::string& n) { return static_cast<int>(std::find(names.begin(), names.end(), n) - names.begin()); };
  const Eigen::MatrixXd& chosen = chosen_of(setup_.standard_errors, fit_.covariance, fit_.bhhh_covariance,
                                             fit_.robust_covariance, fit_.clustered_covariance);
  const Eigen::MatrixXd& robust = robust_of(setup_.standard_errors, fit_.robust_covariance, fit_.clustered_covariance);
  auto std_error = [](const Eigen::VectorXd& g, const Eigen::MatrixXd& v) {
    return v.rows() == g.size() ? econ::delta_method_std_error(g, v) : kNaN;
  };
  const int cost = index_of(setup_.wtp_cost);
  const bool random_cost = rc.coefficients()[static_cast<std::size_t>(cost)].distribution != econ::Distribution::fixed;
  std::vector<WtpRow> rows;
  for (const auto& a : setup_.wtp_attributes) {
    WtpRow w{a, setup_.wtp_cost, "", kNaN, kNaN, kNaN};
    if (econ::coefficient_mean(rc, fit_.theta, cost).value != 0.0) {
      const auto g = econ::ratio_of_means(rc, fit_.theta, index_of(a), cost);
      w.value = g.value;
      w.std_error = std_error(g.gradient, chosen);
      w.robust_std_error = std_error(g.gradient, robust);
    }
    rows.push_back(w);
  }
  std::string heading = "\nWillingness to pay (-E[coefficient] / E[" + setup_.wtp_cost +
                        "], the ratio of the population means; delta-method standard errors):\n";
  if (random_cost)
    heading += "  (" + setup_.wtp_cost +
               " is random: this is the ratio of means, not the mean of the ratio, which a normal cost leaves\n"
               "  undefined; each person's conditional mean of the ratio is in individual.csv)\n";
  write_wtp(r, heading, rows);
  r.summary["willingness_to_pay_cost_random"] = random_cost;
}

}  // namespace arbiter::experiments
