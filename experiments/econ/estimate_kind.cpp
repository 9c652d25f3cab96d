// Kind "econ.estimate": loads choice data, builds the design from the model specification and estimates a
// conditional logit (or a nested logit when nests are given) by maximum likelihood. Outputs estimates.csv,
// results.csv (the iteration history), the fit statistics in summary.json and an R summary()-style table.
// Bad data and unidentified models are ConfigErrors raised by make(), before anything is written.
#include <cmath>
#include <memory>

#include "core/config_error.hpp"
#include "econ/choice_data.hpp"
#include "econ/design.hpp"
#include "econ/estimation.hpp"
#include "econ/nested_logit.hpp"
#include "experiments/econ/estimate_spec.hpp"
#include "experiments/registry.hpp"

namespace arbiter::experiments {
namespace {

using json = nlohmann::json;

class EstimateExperiment : public Experiment {
 public:
  EstimateExperiment(const json& cfg, const RunContext& ctx) : ctx_(ctx) {
    const econ::ModelSpec spec = read_model_spec(cfg);
    const econ::ChoiceColumns cols = read_choice_columns(cfg);
    const std::string path = resolve_data_path(cfg.at("data").get<std::string>(), ctx.config_dir);
    const econ::ChoiceData data = econ::load_choice_data(path, cols, model_variables(spec));
    design_ = econ::build_design(data, spec);
    nested_ = !spec.nests.empty();
    if (nested_) nests_ = econ::build_nests(design_, spec);
    options_.max_iterations = cfg.at("estimation").at("max_iterations").get<int>();
    options_.tolerance = cfg.at("estimation").at("tolerance").get<double>();
    options_.threads = ctx.threads;
    options_.cancel = ctx.cancel;
  }

  void step() override {
    if (done_) return;
    result_ = nested_ ? econ::estimate_nested_logit(design_, nests_, options_)
                      : econ::estimate_conditional_logit(design_, options_);
    done_ = true;
  }
  bool done() const override { return done_; }
  double progress() const override { return done_ ? 1.0 : 0.0; }

  Observables observables() const override {
    Observables o;
    if (!done_) return o;
    Plot p{"log_likelihood", "Log-likelihood by iteration", "iteration", "log-likelihood", {}, false, false, {}};
    Series s{"log-likelihood", {}, {}, {}};
    for (const auto& h : result_.history) {
      s.x.push_back(h.iteration);
      s.y.push_back(h.log_likelihood);
    }
    p.series.push_back(s);
    o.plots.push_back(p);
    Bars b{"estimates", "Estimates (t values)", {}, {{"t value", {}}}, 0.0};
    for (const auto& e : result_.parameters) {
      b.labels.push_back(e.name);
      b.groups[0].values.push_back(std::isfinite(e.t_value) ? e.t_value : 0.0);
    }
    o.bars.push_back(b);
    o.numbers.push_back({"log-likelihood", std::to_string(result_.log_likelihood)});
    o.numbers.push_back({"iterations", std::to_string(result_.iterations)});
    o.numbers.push_back({"converged", result_.converged ? "yes" : "no"});
    return o;
  }

  Results finish() override {
    Results r;
    r.results = core::Table({"iteration", "log_likelihood", "scaled_gradient", "step_length"});
    for (const auto& h : result_.history)
      r.results.add_row({static_cast<std::int64_t>(h.iteration), h.log_likelihood, h.scaled_gradient, h.step});
    core::Table est({"parameter", "estimate", "std_error", "robust_std_error", "t_value", "p_value"});
    for (const auto& p : result_.parameters)
      est.add_row({p.name, p.estimate, p.std_error, p.robust_std_error, p.t_value, p.p_value});
    r.tables["estimates.csv"] = est;
    auto num = [](double x) { return std::isfinite(x) ? json(x) : json(nullptr); };
    json& s = r.summary;
    s["model"] = result_.model;
    s["method"] = result_.method;
    s["log_likelihood"] = num(result_.log_likelihood);
    s["null_log_likelihood"] = num(result_.null_log_likelihood);
    s["constants_log_likelihood"] = num(result_.constants_log_likelihood);
    s["rho_squared"] = num(result_.rho_squared);
    s["adjusted_rho_squared"] = num(result_.adjusted_rho_squared);
    s["aic"] = num(result_.aic);
    s["bic"] = num(result_.bic);
    s["n_situations"] = result_.n_situations;
    s["n_parameters"] = result_.n_free;
    s["iterations"] = result_.iterations;
    s["converged"] = result_.converged;
    s["warnings"] = result_.warnings;
    s["fit_seconds"] = result_.fit_seconds;
    json coef = json::object();
    for (const auto& p : result_.parameters) coef[p.name] = num(p.estimate);
    s["estimates"] = coef;
    r.report = econ::format_estimation_report(result_);
    return r;
  }

 private:
  RunContext ctx_;
  econ::Design design_;
  econ::NestStructure nests_;
  bool nested_ = false;
  econ::EstimationOptions options_;
  econ::EstimationResult result_;
  bool done_ = false;
};

}  // namespace

void register_econ_estimate_kinds(Registry& registry) {
  ExperimentKind k;
  k.name = "econ.estimate";
  k.description = "Conditional / nested logit maximum-likelihood estimation from choice data (Newton-Raphson)";
  declare_choice_data_keys(k.schema);
  declare_model_keys(k.schema);
  k.schema.integer("/estimation/max_iterations", 200, "Newton iterations before giving up (converged: false)").at_least(0);
  k.schema.number("/estimation/tolerance", 1e-10, "stop when the scaled gradient g' (-H)^-1 g is below this").greater_than(0);
  k.make = [](const json& cfg, const RunContext& ctx) -> std::unique_ptr<Experiment> {
    return std::make_unique<EstimateExperiment>(cfg, ctx);
  };
  registry.add(std::move(k));
}

}  // namespace arbiter::experiments
