// Kind "rl.bandit_study": a parameter study in the style of Sutton & Barto Figure 2.6. Each curve takes one
// agent setting and sets one parameter (alpha or temperature) to 2^e for each listed exponent e; every point
// runs `runs` bandit problems for `steps` steps and reports the average reward over those steps (mean over
// runs with a 95% CI) and the % optimal action.
#include <chrono>
#include <cmath>
#include <sstream>
#include "core/config_error.hpp"
#include "experiments/rl/bandit_batch.hpp"
#include "experiments/rl/bandit_config.hpp"
#include "experiments/registry.hpp"
#include "experiments/rl/bandit_output.hpp"

namespace arbiter::experiments::rl {

namespace {

using json = nlohmann::json;
using core::ConfigError;

struct Curve {
  std::string label, parameter;
  std::vector<int> exponents;
  std::vector<BanditAgentSpec> points;
};

// The curves of a resolved /curves list (entries checked by the schema); the cross-key checks live here.
std::vector<Curve> read_curves(const json& list, const std::string& path) {
  std::vector<Curve> curves;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const json& c = list[i];
    const std::string p = path + "/" + std::to_string(i);
    Curve curve;
    const BanditAgentSpec base = read_bandit_agent(c.at("agent"), p + "/agent");
    curve.parameter = c.at("parameter").get<std::string>();
    if (curve.parameter == "alpha" && std::holds_alternative<agents::SoftmaxExplorationSettings>(base.settings) &&
        std::get<agents::SoftmaxExplorationSettings>(base.settings).estimate !=
            agents::SoftmaxExplorationSettings::Estimate::constant_step)
      throw ConfigError("", p + "/parameter",
                        "\"temperature\" for a sample-average softmax agent (alpha needs \"estimate\": \"constant_step\")",
                        "\"alpha\"");
    curve.label = c.contains("label") ? c.at("label").get<std::string>() : base.label + " vs " + curve.parameter;
    const json& ex = c.at("exponents");
    for (std::size_t j = 0; j < ex.size(); ++j) {
      const int e = ex[j].get<int>();
      json agent = c.at("agent");
      agent[curve.parameter] = std::ldexp(1.0, e);
      try {
        BanditAgentSpec point = read_bandit_agent(bandit_agent_node().resolve(agent, p + "/agent"), p + "/agent");
        point.label = curve.label + " " + curve.parameter + "=2^" + std::to_string(e);
        curve.points.push_back(std::move(point));
      } catch (const ConfigError& err) {
        throw ConfigError("", p + "/exponents/" + std::to_string(j),
                          "an exponent giving a valid " + curve.parameter + " (" + err.what() + ")", std::to_string(e));
      }
      curve.exponents.push_back(e);
    }
    curves.push_back(std::move(curve));
  }
  return curves;
}

class BanditStudy final : public Experiment {
 public:
  BanditStudy(BanditBatchSpec spec, std::vector<Curve> curves) : batch_(std::move(spec)), curves_(std::move(curves)) {}

  void step() override {
    if (done()) return;
    const auto t0 = std::chrono::steady_clock::now();
    if (!batch_.advance_slice(200000, batch_.spec().steps)) cancelled_ = true;
    seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  }
  bool done() const override { return cancelled_ || batch_.done(); }
  double progress() const override {
    return static_cast<double>(batch_.steps_done()) / static_cast<double>(batch_.spec().steps);
  }

  Observables observables() const override {
    Observables o;
    Plot plot{"study", "Average reward over the steps so far", "parameter (2^e)", "average reward", {}, true, false, {}};
    int g = 0;
    for (const auto& c : curves_) {
      Series s;
      s.name = c.label;
      for (std::size_t j = 0; j < c.points.size(); ++j, ++g) {
        const auto& rewards = batch_.stats(g).reward;
        if (rewards.empty()) continue;
        double sum = 0.0;
        for (const auto& r : rewards) sum += r.mean();
        s.x.push_back(std::ldexp(1.0, c.exponents[j]));
        s.y.push_back(sum / static_cast<double>(rewards.size()));
      }
      plot.series.push_back(std::move(s));
    }
    o.plots.push_back(std::move(plot));
    o.numbers.emplace_back("step", "step", static_cast<double>(batch_.steps_done()),
                           std::to_string(batch_.steps_done()) + " / " + std::to_string(batch_.spec().steps));
    o.numbers.emplace_back("settings_x_runs", "settings x runs",
                           static_cast<double>(batch_.settings()) * static_cast<double>(batch_.spec().runs),
                           std::to_string(batch_.settings()) + " x " + std::to_string(batch_.spec().runs));
    return o;
  }

