// Runs a sweep's unfinished runs on a pool of threads in this process, saving each record into the folder as
// it completes. Records do not depend on the thread count. The calling thread reports progress (runs done
// plus the fraction of those in flight) every tenth of a second and returns when all runs have finished or
// *cancel became true (runs in flight are then dropped; what finished is kept for a resume).
#pragma once
#include <atomic>
#include <functional>
#include "experiments/sweep_folder.hpp"

namespace arbiter::experiments {

struct SweepTally {
  std::size_t total = 0;    // runs in the plan
  std::size_t skipped = 0;  // already finished in the folder
  std::size_t ran = 0;      // finished now (successfully or not)
  std::size_t failed = 0;   // of those, how many threw
  bool interrupted = false;
};

// The runs of `plan` with no successful record in `folder`, in run order.
std::vector<std::size_t> pending_runs(const SweepPlan& plan, const SweepFolder& folder);

SweepTally run_sweep_threads(const SweepPlan& plan, const SweepFolder& folder, int threads,
                             const std::atomic<bool>* cancel, const std::function<void(double)>& on_progress);

}  // namespace arbiter::experiments
