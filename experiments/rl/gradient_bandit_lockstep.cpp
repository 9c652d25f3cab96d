// The gradient bandit (agents/gradient_bandit.hpp) for many runs at once, structure of arrays: a block of
// runs keeps its preferences and probabilities entry-major (a k x n matrix per block, arm j of every run of
// the block in one row), and the block takes each step together, SIMD across its runs: one
// core::softmax_columns call (one exponential pass), one core::sample_inverse_cdf_columns draw with each
// run's uniform from that run's own stream, the rewards from each run's testbed (envs::BanditTestbeds, the
// testbeds as arrays too, so a slice of a step or two does not chase one object per run), and the preference
// step across the block. Each run draws exactly what a GradientBandit agent would (one uniform per step from
// its stream), so runs stay independent of the blocking and of the thread count. All runs of a setting start
// from the same state and are always at the same step, so the temperature T(t) is shared.
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>
#include "agents/gradient_bandit.hpp"
#include "core/categorical_batch.hpp"
#include "core/config_error.hpp"
#include "core/softmax.hpp"
#include "core/softmax_derivatives.hpp"
#include "experiments/rl/bandit_group.hpp"

namespace arbiter::experiments::rl {

namespace {

using Block = Eigen::Map<core::Batch<double>>;
using ConstBlock = Eigen::Map<const core::Batch<double>>;
constexpr std::int64_t kBlock = BanditBatch::kBlockRuns;

std::vector<core::RandomStream> testbed_streams(const BanditBatchSpec& spec) {
  std::vector<core::RandomStream> streams;
  streams.reserve(static_cast<std::size_t>(spec.runs));
  for (std::int64_t r = 0; r < spec.runs; ++r)
    streams.push_back(core::RandomStream(spec.seed, static_cast<std::uint64_t>(r)).substream(0));
  return streams;
}

class GradientBanditLockstep final : public BanditBatch::Group {
 public:
  GradientBanditLockstep(const BanditBatchSpec& spec, const BanditAgentSpec& agent, const nlohmann::json* initial)
      : label_(agent.label),
        settings_(std::get<agents::GradientBanditSettings>(agent.settings)),
        k_(spec.env.k),
        runs_(spec.runs),
        testbeds_(spec.env, testbed_streams(spec)) {
    agents::GradientBandit start(k_, settings_);
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
    rngs_.reserve(static_cast<std::size_t>(runs_));
    for (std::int64_t r = 0; r < runs_; ++r)
      rngs_.push_back(core::RandomStream(spec.seed, static_cast<std::uint64_t>(r)).substream(1));
  }

