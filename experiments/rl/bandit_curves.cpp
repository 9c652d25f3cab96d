// Kind "rl.bandit": one or several agent settings x runs x steps on the k-armed testbed; the % optimal action
// and the reward per step with 95% CIs across runs (Sutton & Barto Figures 2.2-2.5). Live: the curves build
// up step by step and run 0's action probabilities show per arm.
#include <algorithm>
#include <chrono>
#include <sstream>
#include "core/config_error.hpp"
#include "experiments/rl/bandit_agent_file.hpp"
#include "experiments/rl/bandit_batch.hpp"
#include "experiments/rl/bandit_config.hpp"
#include "experiments/registry.hpp"
#include "experiments/rl/bandit_output.hpp"

namespace arbiter::experiments::rl {

namespace {

using json = nlohmann::json;

class BanditCurves final : public Experiment {
 public:
  BanditCurves(BanditBatchSpec spec, std::int64_t every, std::string save_agent)
      : batch_(std::move(spec)), every_(every), save_agent_(std::move(save_agent)) {}

  void step() override {
    if (done()) return;
    const auto t0 = std::chrono::steady_clock::now();
    // Live: a slice of about 20000 agent-steps (a few ms, as the Experiment contract asks) and at most 1%
    // of the run, so a live view (the GUI's Bandit lab) stays responsive and sees the curves build up.
    std::int64_t live_cap = std::max<std::int64_t>(1, batch_.spec().steps / 100);
    if (stop_at_ > 0) {  // a live view's pause point: no step past it
      if (batch_.steps_done() >= stop_at_) return;
      live_cap = std::min(live_cap, stop_at_ - batch_.steps_done());
    }
    if (!batch_.advance_slice(20000, live_cap)) cancelled_ = true;
    seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  }
  bool done() const override { return cancelled_ || batch_.done(); }
  bool stop_at(std::int64_t count) override {
    stop_at_ = std::max<std::int64_t>(0, count);
    return true;
  }
  double progress() const override {
    return static_cast<double>(batch_.steps_done()) / static_cast<double>(batch_.spec().steps);
  }

  Observables observables() const override {
    Observables o;
    Plot opt{"pct_optimal", "% optimal action", "step", "% optimal action", {}, false, false, {}};
    Plot rew{"average_reward", "Average reward", "step", "average reward", {}, false, false, {}};
    for (int g = 0; g < batch_.settings(); ++g) {
      const auto& label = batch_.spec().agents[g].label;
      opt.series.push_back(curve_series(label, batch_.stats(g).optimal));
      rew.series.push_back(curve_series(label, batch_.stats(g).reward));
    }
    o.plots = {std::move(opt), std::move(rew)};
    Bars bars;
    bars.id = "probabilities";
    bars.title = "Action probabilities of run 0 (* = optimal arm)";
    const int best = batch_.live_optimal_action();
    for (int a = 0; a < batch_.spec().env.k; ++a)
      bars.labels.push_back("arm " + std::to_string(a + 1) + (a == best ? "*" : ""));
    for (int g = 0; g < batch_.settings(); ++g) {
      const Eigen::VectorXd p = batch_.live_probabilities(g);
      bars.groups.push_back({batch_.spec().agents[g].label, std::vector<double>(p.data(), p.data() + p.size())});
    }
    bars.y_max = 1.0;
    o.bars.push_back(std::move(bars));
    o.numbers.emplace_back("step", "step", static_cast<double>(batch_.steps_done()),
                           std::to_string(batch_.steps_done()) + " / " + std::to_string(batch_.spec().steps));
    o.numbers.emplace_back("runs_per_setting", "runs per setting", static_cast<double>(batch_.spec().runs),
                           std::to_string(batch_.spec().runs));
    for (int g = 0; g < batch_.settings(); ++g) {
      const auto& st = batch_.stats(g);
      if (st.optimal.empty()) continue;
      const std::string& label = batch_.spec().agents[g].label;
      const std::string agent = "agent" + std::to_string(g) + ".";
      o.numbers.emplace_back(agent + "pct_optimal", label + ": % optimal now", st.optimal.back().mean(),
                             fixed(st.optimal.back().mean(), 1), "%");
      o.numbers.emplace_back(agent + "baseline", label + ": run 0 baseline", batch_.live_baseline(g),
                             fixed(batch_.live_baseline(g), 3));
      o.numbers.emplace_back(agent + "entropy", label + ": run 0 policy entropy (nats)", batch_.live_entropy(g),
                             fixed(batch_.live_entropy(g), 4), "nats");
      o.numbers.emplace_back(agent + "last_reward", label + ": run 0 last reward", batch_.live_last_reward(g),
                             fixed(batch_.live_last_reward(g), 3));
    }
    return o;
  }

