// Sweeps across MPI ranks (`mpirun -n N arbiter sweep CONFIG.json`): rank 0 reads the config, hands out runs
// to the other ranks as they become free, saves the records they send back and writes the final files,
// which are byte-identical to a single-process sweep of the same config. Built when Boost.MPI is found;
// otherwise launched_under_mpi() is false and the sweep runs on threads.
#pragma once
#include <atomic>
#include <functional>
#include <string>
#include "experiments/sweep_folder.hpp"
#include "experiments/sweep_threads.hpp"

namespace arbiter::apps {

// True when this process was started by an MPI launcher (mpirun, srun) and MPI support is built in.
bool launched_under_mpi();

struct MpiSweepRequest {
  std::string file;                       // the config file, read by rank 0 only
  experiments::SweepOptions options;
  std::string out_dir;
  bool force = false;
  int threads = 0;                        // used when there is a single rank
};

// What rank 0 needs to finish: the plan and the tally; other ranks get is_root false.
struct MpiSweepResult {
  bool is_root = true;
  std::unique_ptr<experiments::SweepPlan> plan;
  std::unique_ptr<experiments::SweepFolder> folder;
  experiments::SweepTally tally;
};

// Plans (rank 0 validates; errors are thrown on rank 0 and end the other ranks quietly) and runs the sweep.
MpiSweepResult run_sweep_mpi(const MpiSweepRequest& request, const std::atomic<bool>* cancel,
                             const std::function<void(double)>& on_progress);

}  // namespace arbiter::apps
