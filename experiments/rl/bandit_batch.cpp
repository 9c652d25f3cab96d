// The bandit batch: a run group per setting (the gradient bandit's runs in lockstep blocks,
// gradient_bandit_lockstep.cpp; softmax exploration's run by run, below), fixed blocks of runs as parallel
// tasks (the settings interleaved), per-block statistics kept between slices and merged in block order.
#include "experiments/rl/bandit_batch.hpp"

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <type_traits>
#include "core/config_error.hpp"
#include "core/parallel_for.hpp"
#include "core/random_stream.hpp"
#include "experiments/rl/bandit_group.hpp"

namespace arbiter::experiments::rl {

namespace {

template <class Agent>
struct RunState {
  Agent agent;
  envs::BanditTestbed env;
  core::RandomStream rng;
  double reward_sum = 0.0, last_reward = 0.0;
  std::int64_t optimal_count = 0;
};

template <class Agent, class Settings>
struct TypedGroup final : BanditBatch::Group {
  std::string label;
  std::vector<RunState<Agent>> runs;

  TypedGroup(const BanditBatchSpec& spec, const BanditAgentSpec& agent_spec, const nlohmann::json* initial)
      : label(agent_spec.label) {
    const Settings& settings = std::get<Settings>(agent_spec.settings);
    Agent start(spec.env.k, settings);
    if (initial) start.from_json(*initial);
    runs.reserve(static_cast<std::size_t>(spec.runs));
    for (std::int64_t r = 0; r < spec.runs; ++r) {
      const core::RandomStream stream(spec.seed, static_cast<std::uint64_t>(r));
      RunState<Agent> st{start, envs::BanditTestbed(spec.env), stream.substream(1)};
      st.env.reset(stream.substream(0));
      runs.push_back(std::move(st));
    }
  }

  void run_block(std::int64_t first, std::int64_t last, std::int64_t s0, std::int64_t s1, bool entropy,
                 BanditStepStats& local) override {
    for (std::int64_t r = first; r < last; ++r) {
      RunState<Agent>& st = runs[static_cast<std::size_t>(r)];
      for (std::int64_t s = s0; s < s1; ++s) {
        const std::size_t i = static_cast<std::size_t>(s - s0);
        if (entropy) local.entropy[i].add(st.agent.entropy());  // of the policy that chooses this step's action
        const int action = st.agent.act(st.rng);
        const int best = st.env.optimal_action();
        const double reward = st.env.pull(action);
        try {
          st.agent.learn(action, reward);
        } catch (const core::RunError& e) {
          throw core::RunError("agent \"" + label + "\", run " + std::to_string(r) + ", step " +
                               std::to_string(s + 1) + ": " + e.what());
        }
        const bool optimal = action == best;
        local.optimal[i].add(optimal ? 100.0 : 0.0);
        local.reward[i].add(reward);
        st.reward_sum += reward;
        st.last_reward = reward;
        st.optimal_count += optimal ? 1 : 0;
      }
    }
  }

  BanditRunSummary summary(std::int64_t run, std::int64_t steps) const override {
    const RunState<Agent>& st = runs[static_cast<std::size_t>(run)];
    BanditRunSummary s;
    const double n = steps > 0 ? static_cast<double>(steps) : 1.0;
    s.mean_reward = st.reward_sum / n;
    s.fraction_optimal = static_cast<double>(st.optimal_count) / n;
    s.final_entropy = st.agent.entropy();
    s.optimal_action = st.env.optimal_action();
    const Eigen::VectorXd& p = st.agent.probabilities();
    s.final_optimal_probability = p[s.optimal_action];
    Eigen::Index g = 0;
    p.maxCoeff(&g);
    s.final_greedy = static_cast<int>(g);
    return s;
  }

