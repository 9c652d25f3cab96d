// Many independent bandit runs for several agent settings, advanced together step by step (so curves build
// up left to right in a live view). Run r of every setting faces the same testbed (true values and reward
// stream from RandomStream(seed, r).substream(0)); its agent samples from substream(1). Runs are grouped in
// fixed blocks that are processed in parallel and merged in block order, so every number is identical for
// any thread count. Per-step statistics (% optimal action, reward, optionally the entropy of the policy that
// chose the step's action, so step 1's is the initial policy's) are core::RunningStats across runs; per-run
// summaries are kept for the end. A diverging agent throws core::RunError naming the setting, run and step.
#pragma once
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>
#include <Eigen/Core>
#include <nlohmann/json.hpp>
#include "core/running_stats.hpp"
#include "envs/bandit_testbed.hpp"
#include "experiments/experiment.hpp"
#include "experiments/rl/bandit_config.hpp"

namespace arbiter::experiments::rl {

struct BanditBatchSpec {
  envs::BanditSpec env;
  std::vector<BanditAgentSpec> agents;
  std::int64_t runs = 2000;
  std::int64_t steps = 1000;
  bool record_entropy = false;  // per-step policy entropy (costs k logs per step)
  // Optional saved agent states (GradientBandit / SoftmaxExploration::to_json), one per setting: every run
  // of setting i starts from state i. Empty: fresh agents. A state that does not fit throws
  // std::invalid_argument.
  std::vector<nlohmann::json> initial_agents;
  std::uint64_t seed = 0;
  int threads = 0;
  const std::atomic<bool>* cancel = nullptr;
  double slice_seconds = 0.0;  // RunContext::slice_seconds: 0 live (fixed slices), > 0 batch (adaptive)
};

struct BanditRunSummary {
  double mean_reward = 0.0;        // over the steps done
  double fraction_optimal = 0.0;   // fraction of steps that chose the optimal action
  double final_entropy = 0.0;      // nats
  double final_optimal_probability = 0.0;  // pi(optimal arm) after the last step
  int final_greedy = 0;            // most probable arm after the last step
  int optimal_action = 0;          // at the last step
};

struct BanditStepStats {
  std::vector<core::RunningStats> optimal;  // percent (0 or 100 per run)
  std::vector<core::RunningStats> reward;
  std::vector<core::RunningStats> entropy;  // empty unless record_entropy
};

class BanditBatch {
 public:
  // Runs of 32 share a block (a parallel task); the value is fixed, so numbers never depend on threads.
  static constexpr std::int64_t kBlockRuns = 32;

  explicit BanditBatch(BanditBatchSpec spec);
  ~BanditBatch();
  BanditBatch(const BanditBatch&) = delete;
  BanditBatch& operator=(const BanditBatch&) = delete;

  // Advances every run of every setting by min(steps, remaining) steps. Returns false (nothing merged) if
  // cancelled part-way.
  bool advance(std::int64_t steps);
  std::int64_t steps_done() const { return steps_done_; }
  bool done() const { return steps_done_ >= spec_.steps; }
  // A slice length that keeps one advance() near `agent_steps` agent-steps.
  std::int64_t slice_steps(std::int64_t agent_steps = 200000) const;
  // One slice. Live (slice_seconds 0): slice_steps(live_agent_steps) steps, at most live_cap. Batch: a
  // length that starts there and doubles or halves until one slice takes about slice_seconds (longer
  // slices keep each block of runs in cache across steps). Returns what advance() returns.
  bool advance_slice(std::int64_t live_agent_steps, std::int64_t live_cap);

  const BanditBatchSpec& spec() const { return spec_; }
  int settings() const { return static_cast<int>(spec_.agents.size()); }
  // Per-step statistics of setting i for steps 1..steps_done().
  const BanditStepStats& stats(int setting) const { return stats_[setting]; }
  // Per-run summaries of setting i (index = run).
  std::vector<BanditRunSummary> run_summaries(int setting) const;
  // The live agent (run 0) of setting i: current action probabilities and its testbed's optimal arm.
  Eigen::VectorXd live_probabilities(int setting) const;
  int live_optimal_action() const;
  double live_baseline(int setting) const;
  double live_entropy(int setting) const;      // nats, of the current policy
  double live_last_reward(int setting) const;  // the reward of the last step (0 before the first)
  // The learned state of run `run` of setting i (to save it).
  nlohmann::json agent_state(int setting, std::int64_t run) const;

  struct Group;  // the runs of one setting (defined in the .cpp)

 private:
  BanditBatchSpec spec_;
  std::vector<std::unique_ptr<Group>> groups_;
  std::vector<BanditStepStats> stats_;
  std::vector<BanditStepStats> local_;  // per group and block, the current slice's statistics (reused)
  std::int64_t steps_done_ = 0;
  std::int64_t batch_slice_ = 0;  // the current batch slice length (0 before the first)
};

// The memory and time of a batch of `settings` agent settings, `runs` runs of `steps` steps each, on k arms
// (ExperimentKind::cost of the bandit kinds; `keys` names the keys the cost grows with).
RunCost bandit_batch_cost(double settings, double runs, double steps, double k, bool entropy, std::string keys);

}  // namespace arbiter::experiments::rl