  Results finish() override {
    Results r;
    r.results = step_table("agent");
    std::vector<core::Cell> keys;
    json agents = json::array();
    std::ostringstream report;
    report << "agent                                    % optimal at step " << batch_.steps_done()
           << "      average reward (all steps)\n";
    for (int g = 0; g < batch_.settings(); ++g) {
      const auto& label = batch_.spec().agents[g].label;
      keys.emplace_back(label);
      const auto& st = batch_.stats(g);
      add_step_rows(r.results, label, st, every_);
      core::RunningStats mean_reward, pct_optimal;
      for (const auto& s : batch_.run_summaries(g)) {
        mean_reward.add(s.mean_reward);
        pct_optimal.add(100.0 * s.fraction_optimal);
      }
      json a = {{"label", label}, {"average_reward", ci_json(mean_reward)}, {"pct_optimal_all_steps", ci_json(pct_optimal)}};
      if (!st.optimal.empty()) {
        a["final_pct_optimal"] = ci_json(st.optimal.back());
        a["final_reward"] = ci_json(st.reward.back());
        a["pct_optimal_curve"] = curve_json(st.optimal);
        a["reward_curve"] = curve_json(st.reward);
        if (!st.entropy.empty()) a["entropy_curve"] = curve_json(st.entropy);
        const auto fin = core::confidence_interval_95(st.optimal.back());
        const auto avg = core::confidence_interval_95(mean_reward);
        std::string padded = label;
        padded.resize(std::max<std::size_t>(padded.size(), 40), ' ');
        report << padded << " " << fixed(fin.mean, 1) << " +/- " << fixed(fin.half_width, 1) << "            "
               << fixed(avg.mean, 3) << " +/- " << fixed(avg.half_width, 3) << "\n";
      }
      agents.push_back(a);
    }
    r.tables["runs.csv"] = run_table("agent", keys, batch_);
    const double agent_steps = static_cast<double>(batch_.steps_done()) * static_cast<double>(batch_.spec().runs) *
                               static_cast<double>(batch_.settings());
    r.summary = {{"agents", agents},
                 {"runs", batch_.spec().runs},
                 {"steps", batch_.steps_done()},
                 {"completed", batch_.done()},
                 {"agent_steps", agent_steps},
                 {"simulation_seconds", seconds_},
                 {"agent_steps_per_second", seconds_ > 0.0 ? agent_steps / seconds_ : 0.0}};
    report << "agent-steps: " << agent_steps << " in " << fixed(seconds_, 3) << " s ("
           << fixed(seconds_ > 0.0 ? agent_steps / seconds_ / 1e6 : 0.0, 1) << " M/s)\n";
    if (!save_agent_.empty()) {
      r.summary["saved_agent"] = save_bandit_agent_file(save_agent_, "rl.bandit", batch_);
      report << "saved run 0's agents to " << save_agent_ << "\n";
    }
    r.report = report.str();
    return r;
  }

 private:
  BanditBatch batch_;
  std::int64_t every_;
  std::string save_agent_;
  bool cancelled_ = false;
  std::int64_t stop_at_ = 0;  // a live view's pause point in time steps (0: none)
  double seconds_ = 0.0;
};

}  // namespace

static ExperimentKind bandit_curves_kind() {
  ExperimentKind k;
  k.name = "rl.bandit";
  k.description = "k-armed bandit testbed: % optimal action and reward per step for several agents (S&B Fig. 2.5)";
  k.quick = {"/runs=20", "/steps=100"};
  k.schema.integer("/runs", 2000, "independent runs (bandit problems) per agent setting").at_least(1).at_most(10000000);
  k.schema.integer("/steps", 1000, "steps per run").at_least(1).at_most(100000000);
  declare_bandit_env(k.schema, "/env");
  k.schema.list("/agents", "the agents compared, one curve each", 1, 12).element(bandit_agent_node());
  k.schema.boolean("/record_entropy", false, "also record the policy entropy per step");
  k.schema.integer("/output/every", 1, "results.csv keeps every n-th step (and the first and last)").at_least(1);
  declare_bandit_agent_files(k.schema);
  k.cost = [](const json& cfg) {
    return bandit_batch_cost(static_cast<double>(cfg.at("/agents"_json_pointer).size()),
                             cfg.at("/runs"_json_pointer).get<double>(), cfg.at("/steps"_json_pointer).get<double>(),
                             cfg.at("/env/k"_json_pointer).get<double>(), cfg.at("/record_entropy"_json_pointer).get<bool>(),
                             "/runs, /steps, /agents");
  };
  k.make = [](const json& cfg, const RunContext& ctx) -> std::unique_ptr<Experiment> {
    BanditBatchSpec spec;
    spec.env = read_bandit_env(cfg, "/env");
    spec.agents = read_bandit_agents(cfg.at("/agents"_json_pointer), "/agents");
    spec.runs = cfg.at("/runs"_json_pointer).get<std::int64_t>();
    spec.steps = cfg.at("/steps"_json_pointer).get<std::int64_t>();
    spec.record_entropy = cfg.at("/record_entropy"_json_pointer).get<bool>();
    spec.seed = ctx.seed;
    spec.threads = ctx.threads;
    spec.cancel = ctx.cancel;
    spec.slice_seconds = ctx.slice_seconds;
    spec.initial_agents = read_bandit_agent_file(cfg, "rl.bandit", spec.agents, spec.env.k, ctx.config_dir);
    return std::make_unique<BanditCurves>(std::move(spec), cfg.at("/output/every"_json_pointer).get<std::int64_t>(),
                                          cfg.at("/save_agent"_json_pointer).get<std::string>());
  };
  return k;
}

namespace {
const RegisterKind registered{bandit_curves_kind};
}  // namespace

}  // namespace arbiter::experiments::rl