  void run_block(std::int64_t first, std::int64_t last, std::int64_t s0, std::int64_t s1, bool entropy,
                 BanditStepStats& local) override {
    const std::int64_t n = last - first;
    const Eigen::Index k = k_;
    Block h = block(h_, first, n), p = block(p_, first, n);
    std::array<double, kBlock> u{}, c{}, optimal_pct{}, rewards{}, entropies{};
    std::array<int, kBlock> action{};
    core::Vector<double> scratch(k);  // one run's column, contiguous
    const double alpha = settings_.alpha, bonus = alpha * settings_.entropy_bonus;
    for (std::int64_t s = s0; s < s1; ++s) {
      const std::size_t i = static_cast<std::size_t>(s - s0);
      const std::int64_t t = t0_ + s;  // agent steps done before this one
      const double T = settings_.temperature.at(t);
      if (entropy) {  // of the policy that chooses this step's action
        for (std::int64_t r = 0; r < n; ++r) {
          scratch = p.col(r);
          entropies[static_cast<std::size_t>(r)] = core::entropy<double>(scratch);
        }
        local.entropy[i].merge(core::RunningStats::of(entropies.data(), n));
      }
      for (std::int64_t r = 0; r < n; ++r) u[static_cast<std::size_t>(r)] = rngs_[first + r].uniform();
      core::sample_inverse_cdf_columns<double>(p, u.data(), action.data());
      const double step = settings_.baseline_step > 0.0 ? settings_.baseline_step : 1.0 / static_cast<double>(t + 1);
      for (std::int64_t r = 0; r < n; ++r)  // before the pulls (a random walk may move the optimal arm)
        optimal_pct[static_cast<std::size_t>(r)] =
            action[static_cast<std::size_t>(r)] == testbeds_.optimal_action(first + r) ? 100.0 : 0.0;
      testbeds_.pull_block(first, n, action.data(), rewards.data());
      for (std::int64_t r = 0; r < n; ++r) {
        const std::size_t run = static_cast<std::size_t>(first + r);
        const double reward = rewards[static_cast<std::size_t>(r)];
        double& average = average_[run];
        double b = 0.0;
        if (settings_.baseline && !settings_.baseline_includes_current) b = average;
        average += step * (reward - average);
        if (settings_.baseline && settings_.baseline_includes_current) b = average;
        c[static_cast<std::size_t>(r)] = alpha * (reward - b);
        reward_sum_[run] += reward;
        last_reward_[run] = reward;
        optimal_count_[run] += optimal_pct[static_cast<std::size_t>(r)] > 0.0 ? 1 : 0;
      }
      for (std::int64_t r = 0; r < n; ++r) c[static_cast<std::size_t>(r)] /= T;  // apart, so it vectorises
      local.optimal[i].merge(core::RunningStats::of(optimal_pct.data(), n));
      local.reward[i].merge(core::RunningStats::of(rewards.data(), n));
      if (bonus > 0.0)
        for (std::int64_t r = 0; r < n; ++r) {
          scratch = h.col(r);
          h.col(r) += bonus * core::entropy_gradient<double>(scratch, T);
        }
      for (Eigen::Index j = 0; j < k; ++j) {  // the score step alpha (R - b) (e_A - pi) / T, across the block
        double* hj = h.row(j).data();
        const double* pj = p.row(j).data();
        for (std::int64_t r = 0; r < n; ++r) hj[r] -= c[static_cast<std::size_t>(r)] * pj[r];
      }
      for (std::int64_t r = 0; r < n; ++r) h(action[static_cast<std::size_t>(r)], r) += c[static_cast<std::size_t>(r)];
      try {
        core::softmax_columns<double>(h, p, settings_.temperature.at(t + 1));
      } catch (const std::domain_error&) {
        report_divergence(first, last, s);
        throw;
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
    return settings_.baseline ? average_[static_cast<std::size_t>(run)] : 0.0;
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

  // After a failed softmax in step s: the first run of the block whose preferences the softmax rejects (a NaN
  // or +inf, or all -inf), named by its first non-finite preference, as GradientBandit names it.
  void report_divergence(std::int64_t first, std::int64_t last, std::int64_t s) const {
    for (std::int64_t run = first; run < last; ++run) {
      const Eigen::VectorXd h = column(h_, run);
      const auto row = h.array();
      if (!(row.isNaN().any() || (row == std::numeric_limits<double>::infinity()).any() ||
            (row == -std::numeric_limits<double>::infinity()).all()))
        continue;
      for (Eigen::Index j = 0; j < k_; ++j)
        if (!std::isfinite(h[j]))
          throw core::RunError("agent \"" + label_ + "\", run " + std::to_string(run) + ", step " +
                               std::to_string(s + 1) + ": " +
                               agents::GradientBandit::divergence_message(j, h[j], t0_ + s + 1, settings_.alpha));
    }
  }

  std::string label_;
  agents::GradientBanditSettings settings_;
  Eigen::Index k_;
  std::int64_t runs_;
  std::int64_t t0_ = 0;                    // steps of the starting state
  core::Vector<double> h_, p_;             // preferences and current probabilities, blocks entry-major
  std::vector<double> average_;            // average reward per run
  std::vector<double> reward_sum_, last_reward_;
  std::vector<std::int64_t> optimal_count_;
  std::vector<std::int64_t> block_steps_;  // steps done, per block
  envs::BanditTestbeds testbeds_;           // run r's testbed draws from RandomStream(seed, r).substream(0)
  std::vector<core::RandomStream> rngs_;   // run r's agent draws from RandomStream(seed, r).substream(1)
};

}  // namespace

std::unique_ptr<BanditBatch::Group> make_gradient_bandit_lockstep(const BanditBatchSpec& spec,
                                                                  const BanditAgentSpec& agent,
                                                                  const nlohmann::json* initial) {
  return std::make_unique<GradientBanditLockstep>(spec, agent, initial);
}

}  // namespace arbiter::experiments::rl
