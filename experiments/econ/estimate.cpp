// Kind "econ.estimate": loads choice data, builds the design from the model specification and estimates a
// conditional logit (or a nested logit when nests are given) by maximum likelihood. Outputs estimates.csv,
// results.csv (the iteration history), the fit statistics and likelihood-ratio tests in summary.json, an R
// summary()-style table, and with /wtp/cost the willingness to pay with delta-method errors (wtp.csv).
// One declaration: the schema, the reading and the experiment are here. make() reads the config and the data
// file's header (a file of 4 MB or less whole, with its design); step() reads a larger file's rows in slices
// and builds its design, then fits one Newton iteration per step. Bad data and unidentified models are
// ConfigErrors (exit 2) naming the config file, before anything is written. With /model/random (or
// /model/correlated) the model is a mixed logit (mixed_logit_keys.hpp, mixed_logit_run.hpp): the conditional
// logit gives the start, then the simulated likelihood is maximised. With /model/classes (latent_class_keys.hpp)
// or /model/cross_nests (cross_nested_keys.hpp) the conditional logit gives the start of a BFGS fit
// (bfgs_model_run.hpp).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <optional>

#include "core/config_error.hpp"
#include "core/table.hpp"
#include "econ/choice_data.hpp"
#include "econ/choice_data_loader.hpp"
#include "econ/design.hpp"
#include "econ/estimation.hpp"
#include "econ/nested_logit.hpp"
#include "econ/willingness_to_pay.hpp"
#include "experiments/econ/fit_summary.hpp"
#include "experiments/econ/bfgs_model_run.hpp"
#include "experiments/econ/choice_data_keys.hpp"
#include "experiments/econ/cross_nested_keys.hpp"
#include "experiments/econ/cross_nested_run.hpp"
#include "experiments/econ/latent_class_keys.hpp"
#include "experiments/econ/latent_class_run.hpp"
#include "experiments/econ/mixed_logit_keys.hpp"
#include "experiments/econ/mixed_logit_run.hpp"
#include "experiments/econ/wtp_report.hpp"
#include "experiments/registry.hpp"

namespace arbiter::experiments {
namespace {

using json = nlohmann::json;

class EstimateExperiment : public Experiment {
 public:
  EstimateExperiment(const json& cfg, const RunContext& ctx) : ctx_(ctx) {
    spec_ = read_model_spec(cfg);
    cross_setup_ = read_cross_nested_setup(cfg, spec_);
    latent_setup_ = read_latent_class_setup(cfg, spec_);
    json mixed_cfg = cfg;
    if (latent_setup_) {  // the latent classes' own
      mixed_cfg.at("model").erase("panel");
      mixed_cfg.at("estimation").erase("starts");
    }
    mixed_setup_ = read_mixed_logit_setup(mixed_cfg, spec_, ctx.seed);
    const econ::ChoiceColumns cols = read_choice_columns(cfg);
    std::vector<std::string> numeric = model_variables(spec_);
    if (latent_setup_) {
      std::vector<std::string> more = latent_setup_->spec.membership;
      if (!latent_setup_->individual.empty()) more.push_back(latent_setup_->individual);
      for (const auto& v : more)
        if (std::find(numeric.begin(), numeric.end(), v) == numeric.end()) numeric.push_back(v);
    }
    const std::string individual = read_individual_column(cfg);
    if (mixed_setup_ && !individual.empty() && std::find(numeric.begin(), numeric.end(), individual) == numeric.end())
      numeric.push_back(individual);
    const std::string path = resolve_data_path(cfg.at("data").get<std::string>(), ctx.config_dir);
    wtp_cost_ = cfg.at("wtp").at("cost").get<std::string>();
    wtp_attributes_ = cfg.at("wtp").at("attributes").get<std::vector<std::string>>();
    options_.max_iterations = cfg.at("estimation").at("max_iterations").get<int>();
    options_.tolerance = cfg.at("estimation").at("tolerance").get<double>();
    options_.threads = ctx.threads;
    options_.cancel = ctx.cancel;
    as_config_errors([&] {
      loader_ = std::make_unique<econ::ChoiceDataLoader>(path, cols, numeric);
      // A file of one slice or less is read, and the model built, here, so that make() (and `arbiter
      // validate`) reports its bad rows and unidentified models as it always did.
      if (loader_->bytes() <= kSmallFileBytes) {
        while (!loader_->done()) loader_->step();
        data_ = loader_->take();
        loader_.reset();
        build_model();
        load_share_ = design_share_ = 0.0;
      }
    });
  }

