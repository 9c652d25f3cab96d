#include "apps/run_mpi.hpp"

#include <iostream>
#include <limits>
#include <stdexcept>
#include <vector>

#include <boost/mpi.hpp>
#include <boost/serialization/string.hpp>
#include <boost/serialization/utility.hpp>
#include <mpi.h>

#include "apps/interrupt.hpp"
#include "apps/sweep_mpi.hpp"
#include "econ/partial_sums.hpp"
#include "experiments/distributed_sums.hpp"

namespace arbiter::apps {
namespace {

namespace mpi = boost::mpi;

// Every collective of a run starts with the ranks' statuses reduced to their maximum: a rank that fails joins
// the next such reduction with its status (in conclude()) instead of the collective the others wait in, so no
// rank waits for one that has gone.
class MpiRankSession : public RankSession {
 public:
  MpiRankSession() : env_(mpi::threading::funneled, false) {}
  ~MpiRankSession() override { experiments::set_distributed_sums(nullptr); }
  bool is_root() const override { return world_.rank() == 0; }
  int size() const override { return world_.size(); }
  const mpi::communicator& world() const { return world_; }

  // The ranks' statuses reduced to their maximum; true when every rank is well. `shape` (an evaluation's size,
  // 0 at the end) must be the same on every rank: ranks out of step fail together rather than all-gather
  // mismatched rows. After a failure the ranks exchange messages in conclude().
  bool all_well(int status, long long shape = 0) {
    long long mine[3] = {status, shape, -shape}, worst[3] = {0, 0, 0};
    MPI_Allreduce(mine, worst, 3, MPI_LONG_LONG, MPI_MAX, static_cast<MPI_Comm>(world_));
    const bool well = worst[0] == 0 && worst[1] == -worst[2];
    if (!well) failure_seen_ = true;
    return well;
  }

  int conclude(int status, const std::string& message) override {
    if (!failure_seen_ && all_well(status)) return 0;
    // Rank 0 picks the lowest rank that failed itself (not one that only saw another fail).
    std::vector<std::pair<int, std::string>> all;
    mpi::gather(world_, std::make_pair(status, message), all, 0);
    int code = 0;
    if (is_root()) {
      for (const auto& [s, m] : all)
        if (s != 0) {
          code = s;
          std::cerr << m << std::flush;
          break;
        }
      if (code == 0) {
        code = 1;
        std::cerr << "arbiter: error: the MPI ranks fell out of step (they evaluated different likelihoods)\n";
      }
    }
    mpi::broadcast(world_, code, 0);
    return code;
  }

 private:
  mpi::environment env_;
  mpi::communicator world_;
  bool failure_seen_ = false;
};

// Rank r computes (and holds the draws of: PartialSums::holds is computes) the chunks [r C / N, (r + 1) C / N)
// (C chunks, N ranks); the rows are all-gathered in place.
class MpiPartialSums : public econ::PartialSums {
 public:
  explicit MpiPartialSums(MpiRankSession& session) : session_(&session) {}
  bool computes(std::size_t chunk, std::size_t chunks) const override {
    const int r = session_->world().rank();
    return chunk >= first(r, chunks) && chunk < first(r + 1, chunks);
  }
  void share(std::vector<double>& partials, std::size_t chunks, std::size_t width) const override {
    // This rank's Ctrl-C becomes every rank's, between the same two evaluations.
    if (!session_->all_well(interrupted().load() ? 130 : 0, static_cast<long long>(chunks * width)))
      throw AnotherRankFailed("another MPI rank failed or was interrupted");
    if (chunks * width > static_cast<std::size_t>(std::numeric_limits<int>::max()))
      throw std::length_error("the mixed logit's chunk partials (" + std::to_string(chunks * width) +
                              " numbers) exceed what one MPI all-gather carries (2^31)");
    const int n = session_->size();
    std::vector<int> counts(static_cast<std::size_t>(n)), displacements(static_cast<std::size_t>(n));
    for (int r = 0; r < n; ++r) {
      counts[static_cast<std::size_t>(r)] = static_cast<int>((first(r + 1, chunks) - first(r, chunks)) * width);
      displacements[static_cast<std::size_t>(r)] = static_cast<int>(first(r, chunks) * width);
    }
    MPI_Allgatherv(MPI_IN_PLACE, 0, MPI_DATATYPE_NULL, partials.data(), counts.data(), displacements.data(),
                   MPI_DOUBLE, static_cast<MPI_Comm>(session_->world()));
  }

 private:
  std::size_t first(int rank, std::size_t chunks) const {
    return static_cast<std::size_t>(rank) * chunks / static_cast<std::size_t>(session_->size());
  }
  MpiRankSession* session_;
};

}  // namespace

std::unique_ptr<RankSession> start_rank_session() {
  if (!launched_under_mpi()) return nullptr;
  auto session = std::make_unique<MpiRankSession>();
  experiments::set_distributed_sums(std::make_shared<MpiPartialSums>(*session));
  return session;
}

}  // namespace arbiter::apps
