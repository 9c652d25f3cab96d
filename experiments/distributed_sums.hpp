// How kinds whose work is a sum over units (the mixed logit's simulated likelihood) combine the sums of fixed
// chunks across processes, and which chunks' data (the draws) each process keeps: `arbiter run` under mpirun installs its ranks' all-gather before it builds the
// experiment (apps/run_mpi.*); without it every chunk is summed in this process. The results do not depend on it.
#pragma once
#include <memory>

#include "econ/partial_sums.hpp"

namespace arbiter::experiments {

// Installs `sums` for every experiment built after the call (null: back to this process alone).
void set_distributed_sums(std::shared_ptr<const econ::PartialSums> sums);
// What is installed (null when nothing is).
const std::shared_ptr<const econ::PartialSums>& distributed_sums();

}  // namespace arbiter::experiments
