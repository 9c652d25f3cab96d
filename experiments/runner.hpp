// Runs an experiment to completion and writes its outputs: results.csv, summary.json and any extra
// tables, all or nothing (each to a temporary name, then renamed into place, summary.json last: its
// presence marks a complete run). An existing output folder with results in it is refused unless `force`;
// a folder another run is writing into is refused as busy (OutputFolder). A run that fails or is
// cancelled, in any phase, leaves the folder as it found it. A number that is not finite is never written:
// the run fails naming the file and the place. Shared by `arbiter run` and `arbiter sweep`.
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
// Throws RunError (exit 1) naming the file and the column and row, or the key, of the first number in the
// results that is not finite (NaN, inf): results.csv, the extra tables, summary.json's "results".
void require_finite_results(const Results& results);
// Writes every output file into dir (created if needed), all or nothing, summary.json last. Returns false,
// having written nothing, when *cancel became true. Throws as require_finite_results, and RunError when a
// file cannot be written (then nothing of this run is left). These are the process's final results (see
// core::write_files_atomically: a second Ctrl-C once they move into place lets the run end whole).
bool write_outputs(const std::filesystem::path& dir, const LoadedConfig& cfg, const Results& results,
                   double wall_seconds, const std::atomic<bool>* cancel = nullptr);
RunOutcome run_experiment(const LoadedConfig& cfg, const RunOptions& options, const std::atomic<bool>* cancel);

// A run estimated to take longer than this is refused unless the user says yes (`--yes`).
inline constexpr double kLongRunSeconds = 12.0 * 3600.0;
// A run estimated to take longer than this has its estimate printed before it starts.
inline constexpr double kNoteRunSeconds = 60.0;
// The memory a run may use: the machine's available physical memory (MemAvailable), or its address-space
// limit when that is lower.
double available_memory_bytes();
// The kind's estimate of the run's cost (zero when the kind declares none). Throws ConfigError (exit 2)
// naming the keys and the estimate when the run needs more memory than available_memory_bytes(), and
// when it would take longer than kLongRunSeconds and !yes.
RunCost check_run_cost(const LoadedConfig& cfg, bool yes);
// "2.3 GB", "41 MB"; "3.5 h", "12 s", "2.1e+04 years".
std::string bytes_text(double bytes);
std::string seconds_text(double seconds);

// The version string written into summary.json.
std::string arbiter_version();

}  // namespace arbiter::experiments