  Results finish() override {
    Results r;
    r.results = core::Table({"curve", "parameter", "exponent", "value", "metric", "mean", "ci95", "n"});
    json curves = json::array();
    std::vector<core::Cell> keys;
    std::ostringstream report;
    int g = 0;
    for (const auto& c : curves_) {
      std::vector<double> values, mean, ci, pct;
      int best = -1;
      report << c.label << " (average reward over " << batch_.steps_done() << " steps):\n";
      for (std::size_t j = 0; j < c.points.size(); ++j, ++g) {
        keys.emplace_back(c.points[j].label);
        core::RunningStats reward, optimal;
        for (const auto& s : batch_.run_summaries(g)) {
          reward.add(s.mean_reward);
          optimal.add(100.0 * s.fraction_optimal);
        }
        const double v = std::ldexp(1.0, c.exponents[j]);
        const auto rc = core::confidence_interval_95(reward);
        const auto oc = core::confidence_interval_95(optimal);
        r.results.add_row({c.label, c.parameter, static_cast<std::int64_t>(c.exponents[j]), v,
                           std::string("average_reward"), rc.mean, rc.half_width, reward.count()});
        r.results.add_row({c.label, c.parameter, static_cast<std::int64_t>(c.exponents[j]), v,
                           std::string("pct_optimal"), oc.mean, oc.half_width, optimal.count()});
        values.push_back(v);
        mean.push_back(rc.mean);
        ci.push_back(rc.half_width);
        pct.push_back(oc.mean);
        if (best < 0 || rc.mean > mean[static_cast<std::size_t>(best)]) best = static_cast<int>(j);
        report << "  " << c.parameter << " = 2^" << c.exponents[j] << " = " << v << ": " << fixed(rc.mean, 3)
               << " +/- " << fixed(rc.half_width, 3) << "\n";
      }
      curves.push_back({{"label", c.label},
                        {"parameter", c.parameter},
                        {"exponents", c.exponents},
                        {"values", values},
                        {"average_reward", {{"mean", mean}, {"ci95", ci}}},
                        {"pct_optimal", pct},
                        {"best", {{"value", values[best]}, {"average_reward", mean[best]}}}});
    }
    r.tables["runs.csv"] = run_table("setting", keys, batch_);
    const double agent_steps = static_cast<double>(batch_.steps_done()) * static_cast<double>(batch_.spec().runs) *
                               static_cast<double>(batch_.settings());
    r.summary = {{"curves", curves},
                 {"runs", batch_.spec().runs},
                 {"steps", batch_.steps_done()},
                 {"completed", batch_.done()},
                 {"agent_steps", agent_steps},
                 {"simulation_seconds", seconds_},
                 {"agent_steps_per_second", seconds_ > 0.0 ? agent_steps / seconds_ : 0.0}};
    r.report = report.str();
    return r;
  }

 private:
  BanditBatch batch_;
  std::vector<Curve> curves_;
  bool cancelled_ = false;
  double seconds_ = 0.0;
};

}  // namespace

static ExperimentKind bandit_study_kind() {
  ExperimentKind k;
  k.name = "rl.bandit_study";
  k.description = "bandit parameter study: average reward over the first steps vs alpha or T in powers of 2 (S&B Fig. 2.6)";
  k.quick = {"/runs=20", "/steps=100"};
  k.schema.integer("/runs", 2000, "independent runs (bandit problems) per point").at_least(1).at_most(10000000);
  k.schema.integer("/steps", 1000, "steps per run (the average runs over all of them)").at_least(1).at_most(100000000);
  declare_bandit_env(k.schema, "/env");
  core::Param& curve_list = k.schema.list("/curves", "the curves: one agent setting with one parameter set to 2^e", 1);
  core::Param& curve = curve_list.element();
  curve.string("label", nullptr, "legend label (absent: the agent's label + \" vs \" + parameter)").optional();
  curve.node("agent", bandit_agent_node()).required().help = "the agent setting the curve varies";
  curve.string("parameter", nullptr, "the agent key set to 2^e").one_of({"alpha", "temperature"});
  curve.add("exponents", core::ParamType::integer_list, nullptr, "the exponents e (the parameter is 2^e)")
      .nonempty()
      .at_least(-30)
      .at_most(30);
  curve_list.validate_with([](const json& v, const std::string& path) { read_curves(v, path); });
  k.cost = [](const json& cfg) {
    double settings = 0.0;
    for (const json& c : cfg.at("/curves"_json_pointer)) settings += static_cast<double>(c.at("exponents").size());
    return bandit_batch_cost(settings, cfg.at("/runs"_json_pointer).get<double>(),
                             cfg.at("/steps"_json_pointer).get<double>(), cfg.at("/env/k"_json_pointer).get<double>(),
                             false, "/runs, /steps, /curves");
  };
  k.make = [](const json& cfg, const RunContext& ctx) -> std::unique_ptr<Experiment> {
    auto curves = read_curves(cfg.at("/curves"_json_pointer), "/curves");
    BanditBatchSpec spec;
    spec.env = read_bandit_env(cfg, "/env");
    for (const auto& c : curves) spec.agents.insert(spec.agents.end(), c.points.begin(), c.points.end());
    spec.runs = cfg.at("/runs"_json_pointer).get<std::int64_t>();
    spec.steps = cfg.at("/steps"_json_pointer).get<std::int64_t>();
    spec.seed = ctx.seed;
    spec.threads = ctx.threads;
    spec.cancel = ctx.cancel;
    spec.slice_seconds = ctx.slice_seconds;
    return std::make_unique<BanditStudy>(std::move(spec), std::move(curves));
  };
  return k;
}

namespace {
const RegisterKind registered{bandit_study_kind};
}  // namespace

}  // namespace arbiter::experiments::rl
