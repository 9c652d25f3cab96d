// The runs of one agent setting inside a BanditBatch (internal to experiments/rl/): the batch hands each
// group fixed blocks of runs [first, last) and a step range, possibly in parallel (blocks never share a run),
// and asks it for per-run summaries and the live state of a run. A group type per agent type keeps the inner
// loop tight and non-virtual.
#pragma once
#include <cstdint>
#include <memory>
#include <Eigen/Core>
#include <nlohmann/json.hpp>
#include "experiments/rl/bandit_batch.hpp"

namespace arbiter::experiments::rl {

struct BanditBatch::Group {
  virtual ~Group() = default;
  // Advances runs [first, last) (at most kBlockRuns, starting at a multiple of it) over steps [s0, s1)
  // (0-based), adding to local stats indexed s - s0 in an order fixed by the block alone (run by run, or the
  // whole block's values at once), so the numbers never depend on threads or slices.
  virtual void run_block(std::int64_t first, std::int64_t last, std::int64_t s0, std::int64_t s1, bool entropy,
                         BanditStepStats& local) = 0;
  virtual BanditRunSummary summary(std::int64_t run, std::int64_t steps) const = 0;
  virtual Eigen::VectorXd probabilities(std::int64_t run) const = 0;
  virtual double baseline(std::int64_t run) const = 0;
  virtual double entropy(std::int64_t run) const = 0;
  virtual double last_reward(std::int64_t run) const = 0;
  virtual int optimal(std::int64_t run) const = 0;
  virtual nlohmann::json state(std::int64_t run) const = 0;
};

// The gradient bandit's runs stepped in lockstep, a block at a time (gradient_bandit_lockstep.cpp).
std::unique_ptr<BanditBatch::Group> make_gradient_bandit_lockstep(const BanditBatchSpec& spec,
                                                                  const BanditAgentSpec& agent,
                                                                  const nlohmann::json* initial);

}  // namespace arbiter::experiments::rl
