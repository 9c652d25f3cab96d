// Kind "econ.estimate": loads choice data, builds the design from the model specification and estimates a
// conditional logit (or a nested logit when nests are given) by maximum likelihood. Outputs estimates.csv,
// results.csv (the iteration history), the fit statistics and likelihood-ratio tests in summary.json, an R
// summary()-style table, and with /wtp/cost the willingness to pay with delta-method errors (wtp.csv).
// Bad data and unidentified models are ConfigErrors raised by make(), before anything is written.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>

#include "core/config_error.hpp"
#include "econ/choice_data.hpp"
#include "econ/design.hpp"
#include "econ/estimation.hpp"
#include "econ/nested_logit.hpp"
#include "econ/willingness_to_pay.hpp"
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
    wtp_cost_ = cfg.at("wtp").at("cost").get<std::string>();
    wtp_attributes_ = cfg.at("wtp").at("attributes").get<std::vector<std::string>>();
    check_wtp();
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
    auto test = [&](double statistic, int df) {
      return json{{"statistic", num(statistic)}, {"df", df}, {"p_value", num(econ::chi_squared_p_value(statistic, df))}};
    };
    if (std::isfinite(result_.constants_log_likelihood) && result_.n_free > result_.constants_parameters)
      s["lr_test_constants"] = test(2.0 * (result_.log_likelihood - result_.constants_log_likelihood),
                                    result_.n_free - result_.constants_parameters);
    if (std::isfinite(result_.conditional_logit_log_likelihood)) {
      s["conditional_logit_log_likelihood"] = result_.conditional_logit_log_likelihood;
      int df = 0;
      for (const auto& p : result_.parameters) df += (!p.fixed && p.name.rfind("iv.", 0) == 0) ? 1 : 0;
      s["lr_test_nests"] = test(2.0 * (result_.log_likelihood - result_.conditional_logit_log_likelihood), df);
    }
    s["warm_start_iterations"] = result_.warm_start_iterations;
    r.report = econ::format_estimation_report(result_);
    add_wtp(r);
    return r;
  }

 private:
  // Willingness to pay -b_attribute / b_cost with delta-method standard errors (classical and robust), a
  // z test of WTP = 0 and the 95% interval.
  void add_wtp(Results& r) const {
    if (wtp_cost_.empty()) return;
    std::vector<std::string> names;
    for (const auto& p : result_.parameters) names.push_back(p.name);
    core::Table t({"attribute", "cost", "wtp", "std_error", "robust_std_error", "z_value", "p_value", "ci_low",
                   "ci_high"});
    std::string lines = "\nWillingness to pay (-coefficient / " + wtp_cost_ + "; delta-method standard errors):\n";
    for (const auto& a : wtp_attributes()) {
      const auto w = econ::willingness_to_pay(names, result_.theta, result_.covariance, a, wtp_cost_);
      const auto rw = econ::willingness_to_pay(names, result_.theta, result_.robust_covariance, a, wtp_cost_);
      const double z = w.value / w.std_error, p = econ::normal_p_value(z);
      t.add_row({a, wtp_cost_, w.value, w.std_error, rw.std_error, z, p, w.value - 1.959963984540054 * w.std_error,
                 w.value + 1.959963984540054 * w.std_error});
      r.summary["willingness_to_pay"][a] = {{"value", w.value}, {"std_error", w.std_error},
                                            {"robust_std_error", rw.std_error}};
      char line[200];
      std::snprintf(line, sizeof line, "  %-14s %12.6f  (std. error %.6f, robust %.6f; 95%% CI %.6f to %.6f)\n",
                    a.c_str(), w.value, w.std_error, rw.std_error, w.value - 1.959963984540054 * w.std_error,
                    w.value + 1.959963984540054 * w.std_error);
      lines += line;
    }
    r.tables["wtp.csv"] = t;
    r.report += lines;
  }

  std::vector<std::string> wtp_attributes() const {
    if (!wtp_attributes_.empty()) return wtp_attributes_;
    std::vector<std::string> out;
    for (std::size_t j = 0; j < design_.names.size(); ++j)
      if (design_.names[j] != wtp_cost_ && !design_.fixed[j] && design_.names[j].rfind("asc.", 0) != 0)
        out.push_back(design_.names[j]);
    return out;
  }

  void check_wtp() const {
    const auto& n = design_.names;
    auto free_parameter = [&](const std::string& name) {
      const auto it = std::find(n.begin(), n.end(), name);
      return it != n.end() && !design_.fixed[static_cast<std::size_t>(it - n.begin())];
    };
    if (wtp_cost_.empty()) {
      if (!wtp_attributes_.empty())
        throw core::ConfigError("", "/wtp/cost", "the cost coefficient's name when /wtp/attributes is given", "\"\"");
      return;
    }
    if (!free_parameter(wtp_cost_))
      throw core::ConfigError("", "/wtp/cost", "a free coefficient of the model", "\"" + wtp_cost_ + "\"");
    for (std::size_t i = 0; i < wtp_attributes_.size(); ++i)
      if (!free_parameter(wtp_attributes_[i]) || wtp_attributes_[i] == wtp_cost_)
        throw core::ConfigError("", "/wtp/attributes/" + std::to_string(i), "a free coefficient other than the cost",
                                "\"" + wtp_attributes_[i] + "\"");
  }

  RunContext ctx_;
  econ::Design design_;
  econ::NestStructure nests_;
  bool nested_ = false;
  econ::EstimationOptions options_;
  econ::EstimationResult result_;
  bool done_ = false;
  std::string wtp_cost_;
  std::vector<std::string> wtp_attributes_;
};

ExperimentKind estimate_kind() {
  ExperimentKind k;
  k.name = "econ.estimate";
  k.description = "Conditional / nested logit maximum-likelihood estimation from choice data (Newton-Raphson)";
  k.quick = {};  // every config of this kind runs in milliseconds as it is
  declare_choice_data_keys(k.schema);
  declare_model_keys(k.schema);
  k.schema.string("/wtp/cost", "", "willingness to pay: the cost coefficient (empty: none)");
  k.schema.add("/wtp/attributes", core::ParamType::string_list, json::array(),
               "coefficients to value against the cost (empty: every free one but the constants)");
  k.schema.integer("/estimation/max_iterations", 200, "Newton iterations before giving up (converged: false)").at_least(0);
  k.schema.number("/estimation/tolerance", 1e-10, "stop when the scaled gradient g' (-H)^-1 g is below this").greater_than(0);
  k.make = [](const json& cfg, const RunContext& ctx) -> std::unique_ptr<Experiment> {
    return std::make_unique<EstimateExperiment>(cfg, ctx);
  };
  return k;
}

const RegisterKind registered{estimate_kind};

}  // namespace

}  // namespace arbiter::experiments