  Eigen::VectorXd probabilities(std::int64_t run) const override {
    return runs[static_cast<std::size_t>(run)].agent.probabilities();
  }
  double baseline(std::int64_t run) const override { return runs[static_cast<std::size_t>(run)].agent.baseline(); }
  double entropy(std::int64_t run) const override { return runs[static_cast<std::size_t>(run)].agent.entropy(); }
  double last_reward(std::int64_t run) const override { return runs[static_cast<std::size_t>(run)].last_reward; }
  int optimal(std::int64_t run) const override { return runs[static_cast<std::size_t>(run)].env.optimal_action(); }
  nlohmann::json state(std::int64_t run) const override { return runs[static_cast<std::size_t>(run)].agent.to_json(); }
};

void size_stats(BanditStepStats& s, std::size_t n, bool entropy) {
  s.optimal.assign(n, {});
  s.reward.assign(n, {});
  s.entropy.assign(entropy ? n : 0, {});
}

}  // namespace

BanditBatch::BanditBatch(BanditBatchSpec spec) : spec_(std::move(spec)) {
  if (spec_.runs < 1 || spec_.steps < 1) throw std::invalid_argument("bandit batch: runs and steps must be >= 1");
  if (spec_.agents.empty()) throw std::invalid_argument("bandit batch: no agent settings");
  spec_.env.validate();
  if (!spec_.initial_agents.empty() && spec_.initial_agents.size() != spec_.agents.size())
    throw std::invalid_argument("bandit batch: " + std::to_string(spec_.initial_agents.size()) +
                                " saved agents for " + std::to_string(spec_.agents.size()) + " settings");
  // The settings' groups (each draws every run's testbed) built in parallel; a failure is the first
  // setting's, as in a loop.
  groups_.resize(spec_.agents.size());
  core::parallel_for(spec_.agents.size(), spec_.threads, [&](std::size_t i) {
    const auto& a = spec_.agents[i];
    const nlohmann::json* initial = spec_.initial_agents.empty() ? nullptr : &spec_.initial_agents[i];
    if (std::holds_alternative<agents::GradientBanditSettings>(a.settings))
      groups_[i] = make_gradient_bandit_lockstep(spec_, a, initial);
    else
      groups_[i] = std::make_unique<TypedGroup<agents::SoftmaxExploration, agents::SoftmaxExplorationSettings>>(
          spec_, a, initial);
  });
  stats_.resize(spec_.agents.size());
  for (auto& s : stats_) {
    s.optimal.reserve(static_cast<std::size_t>(spec_.steps));
    s.reward.reserve(static_cast<std::size_t>(spec_.steps));
    if (spec_.record_entropy) s.entropy.reserve(static_cast<std::size_t>(spec_.steps));
  }
}

BanditBatch::~BanditBatch() = default;

std::int64_t BanditBatch::slice_steps(std::int64_t agent_steps) const {
  const std::int64_t per_step = spec_.runs * static_cast<std::int64_t>(spec_.agents.size());
  return std::clamp<std::int64_t>(agent_steps / std::max<std::int64_t>(per_step, 1), 1, spec_.steps);
}

bool BanditBatch::advance_slice(std::int64_t live_agent_steps, std::int64_t live_cap) {
  const std::int64_t live = std::min(slice_steps(live_agent_steps), std::max<std::int64_t>(live_cap, 1));
  if (!(spec_.slice_seconds > 0.0)) return advance(live);
  if (batch_slice_ == 0) batch_slice_ = live;
  const auto t0 = std::chrono::steady_clock::now();
  const bool ok = advance(batch_slice_);
  const double dt = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (dt < 0.5 * spec_.slice_seconds && batch_slice_ < spec_.steps) batch_slice_ *= 2;
  else if (dt > 2.0 * spec_.slice_seconds && batch_slice_ > 1) batch_slice_ /= 2;
  return ok;
}

bool BanditBatch::advance(std::int64_t steps) {
  const std::int64_t s0 = steps_done_;
  const std::int64_t s1 = std::min(spec_.steps, s0 + std::max<std::int64_t>(steps, 0));
  if (s1 <= s0) return true;
  const std::size_t blocks = static_cast<std::size_t>((spec_.runs + kBlockRuns - 1) / kBlockRuns);
  const std::size_t groups = groups_.size(), tasks = blocks * groups;
  const std::size_t len = static_cast<std::size_t>(s1 - s0);
  // Task t is block t / groups of group t % groups: tasks running at the same time on different threads
  // are, as a rule, blocks of different groups, which share no cache line (neighbouring blocks of one group
  // do, at their ends). local_[g * blocks + b] is kept from slice to slice (resized, not reallocated).
  local_.resize(tasks);
  std::vector<char> finished(tasks, 0);
  core::parallel_for(
      tasks, spec_.threads,
      [&](std::size_t t) {
        const std::size_t g = t % groups, b = t / groups;
        BanditStepStats& local = local_[g * blocks + b];
        size_stats(local, len, spec_.record_entropy);
        const std::int64_t first = static_cast<std::int64_t>(b) * kBlockRuns;
        groups_[g]->run_block(first, std::min(spec_.runs, first + kBlockRuns), s0, s1, spec_.record_entropy, local);
        finished[t] = 1;
      },
      spec_.cancel);
  if (std::find(finished.begin(), finished.end(), 0) != finished.end()) return false;
  // Each group's blocks merged in block order, the groups in parallel unless the slice is a few steps.
  core::parallel_for(groups, len >= 16 ? spec_.threads : 1, [&](std::size_t g) {
    BanditStepStats& out = stats_[g];
    out.optimal.resize(static_cast<std::size_t>(s1));
    out.reward.resize(static_cast<std::size_t>(s1));
    if (spec_.record_entropy) out.entropy.resize(static_cast<std::size_t>(s1));
    for (std::size_t b = 0; b < blocks; ++b) {
      const BanditStepStats& l = local_[g * blocks + b];
      for (std::size_t i = 0; i < len; ++i) {
        const std::size_t j = static_cast<std::size_t>(s0) + i;
        out.optimal[j].merge(l.optimal[i]);
        out.reward[j].merge(l.reward[i]);
        if (spec_.record_entropy) out.entropy[j].merge(l.entropy[i]);
      }
    }
  });
  steps_done_ = s1;
  return true;
}

std::vector<BanditRunSummary> BanditBatch::run_summaries(int setting) const {
  std::vector<BanditRunSummary> out(static_cast<std::size_t>(spec_.runs));
  const std::int64_t blocks = (spec_.runs + kBlockRuns - 1) / kBlockRuns;
  core::parallel_for(static_cast<std::size_t>(blocks), spec_.threads, [&](std::size_t b) {
    const std::int64_t first = static_cast<std::int64_t>(b) * kBlockRuns;
    for (std::int64_t r = first; r < std::min(spec_.runs, first + kBlockRuns); ++r)
      out[static_cast<std::size_t>(r)] = groups_[setting]->summary(r, steps_done_);
  });
  return out;
}

Eigen::VectorXd BanditBatch::live_probabilities(int setting) const { return groups_[setting]->probabilities(0); }
int BanditBatch::live_optimal_action() const { return groups_.front()->optimal(0); }
double BanditBatch::live_baseline(int setting) const { return groups_[setting]->baseline(0); }
double BanditBatch::live_entropy(int setting) const { return groups_[setting]->entropy(0); }
double BanditBatch::live_last_reward(int setting) const { return groups_[setting]->last_reward(0); }
nlohmann::json BanditBatch::agent_state(int setting, std::int64_t run) const { return groups_[setting]->state(run); }

RunCost bandit_batch_cost(double settings, double runs, double steps, double k, bool entropy, std::string keys) {
  // Per run: the agent's and the testbed's arm vectors and a stream; per step and setting: running
  // statistics of reward and optimal action (and entropy). About 3k + 10 ns per agent-step on one core.
  RunCost c;
  c.bytes = settings * (runs * (k * 48.0 + 256.0) + steps * (entropy ? 3.0 : 2.0) * 48.0);
  c.seconds = settings * runs * steps * (10.0 + 3.0 * k) * 1e-9;
  c.keys = std::move(keys);
  return c;
}

}  // namespace arbiter::experiments::rl
