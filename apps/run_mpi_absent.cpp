// The build without MPI: `arbiter run` is always one process.
#include "apps/run_mpi.hpp"

namespace arbiter::apps {

std::unique_ptr<RankSession> start_rank_session() { return nullptr; }

}  // namespace arbiter::apps
