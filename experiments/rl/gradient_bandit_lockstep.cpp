// The gradient bandit's runs of one setting inside a BanditBatch, in lockstep blocks of kBlockRuns: the glue
// between the learning rule (agents::GradientBanditRule, a block's preferences and probabilities as k x n
// entry-major matrices) and the experiment: each run's streams (its uniform per step from
// RandomStream(seed, r).substream(1), held word by word in core::RandomStreamLanes, so a run draws exactly what
// a GradientBandit agent would, independent of the blocking and of the thread count), the testbeds as arrays
// (envs::BanditTestbeds, pulled a block at a time), and the per-step statistics and per-run summaries. All
// runs of a setting start from the same state and are always at the same step.
#include <algorithm>
#include <array>
#include <string>
#include <vector>
#include "agents/gradient_bandit.hpp"
#include "agents/gradient_bandit_rule.hpp"
#include "core/config_error.hpp"
#include "core/random_stream_lanes.hpp"
#include "core/softmax_derivatives.hpp"
#include "experiments/rl/bandit_group.hpp"

namespace arbiter::experiments::rl {

namespace {

using Block = Eigen::Map<core::Batch<double>>;
using ConstBlock = Eigen::Map<const core::Batch<double>>;
constexpr std::int64_t kBlock = BanditBatch::kBlockRuns;

// Run r's RandomStream(seed, r).substream(index), for every run: 0 the testbed's, 1 the agent's.
std::vector<core::RandomStream> run_streams(const BanditBatchSpec& spec, std::uint64_t index) {
  std::vector<core::RandomStream> streams;
  streams.reserve(static_cast<std::size_t>(spec.runs));
  for (std::int64_t r = 0; r < spec.runs; ++r)
    streams.push_back(core::RandomStream(spec.seed, static_cast<std::uint64_t>(r)).substream(index));
  return streams;
}

class GradientBanditLockstep final : public BanditBatch::Group {
 public:
  GradientBanditLockstep(const BanditBatchSpec& spec, const BanditAgentSpec& agent, const nlohmann::json* initial)
      : label_(agent.label),
        rule_(std::get<agents::GradientBanditSettings>(agent.settings)),
        k_(spec.env.k),
        runs_(spec.runs),
        testbeds_(spec.env, run_streams(spec, 0)),
        rngs_(run_streams(spec, 1)) {
    agents::GradientBandit start(static_cast<int>(k_), rule_.settings());
    if (initial) start.from_json(*initial);
    t0_ = start.steps();
    h_.resize(runs_ * k_);
    p_.resize(runs_ * k_);
    for (std::int64_t first = 0; first < runs_; first += kBlock) {
      const std::int64_t n = std::min(kBlock, runs_ - first);
      block(h_, first, n).colwise() = start.preferences();
      block(p_, first, n).colwise() = start.probabilities();
    }
    average_.assign(static_cast<std::size_t>(runs_), start.average_reward());
    reward_sum_.assign(static_cast<std::size_t>(runs_), 0.0);
    last_reward_.assign(static_cast<std::size_t>(runs_), 0.0);
    optimal_count_.assign(static_cast<std::size_t>(runs_), 0);
    block_steps_.assign(static_cast<std::size_t>((runs_ + kBlock - 1) / kBlock), 0);
  }

