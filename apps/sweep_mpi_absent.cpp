// The build without MPI: a sweep always runs on threads in one process.
#include <stdexcept>

#include "apps/sweep_mpi.hpp"

namespace arbiter::apps {

bool launched_under_mpi() { return false; }

MpiSweepResult run_sweep_mpi(const MpiSweepRequest&, const std::atomic<bool>*, const std::function<void(double)>&) {
  throw std::logic_error("arbiter was built without MPI support");
}

}  // namespace arbiter::apps
