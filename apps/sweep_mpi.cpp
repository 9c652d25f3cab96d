#include "apps/sweep_mpi.hpp"

#include <chrono>
#include <cstdlib>
#include <exception>
#include <thread>

#include <boost/mpi.hpp>
#include <boost/serialization/string.hpp>

#include "core/config_error.hpp"

namespace arbiter::apps {

namespace mpi = boost::mpi;
using json = nlohmann::json;

namespace {

enum Tag : int { kWork = 1, kResult = 2, kStop = 3 };

// What every rank needs to expand the same plan: rank 0 reads the file and sends this.
json plan_request(const MpiSweepRequest& r) {
  std::string dir = std::filesystem::path(r.file).parent_path().string();
  return json{{"config", experiments::read_json_file(r.file)},
              {"file", r.file},
              {"dir", dir.empty() ? "." : dir},
              {"overrides", r.options.overrides},
              {"seed", r.options.seed_override ? json(*r.options.seed_override) : json(nullptr)},
              {"allow_many", r.options.allow_many}};
}

experiments::SweepPlan plan_from(const json& req, bool validate) {
  experiments::SweepOptions o;
  o.overrides = req["overrides"].get<std::vector<std::string>>();
  if (!req["seed"].is_null()) o.seed_override = req["seed"].get<std::uint64_t>();
  o.allow_many = req["allow_many"].get<bool>();
  o.build_each = validate;
  return experiments::plan_sweep(req["config"], req["file"].get<std::string>(), req["dir"].get<std::string>(), o);
}

void work(const mpi::communicator& world, const experiments::SweepPlan& plan, const std::atomic<bool>* cancel) {
  for (;;) {
    long long index = 0;
    const mpi::status s = world.recv(0, mpi::any_tag, index);
    if (s.tag() == kStop) return;
    const auto record = experiments::execute_run(plan, static_cast<std::size_t>(index), cancel);
    world.send(0, kResult, record ? record->to_json().dump() : std::string());
  }
}

experiments::SweepTally coordinate(const mpi::communicator& world, const experiments::SweepPlan& plan,
                                   const experiments::SweepFolder& folder, const std::atomic<bool>* cancel,
                                   const std::function<void(double)>& on_progress) {
  const auto pending = experiments::pending_runs(plan, folder);
  experiments::SweepTally tally;
  tally.total = plan.runs.size();
  tally.skipped = tally.total - pending.size();
  std::size_t next = 0;
  int active = 0;
  auto hand_out = [&](int rank) {
    if (next < pending.size() && !(cancel && cancel->load())) {
      world.send(rank, kWork, static_cast<long long>(pending[next++]));
      ++active;
    } else {
      world.send(rank, kStop, 0LL);
    }
  };
  for (int rank = 1; rank < world.size(); ++rank) hand_out(rank);
  while (active > 0) {
    std::string message;
    mpi::request req = world.irecv(mpi::any_source, kResult, message);
    boost::optional<mpi::status> st;
    while (!(st = req.test())) {
      if (on_progress) on_progress(static_cast<double>(tally.skipped + tally.ran) / static_cast<double>(tally.total));
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    --active;
    if (!message.empty()) {
      const auto record = experiments::RunRecord::from_json(json::parse(message));
      folder.save(record);
      ++tally.ran;
      if (!record.ok) ++tally.failed;
    }
    hand_out(st->source());
  }
  if (on_progress) on_progress(static_cast<double>(tally.skipped + tally.ran) / static_cast<double>(tally.total));
  tally.interrupted = cancel && cancel->load() && tally.ran < pending.size();
  return tally;
}

}  // namespace

bool launched_under_mpi() {
  for (const char* v : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK"})
    if (std::getenv(v)) return true;
  return false;
}

MpiSweepResult run_sweep_mpi(const MpiSweepRequest& request, const std::atomic<bool>* cancel,
                             const std::function<void(double)>& on_progress) {
  static mpi::environment env(mpi::threading::single, false);
  const mpi::communicator world;
  MpiSweepResult result;
  result.is_root = world.rank() == 0;

  // Rank 0 reads and validates; the others expand the same plan from what it sends.
  std::string req_text;
  std::exception_ptr failure;
  if (result.is_root) {
    try {
      const json req = plan_request(request);
      result.plan = std::make_unique<experiments::SweepPlan>(plan_from(req, true));
      result.folder = std::make_unique<experiments::SweepFolder>(request.out_dir, *result.plan, request.force);
      req_text = req.dump();
    } catch (...) {
      failure = std::current_exception();
    }
  }
  mpi::broadcast(world, req_text, 0);
  if (req_text.empty()) {
    if (failure) std::rethrow_exception(failure);
    return result;
  }
  if (!result.is_root) {
    const auto plan = plan_from(json::parse(req_text), false);
    work(world, plan, cancel);
    return result;
  }
  result.tally = world.size() == 1
                     ? experiments::run_sweep_threads(*result.plan, *result.folder, request.threads, cancel, on_progress)
                     : coordinate(world, *result.plan, *result.folder, cancel, on_progress);
  return result;
}

}  // namespace arbiter::apps