  void run_block(std::int64_t first, std::int64_t last, std::int64_t s0, std::int64_t s1, bool entropy,
                 BanditStepStats& local) override {
    const std::int64_t n = last - first;
    Block h = block(h_, first, n), p = block(p_, first, n);
    std::array<double, kBlock> u{}, optimal_pct{}, rewards{}, entropies{};
    std::array<int, kBlock> action{};
    core::Vector<double> scratch(k_);  // one run's column, contiguous
    double* average = average_.data() + first;
    for (std::int64_t s = s0; s < s1; ++s) {
      const std::size_t i = static_cast<std::size_t>(s - s0);
      if (entropy) {  // of the policy that chooses this step's action
        for (std::int64_t r = 0; r < n; ++r) {
          scratch = p.col(r);
          entropies[static_cast<std::size_t>(r)] = core::entropy<double>(scratch);
        }
        local.entropy[i].merge(core::RunningStats::of(entropies.data(), n));
      }
      rngs_.uniforms(static_cast<std::size_t>(first), static_cast<std::size_t>(n), u.data());
      agents::GradientBanditRule::act(p, u.data(), action.data());
      for (std::int64_t r = 0; r < n; ++r)  // before the pulls (a random walk may move the optimal arm)
        optimal_pct[static_cast<std::size_t>(r)] =
            action[static_cast<std::size_t>(r)] == testbeds_.optimal_action(first + r) ? 100.0 : 0.0;
      testbeds_.pull_block(first, n, action.data(), rewards.data());
      for (std::int64_t r = 0; r < n; ++r) {
        const std::size_t run = static_cast<std::size_t>(first + r);
        reward_sum_[run] += rewards[static_cast<std::size_t>(r)];
        last_reward_[run] = rewards[static_cast<std::size_t>(r)];
        optimal_count_[run] += optimal_pct[static_cast<std::size_t>(r)] > 0.0 ? 1 : 0;
      }
      local.optimal[i].merge(core::RunningStats::of(optimal_pct.data(), n));
      local.reward[i].merge(core::RunningStats::of(rewards.data(), n));
      try {
        rule_.learn(h, p, action.data(), rewards.data(), average, t0_ + s);
      } catch (const agents::GradientBanditDivergence& e) {
        throw core::RunError("agent \"" + label_ + "\", run " + std::to_string(first + e.column()) + ", step " +
                             std::to_string(s + 1) + ": " + e.what());
      }
    }
    block_steps_[static_cast<std::size_t>(first / kBlock)] = s1;
  }

  BanditRunSummary summary(std::int64_t run, std::int64_t steps) const override {
    const std::size_t r = static_cast<std::size_t>(run);
    BanditRunSummary s;
    const double n = steps > 0 ? static_cast<double>(steps) : 1.0;
    s.mean_reward = reward_sum_[r] / n;
    s.fraction_optimal = static_cast<double>(optimal_count_[r]) / n;
    s.final_entropy = entropy(run);
    s.optimal_action = testbeds_.optimal_action(run);
    const Eigen::VectorXd p = probabilities(run);
    s.final_optimal_probability = p[s.optimal_action];
    Eigen::Index g = 0;
    p.maxCoeff(&g);
    s.final_greedy = static_cast<int>(g);
    return s;
  }

  Eigen::VectorXd probabilities(std::int64_t run) const override { return column(p_, run); }
  double baseline(std::int64_t run) const override {
    return rule_.settings().baseline ? average_[static_cast<std::size_t>(run)] : 0.0;
  }
  double entropy(std::int64_t run) const override { return core::entropy<double>(probabilities(run)); }
  double last_reward(std::int64_t run) const override { return last_reward_[static_cast<std::size_t>(run)]; }
  int optimal(std::int64_t run) const override { return testbeds_.optimal_action(run); }
  nlohmann::json state(std::int64_t run) const override {
    const std::int64_t steps = t0_ + block_steps_[static_cast<std::size_t>(run / kBlock)];
    return agents::GradientBandit::state_json(column(h_, run), average_[static_cast<std::size_t>(run)], steps);
  }

 private:
  // Runs [first, first + n) of a block as its k x n entry-major matrix (blocks before `first` are full).
  Block block(core::Vector<double>& a, std::int64_t first, std::int64_t n) const {
    return Block(a.data() + first * k_, k_, n);
  }
  Eigen::VectorXd column(const core::Vector<double>& a, std::int64_t run) const {
    const std::int64_t first = run / kBlock * kBlock, n = std::min(kBlock, runs_ - first);
    return ConstBlock(a.data() + first * k_, k_, n).col(run - first);
  }

  std::string label_;
  agents::GradientBanditRule rule_;
  Eigen::Index k_;
  std::int64_t runs_;
  std::int64_t t0_ = 0;                    // steps of the starting state
  core::Vector<double> h_, p_;             // preferences and current probabilities, blocks entry-major
  std::vector<double> average_;            // average reward per run
  std::vector<double> reward_sum_, last_reward_;
  std::vector<std::int64_t> optimal_count_;
  std::vector<std::int64_t> block_steps_;  // steps done, per block
  envs::BanditTestbeds testbeds_;           // run r's testbed draws from RandomStream(seed, r).substream(0)
  core::RandomStreamLanes rngs_;           // run r's agent draws from RandomStream(seed, r).substream(1)
};

}  // namespace

std::unique_ptr<BanditBatch::Group> make_gradient_bandit_lockstep(const BanditBatchSpec& spec,
                                                                  const BanditAgentSpec& agent,
                                                                  const nlohmann::json* initial) {
  return std::make_unique<GradientBanditLockstep>(spec, agent, initial);
}

}  // namespace arbiter::experiments::rl