  // Loading: one slice of the file; then building the design; then one iteration of the fit.
  void step() override {
    if (done()) return;
    as_config_errors([&] {
      if (loader_) {
        loader_->step();
        if (loader_->done()) {
          data_ = loader_->take();
          loader_.reset();
          loaded_ = true;
        }
      } else if (!estimation_ && !mixed_ && !bfgs_) {
        build_model();
      } else if (bfgs_) {
        bfgs_->step();
      } else if (mixed_) {
        mixed_->step();
      } else {
        estimation_->step();
      }
    });
  }
  bool done() const override {
    if (bfgs_) return bfgs_->done();
    return mixed_ ? mixed_->done() : estimation_ && estimation_->done();
  }
  double progress() const override {
    if (loader_) return load_share_ * loader_->progress();
    if (bfgs_) return load_share_ + design_share_ + (1.0 - load_share_ - design_share_) * bfgs_->progress();
    if (mixed_) return load_share_ + design_share_ + (1.0 - load_share_ - design_share_) * mixed_->progress();
    if (!estimation_) return loaded_ ? load_share_ : 0.0;
    if (estimation_->done()) return 1.0;
    return load_share_ + design_share_ + (1.0 - load_share_ - design_share_) * estimation_->progress();
  }

  Observables observables() const override {
    Observables o;
    if (bfgs_) {
      bfgs_->add_observables(o);
      return o;
    }
    if (mixed_) {
      mixed_->add_observables(o);
      return o;
    }
    if (!estimation_) return o;
    // The log-likelihood by iteration grows while the fit runs.
    Plot p{"log_likelihood", "Log-likelihood by iteration", "iteration", "log-likelihood", {}, false, false, {}};
    Series s{"log-likelihood", {}, {}, {}};
    for (const auto& h : estimation_->history()) {
      s.x.push_back(h.iteration);
      s.y.push_back(h.log_likelihood);
    }
    p.series.push_back(s);
    o.plots.push_back(p);
    if (!estimation_->done()) {
      o.numbers.push_back({"iterations", "iterations", static_cast<double>(estimation_->iterations()),
                           std::to_string(estimation_->iterations())});
      return o;
    }
    const econ::EstimationResult& fit = estimation_->result();
    Bars b{"estimates", "Estimates (t values)", {}, {{"t value", {}}}, 0.0};
    for (const auto& e : fit.parameters) {
      b.labels.push_back(e.name);
      b.groups[0].values.push_back(std::isfinite(e.t_value) ? e.t_value : 0.0);
    }
    o.bars.push_back(b);
    o.numbers.push_back({"log_likelihood", "log-likelihood", fit.log_likelihood, std::to_string(fit.log_likelihood)});
    o.numbers.push_back({"iterations", "iterations", static_cast<double>(fit.iterations), std::to_string(fit.iterations)});
    o.numbers.push_back({"converged", "converged", fit.converged ? 1.0 : 0.0, fit.converged ? "yes" : "no"});
    return o;
  }

  Results finish() override {
    Results r;
    if (bfgs_) {
      bfgs_->write(r);
      return r;
    }
    if (mixed_) {
      mixed_->write(r);
      return r;
    }
    r.results = core::Table({"iteration", "log_likelihood", "scaled_gradient", "step_length"});
    if (!estimation_) return r;
    for (const auto& h : estimation_->history())  // before done(): the iterations so far (the GUI's export)
      r.results.add_row({static_cast<std::int64_t>(h.iteration), h.log_likelihood, h.scaled_gradient, h.step});
    if (!done()) return r;
    const econ::EstimationResult& fit = estimation_->result();
    // A value that is not available (a fixed parameter's, or every standard error when the Hessian is
    // singular: summary.json's warnings say which parameters) is an empty cell.
    auto cell = [](double x) -> core::Cell { return std::isfinite(x) ? core::Cell(x) : core::Cell(std::string()); };
    core::Table est({"parameter", "estimate", "std_error", "robust_std_error", "t_value", "p_value"});
    for (const auto& p : fit.parameters)
      est.add_row({p.name, p.estimate, cell(p.std_error), cell(p.robust_std_error), cell(p.t_value), cell(p.p_value)});
    r.tables["estimates.csv"] = est;
    auto num = [](double x) { return std::isfinite(x) ? json(x) : json(nullptr); };
    json& s = r.summary;
    write_fit_summary(s, fit);
    s["iterations"] = fit.iterations;
    s["converged"] = fit.converged;
    s["warnings"] = fit.warnings;
    s["fit_seconds"] = fit.fit_seconds;
    json coef = json::object();
    for (const auto& p : fit.parameters) coef[p.name] = num(p.estimate);
    s["estimates"] = coef;
    auto test = [&](double statistic, int df) {
      return json{{"statistic", num(statistic)}, {"df", df}, {"p_value", num(econ::chi_squared_p_value(statistic, df))}};
    };
    if (std::isfinite(fit.constants_log_likelihood) && fit.n_free > fit.constants_parameters)
      s["lr_test_constants"] = test(2.0 * (fit.log_likelihood - fit.constants_log_likelihood),
                                    fit.n_free - fit.constants_parameters);
    if (std::isfinite(fit.conditional_logit_log_likelihood)) {
      s["conditional_logit_log_likelihood"] = fit.conditional_logit_log_likelihood;
      int df = 0;
      for (const auto& p : fit.parameters) df += (!p.fixed && p.name.rfind("iv.", 0) == 0) ? 1 : 0;
      s["lr_test_nests"] = test(2.0 * (fit.log_likelihood - fit.conditional_logit_log_likelihood), df);
    }
    s["warm_start_iterations"] = fit.warm_start_iterations;
    r.report = econ::format_estimation_report(fit);
    add_wtp(r);
    return r;
  }

