// `arbiter run` under an MPI launcher (mpirun, srun): every rank reads the config and builds the experiment;
// a mixed logit's simulated likelihood is split over the ranks (each keeps the draws of and computes a block of
// the fixed chunks of people, the chunk partials are all-gathered and every rank adds them in chunk order, so
// every rank takes the same optimiser path to the single-process bits; the conditional means are split and
// all-gathered the same way). Other kinds run whole on every rank. Only rank 0 writes the
// output folder and prints. A rank that fails (bad data, an unwritable folder, Ctrl-C) makes every rank end
// with its exit status, and rank 0 prints its one message. Built when Boost.MPI is found; otherwise
// start_rank_session() returns null and `run` is one process.
#pragma once
#include <memory>
#include <stdexcept>
#include <string>

namespace arbiter::apps {

// Thrown on the ranks that did not fail when another rank's failure is announced; conclude() then prints and
// returns that rank's status.
struct AnotherRankFailed : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class RankSession {
 public:
  virtual ~RankSession() = default;
  virtual bool is_root() const = 0;
  virtual int size() const = 0;
  // Ends the run on every rank together: status (0, 1, 2 or 130) and message (printed as is) of this rank's
  // outcome. Returns the status every rank exits with: 0, or that of the lowest failed rank, whose message
  // rank 0 prints to stderr.
  virtual int conclude(int status, const std::string& message) = 0;
};

// Under an MPI launcher with MPI built in: initialises MPI and installs the mixed logit's all-gather over the
// ranks. Otherwise null.
std::unique_ptr<RankSession> start_rank_session();

}  // namespace arbiter::apps
