// Kind "rl.bandit_entropy": the entropy bonus on a (deceptive) bandit. One gradient-bandit agent setting is
// run with each entropy weight beta in a list; a seed (run) succeeds when its most probable arm at the end is
// the best arm. Reports the fraction of seeds that succeed per beta (95% CI) and the policy entropy, % optimal
// action and reward per step.
#include <chrono>
#include <sstream>
#include "core/config_error.hpp"
#include "experiments/rl/bandit_agent_file.hpp"
#include "experiments/rl/bandit_batch.hpp"
#include "experiments/rl/bandit_config.hpp"
#include "experiments/registry.hpp"
#include "experiments/rl/bandit_output.hpp"
#include "experiments/learning_ranges.hpp"

namespace arbiter::experiments::rl {

namespace {

using json = nlohmann::json;
using core::ConfigError;

// The agent at `path` of a resolved config with entropy bonus `beta`.
BanditAgentSpec read_policy_gradient_agent(json agent, const std::string& path, double beta) {
  agent["entropy_bonus"] = beta;
  return read_bandit_agent(agent, path);
}

// The agent node of this kind: a gradient_bandit agent whose entropy bonus comes from /betas.
core::Param policy_gradient_agent_node() {
  core::Param agent = bandit_agent_node();
  agent.help = "a gradient_bandit agent (its entropy bonus is set by /betas)";
  core::Param& bonus = *agent.child("gradient_bandit")->child("entropy_bonus");
  bonus = core::Param::make(core::ParamType::any, nullptr, "not here: set the list /betas instead");
  bonus.key = "entropy_bonus";
  bonus.optional().validate_with([](const json& v, const std::string& path) {
    throw ConfigError("", path, "no entropy_bonus here (set the list /betas instead)", core::short_json(v));
  });
  agent.validate_with([](const json& v, const std::string& path) {
    if (v.at("name") != "gradient_bandit")
      throw ConfigError("", path + "/name", "\"gradient_bandit\" (the entropy bonus is a policy-gradient term)",
                        core::short_json(v.at("name")));
    read_policy_gradient_agent(v, path, 0.0);
  });
  return agent;
}

std::string beta_label(double beta) {
  std::ostringstream s;
  s << "beta=" << beta;
  return s.str();
}

class BanditEntropy final : public Experiment {
 public:
  BanditEntropy(BanditBatchSpec spec, std::vector<double> betas, std::int64_t every, std::string save_agent)
      : batch_(std::move(spec)), betas_(std::move(betas)), every_(every), save_agent_(std::move(save_agent)) {}

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
    Plot ent{"entropy", "Policy entropy (nats)", "step", "entropy", {}, false, false, {}};
    Plot opt{"pct_optimal", "% optimal action", "step", "% optimal action", {}, false, false, {}};
    Plot rew{"average_reward", "Average reward", "step", "average reward", {}, false, false, {}};
    Bars probs;
    probs.id = "probabilities";
    probs.title = "Action probabilities of run 0 per beta (* = best arm)";
    probs.y_max = 1.0;
    for (int a = 0; a < batch_.spec().env.k; ++a)
      probs.labels.push_back("arm " + std::to_string(a + 1) + (a == batch_.live_optimal_action() ? "*" : ""));
    Bars success;
    success.id = "success";
    success.title = "Fraction of seeds whose most probable arm is the best arm (now)";
    success.groups.push_back({"success", {}});
    success.y_max = 1.0;
    for (int g = 0; g < batch_.settings(); ++g) {
      const std::string label = beta_label(betas_[g]);
      ent.series.push_back(curve_series(label, batch_.stats(g).entropy));
      opt.series.push_back(curve_series(label, batch_.stats(g).optimal));
      rew.series.push_back(curve_series(label, batch_.stats(g).reward));
      const Eigen::VectorXd p = batch_.live_probabilities(g);
      probs.groups.push_back({label, std::vector<double>(p.data(), p.data() + p.size())});
      success.labels.push_back(label);
      success.groups[0].values.push_back(success_stats(g).mean());
    }
    o.plots = {std::move(ent), std::move(opt), std::move(rew)};
    o.bars.push_back(std::move(success));
    o.bars.push_back(std::move(probs));
    o.numbers.emplace_back("step", "step", static_cast<double>(batch_.steps_done()),
                           std::to_string(batch_.steps_done()) + " / " + std::to_string(batch_.spec().steps));
    o.numbers.emplace_back("seeds_per_beta", "seeds per beta", static_cast<double>(batch_.spec().runs),
                           std::to_string(batch_.spec().runs));
    return o;
  }

