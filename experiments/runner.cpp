#include "experiments/runner.hpp"

#include <chrono>

#include "core/atomic_file.hpp"
#include "core/config_error.hpp"

#ifndef ARBITER_VERSION
#define ARBITER_VERSION "0.0.0"
#endif

namespace arbiter::experiments {

namespace fs = std::filesystem;
using json = nlohmann::json;

std::string arbiter_version() { return ARBITER_VERSION; }

fs::path default_out_dir(const std::string& config_file) {
  return fs::path("results") / fs::path(config_file).stem();
}

void check_out_dir(const fs::path& dir, bool force) {
  std::error_code ec;
  if (!fs::exists(dir, ec)) return;
  if (!fs::is_directory(dir, ec))
    throw core::ConfigError("--out: " + dir.string() + " exists and is not a folder");
  if (force) return;
  if (fs::exists(dir / "summary.json") || fs::exists(dir / "results.csv"))
    throw core::ConfigError("--out: " + dir.string() +
                            " already holds results; pass --force to overwrite them or --out to choose another folder");
}

json make_summary(const LoadedConfig& cfg, const Results& results, double wall_seconds) {
  json files = json::array({"results.csv"});
  for (const auto& [name, table] : results.tables) files.push_back(name);
  files.push_back("summary.json");
  return json{{"arbiter_version", arbiter_version()},
              {"kind", cfg.kind ? cfg.kind->name : std::string()},
              {"config_file", cfg.file},
              {"seed", cfg.seed},
              {"config", cfg.resolved},
              {"wall_time_seconds", wall_seconds},
              {"files", files},
              {"results", results.summary}};
}

void write_outputs(const fs::path& dir, const LoadedConfig& cfg, const Results& results, double wall_seconds) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw core::RunError("cannot create the output folder " + dir.string() + ": " + ec.message());
  core::write_file_atomically(dir / "results.csv", results.results.to_csv());
  for (const auto& [name, table] : results.tables) core::write_file_atomically(dir / name, table.to_csv());
  core::write_file_atomically(dir / "summary.json", make_summary(cfg, results, wall_seconds).dump(2) + "\n");
}

RunOutcome run_experiment(const LoadedConfig& cfg, const RunOptions& options, const std::atomic<bool>* cancel) {
  RunOutcome outcome;
  outcome.out_dir = options.out_dir.empty() ? default_out_dir(cfg.file) : options.out_dir;
  check_out_dir(outcome.out_dir, options.force);
  auto experiment = make_experiment(cfg, options.threads, cancel, kBatchSliceSeconds);

  // A forced re-run first removes the old results and their completion marker, so an interrupted run
  // leaves nothing that looks like this run's.
  std::error_code ec;
  fs::remove(outcome.out_dir / "summary.json", ec);
  fs::remove(outcome.out_dir / "results.csv", ec);

  const auto start = std::chrono::steady_clock::now();
  while (!experiment->done()) {
    if (cancel && cancel->load()) return outcome;
    experiment->step();
    if (options.on_progress) options.on_progress(experiment->progress());
  }
  if (cancel && cancel->load()) return outcome;
  outcome.results = experiment->finish();
  outcome.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  write_outputs(outcome.out_dir, cfg, outcome.results, outcome.wall_seconds);
  outcome.completed = true;
  return outcome;
}

}  // namespace arbiter::experiments