 private:
  // Files larger than this are read in slices by step() (progress by bytes read); smaller ones in make().
  static constexpr std::size_t kSmallFileBytes = std::size_t(4) << 20;

  // Runs `work`, re-throwing every input error as a ConfigError naming the config file (exit 2), as the
  // runner does for errors from make().
  template <class Work>
  void as_config_errors(Work&& work) const {
    try {
      work();
    } catch (const core::ConfigError& e) {
      throw e.in_file(ctx_.config_file);
    } catch (const core::InputError& e) {
      throw core::ConfigError(e.what()).in_file(ctx_.config_file);
    }
  }

  // The design (and nests) from the data and the model specification, then the checks that need them.
  void build_model() {
    design_ = with_model_paths([&] { return econ::build_design(data_, spec_); });
    if (latent_setup_ || cross_setup_) {
      check_wtp();
      const std::vector<std::string> attributes = wtp_cost_.empty() ? std::vector<std::string>() : wtp_attributes();
      if (latent_setup_) {
        latent_setup_->wtp_cost = wtp_cost_;
        latent_setup_->wtp_attributes = attributes;
      }
      auto model = latent_setup_ ? make_latent_class_model(design_, data_, *latent_setup_, ctx_.threads)
                                 : make_cross_nested_model(design_, *cross_setup_, ctx_.threads, wtp_cost_, attributes);
      bfgs_ = std::make_unique<BfgsModelRun>(design_, std::move(model), options_);
      data_ = econ::ChoiceData{};
      return;
    }
    if (mixed_setup_) {
      check_wtp();
      mixed_setup_->wtp_cost = wtp_cost_;
      if (!wtp_cost_.empty()) mixed_setup_->wtp_attributes = wtp_attributes();
      mixed_ = std::make_unique<MixedLogitRun>(design_, data_, *mixed_setup_, options_, ctx_);
      data_ = econ::ChoiceData{};
      return;
    }
    data_ = econ::ChoiceData{};
    nested_ = !spec_.nests.empty();
    if (nested_) nests_ = with_model_paths([&] { return econ::build_nests(design_, spec_); });
    check_wtp();
    estimation_ = nested_ ? std::make_unique<econ::LogitEstimation>(design_, nests_, options_)
                          : std::make_unique<econ::LogitEstimation>(design_, options_);
  }

  // Willingness to pay -b_attribute / b_cost with delta-method standard errors (classical and robust), a
  // z test of WTP = 0 and the 95% interval.
  void add_wtp(Results& r) const {
    if (wtp_cost_.empty()) return;
    const econ::EstimationResult& fit = estimation_->result();
    std::vector<std::string> names;
    for (const auto& p : fit.parameters) names.push_back(p.name);
    std::vector<WtpRow> rows;
    check_cost_coefficient(fit, names);
    for (const auto& a : wtp_attributes())
      rows.push_back(coefficient_ratio_wtp(names, fit.theta, fit.covariance, fit.robust_covariance,
                                           {a, wtp_cost_, "", 0.0, 0.0, 0.0}));
    write_wtp(r, "\nWillingness to pay (-coefficient / " + wtp_cost_ + "; delta-method standard errors):\n", rows);
  }

