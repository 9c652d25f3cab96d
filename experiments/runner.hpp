// Runs an experiment to completion and writes its outputs: results.csv, summary.json and any extra
// tables, each written atomically, summary.json last (its presence marks a complete run). An existing
// output folder with results in it is refused unless `force`. On cancellation nothing that looks complete
// is left behind. Shared by `arbiter run` and `arbiter sweep`.
#pragma once
#include <atomic>
#include <filesystem>
#include <functional>
#include <string>
#include "experiments/config_loader.hpp"

namespace arbiter::experiments {

struct RunOptions {
  std::filesystem::path out_dir;  // empty: results/<config file stem>
  bool force = false;
  int threads = 0;                // <= 0: every core
  // Called between slices with the fraction done (e.g. to draw a progress bar); may be empty.
  std::function<void(double)> on_progress;
};

struct RunOutcome {
  bool completed = false;          // false: cancelled, nothing written
  std::filesystem::path out_dir;
  Results results;
  double wall_seconds = 0.0;
};

std::filesystem::path default_out_dir(const std::string& config_file);
// Throws ConfigError (exit 2) if `dir` holds results and !force; call before any work.
void check_out_dir(const std::filesystem::path& dir, bool force);
// summary.json's content: version, kind, config file, seed, resolved config, wall time, results.
nlohmann::json make_summary(const LoadedConfig& cfg, const Results& results, double wall_seconds);
// Writes every output file into dir (created if needed); summary.json last.
void write_outputs(const std::filesystem::path& dir, const LoadedConfig& cfg, const Results& results,
                   double wall_seconds);
RunOutcome run_experiment(const LoadedConfig& cfg, const RunOptions& options, const std::atomic<bool>* cancel);

// The version string written into summary.json.
std::string arbiter_version();

}  // namespace arbiter::experiments