  Results finish() override {
    Results r;
    r.results = step_table("beta");
    json per_beta = json::array();
    std::vector<core::Cell> keys;
    std::ostringstream report;
    report << "beta        success fraction (95% CI)   final entropy   final pi(best)\n";
    for (int g = 0; g < batch_.settings(); ++g) {
      keys.emplace_back(betas_[g]);
      const auto& st = batch_.stats(g);
      add_step_rows(r.results, betas_[g], st, every_);
      const core::RunningStats success = success_stats(g);
      core::RunningStats final_entropy, final_best;
      for (const auto& s : batch_.run_summaries(g)) {
        final_entropy.add(s.final_entropy);
        final_best.add(s.final_optimal_probability);
      }
      json b = {{"beta", betas_[g]},
                {"success_fraction", ci_json(success)},
                {"final_entropy", ci_json(final_entropy)},
                {"final_optimal_probability", ci_json(final_best)}};
      if (!st.entropy.empty()) {
        b["entropy_curve"] = curve_json(st.entropy);
        b["pct_optimal_curve"] = curve_json(st.optimal);
      }
      per_beta.push_back(b);
      const auto sc = core::confidence_interval_95(success);
      std::string label = fixed(betas_[g], 4);
      label.resize(12, ' ');
      report << label << fixed(sc.mean, 3) << " +/- " << fixed(sc.half_width, 3) << "           "
             << fixed(final_entropy.mean(), 3) << "           " << fixed(final_best.mean(), 3) << "\n";
    }
    r.tables["runs.csv"] = run_table("beta", keys, batch_);
    const double agent_steps = static_cast<double>(batch_.steps_done()) * static_cast<double>(batch_.spec().runs) *
                               static_cast<double>(batch_.settings());
    r.summary = {{"betas", per_beta},
                 {"seeds", batch_.spec().runs},
                 {"steps", batch_.steps_done()},
                 {"completed", batch_.done()},
                 {"success_rule", "the most probable arm after the last step is the best arm"},
                 {"agent_steps", agent_steps},
                 {"simulation_seconds", seconds_},
                 {"agent_steps_per_second", seconds_ > 0.0 ? agent_steps / seconds_ : 0.0}};
    if (!save_agent_.empty()) {
      r.summary["saved_agent"] = save_bandit_agent_file(save_agent_, "rl.bandit_entropy", batch_);
      report << "saved run 0's agent of every beta to " << save_agent_ << "\n";
    }
    r.report = report.str();
    return r;
  }

 private:
  core::RunningStats success_stats(int g) const {
    core::RunningStats s;
    for (const auto& run : batch_.run_summaries(g)) s.add(run.final_greedy == run.optimal_action ? 1.0 : 0.0);
    return s;
  }

  BanditBatch batch_;
  std::vector<double> betas_;
  std::int64_t every_;
  std::string save_agent_;
  bool cancelled_ = false;
  double seconds_ = 0.0;
};

}  // namespace

static ExperimentKind bandit_entropy_kind() {
  ExperimentKind k;
  k.name = "rl.bandit_entropy";
  k.description = "entropy bonus on a deceptive bandit: fraction of seeds finding the best arm and entropy per beta";
  k.quick = {"/runs=10", "/steps=200"};
  k.schema.integer("/runs", 200, "seeds (independent runs) per beta").at_least(1).at_most(10000000);
  k.schema.integer("/steps", 2000, "steps per run").at_least(1).at_most(100000000);
  declare_bandit_env(k.schema, "/env");
  k.schema.node("/agent", policy_gradient_agent_node());
  k.schema.add("/betas", core::ParamType::number_list, json::array({0.0, 0.1}), "entropy-bonus weights to compare")
      .nonempty()
      .at_least(0)
      .at_most(kMaxLearningRate);
  k.schema.integer("/output/every", 10, "results.csv keeps every n-th step (and the first and last)").at_least(1);
  declare_bandit_agent_files(k.schema);
  k.cost = [](const json& cfg) {
    return bandit_batch_cost(static_cast<double>(cfg.at("/betas"_json_pointer).size()),
                             cfg.at("/runs"_json_pointer).get<double>(), cfg.at("/steps"_json_pointer).get<double>(),
                             cfg.at("/env/k"_json_pointer).get<double>(), true, "/runs, /steps, /betas");
  };
  k.make = [](const json& cfg, const RunContext& ctx) -> std::unique_ptr<Experiment> {
    const auto betas = cfg.at("/betas"_json_pointer).get<std::vector<double>>();
    BanditBatchSpec spec;
    spec.env = read_bandit_env(cfg, "/env");
    for (double beta : betas) {
      BanditAgentSpec a = read_policy_gradient_agent(cfg.at("/agent"_json_pointer), "/agent", beta);
      a.label = beta_label(beta);
      spec.agents.push_back(std::move(a));
    }
    spec.runs = cfg.at("/runs"_json_pointer).get<std::int64_t>();
    spec.steps = cfg.at("/steps"_json_pointer).get<std::int64_t>();
    spec.record_entropy = true;
    spec.seed = ctx.seed;
    spec.threads = ctx.threads;
    spec.cancel = ctx.cancel;
    spec.slice_seconds = ctx.slice_seconds;
    spec.initial_agents = read_bandit_agent_file(cfg, "rl.bandit_entropy", spec.agents, spec.env.k, ctx.config_dir);
    return std::make_unique<BanditEntropy>(std::move(spec), betas, cfg.at("/output/every"_json_pointer).get<std::int64_t>(),
                                           cfg.at("/save_agent"_json_pointer).get<std::string>());
  };
  return k;
}

namespace {
const RegisterKind registered{bandit_entropy_kind};
}  // namespace

}  // namespace arbiter::experiments::rl