  // A cost coefficient of exactly 0 has no willingness to pay: say why the fit left it there (a RunError, exit 1).
  void check_cost_coefficient(const econ::EstimationResult& fit, const std::vector<std::string>& names) const {
    const auto c = static_cast<Eigen::Index>(std::find(names.begin(), names.end(), wtp_cost_) - names.begin());
    if (c >= fit.theta.size() || fit.theta[c] != 0.0) return;
    const Eigen::Index k = design_.start.size();
    const bool at_start = fit.theta.size() >= k && fit.theta.head(k) == design_.start;
    std::string why;
    if (!at_start)
      why = "the fit ended with it at exactly 0";
    else if (fit.iterations == 0 && options_.max_iterations == 0)
      why = "the fit stopped at its start values (/estimation/max_iterations is 0) and \"" + wtp_cost_ + "\" starts at 0";
    else
      why = "the fit stopped at its start values after " + std::to_string(fit.iterations) +
            " iterations (the scaled gradient there is below /estimation/tolerance " +
            core::format_double(options_.tolerance) + ") and \"" + wtp_cost_ + "\" starts at 0";
    throw core::RunError("econ.estimate: willingness to pay: the cost coefficient \"" + wtp_cost_ +
                         "\" is 0, so -coefficient / cost is undefined: " + why +
                         "; lower /estimation/tolerance, raise /estimation/max_iterations or give /model/start a "
                         "non-zero cost coefficient");
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
  econ::ModelSpec spec_;
  std::unique_ptr<econ::ChoiceDataLoader> loader_;
  econ::ChoiceData data_;
  bool loaded_ = false;
  double load_share_ = 0.2, design_share_ = 0.05;  // of the progress, when step() reads the file
  econ::Design design_;
  econ::NestStructure nests_;
  bool nested_ = false;
  econ::EstimationOptions options_;
  std::unique_ptr<econ::LogitEstimation> estimation_;
  std::optional<MixedLogitSetup> mixed_setup_;
  std::unique_ptr<MixedLogitRun> mixed_;
  std::optional<LatentClassSetup> latent_setup_;
  std::optional<econ::CrossNestSpec> cross_setup_;
  std::unique_ptr<BfgsModelRun> bfgs_;
  std::string wtp_cost_;
  std::vector<std::string> wtp_attributes_;
};

// The fit's limits: more iterations than this are a typo (a Newton fit converges in tens, a BFGS one in
// thousands), and a tolerance above 1 on the scaled gradient stops the fit before it has moved.
constexpr double kMaxIterations = 100000;
constexpr double kMaxTolerance = 1.0;

ExperimentKind estimate_kind() {
  ExperimentKind k;
  k.name = "econ.estimate";
  k.description =
      "Conditional / nested logit maximum-likelihood estimation from choice data (Newton-Raphson); mixed logit by "
      "maximum simulated likelihood (BFGS); latent-class and cross-nested logit (BFGS)";
  // A conditional or nested logit runs in milliseconds as it is; a mixed logit's BFGS stops early.
  k.quick = {"/estimation/max_iterations=5"};
  declare_choice_data_keys(k.schema);
  declare_model_keys(k.schema);
  declare_mixed_logit_keys(k.schema);
  declare_latent_class_keys(k.schema);
  declare_cross_nested_keys(k.schema);
  k.schema.string("/wtp/cost", "", "willingness to pay: the cost coefficient (empty: none)");
  k.schema.add("/wtp/attributes", core::ParamType::string_list, json::array(),
               "coefficients to value against the cost (empty: every free one but the constants)");
  k.schema.integer("/estimation/max_iterations", 200,
                   "iterations before giving up (converged: false; 0: the estimates are the start values)")
      .at_least(0)
      .at_most(kMaxIterations);
  k.schema.number("/estimation/tolerance", 1e-10,
                  "stop when the scaled gradient g' (-H)^-1 g (twice the gain a Newton step predicts) is below this; "
                  "at most 1, a looser stop can end the fit at its start values")
      .greater_than(0)
      .at_most(kMaxTolerance);
  k.make = [](const json& cfg, const RunContext& ctx) -> std::unique_ptr<Experiment> {
    return std::make_unique<EstimateExperiment>(cfg, ctx);
  };
  return k;
}

const RegisterKind registered{estimate_kind};

}  // namespace

}  // namespace arbiter::experiments
