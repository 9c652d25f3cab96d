#include "experiments/runner.hpp"

#include <sys/resource.h>
#include <unistd.h>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <optional>
#include <sstream>

#include "core/atomic_file.hpp"
#include "core/config_error.hpp"
#include "experiments/output_folder.hpp"

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

namespace {

// The first number in `j` that is not finite, as "PATH: VALUE" (PATH a JSON pointer below `path`).
std::optional<std::string> first_non_finite(const json& j, const std::string& path) {
  if (j.is_number_float() && !std::isfinite(j.get<double>()))
    return (path.empty() ? std::string("/") : path) + ": " + core::format_double(j.get<double>());
  if (j.is_object()) {
    for (const auto& [k, v] : j.items())
      if (auto found = first_non_finite(v, path + "/" + k)) return found;
  } else if (j.is_array()) {
    for (std::size_t i = 0; i < j.size(); ++i)
      if (auto found = first_non_finite(j[i], path + "/" + std::to_string(i))) return found;
  }
  return std::nullopt;
}

}  // namespace

void require_finite_results(const Results& results) {
  results.results.require_finite("results.csv");
  for (const auto& [name, table] : results.tables) table.require_finite(name);
  if (const auto found = first_non_finite(results.summary, "/results"))
    throw core::RunError("refusing to write summary.json: the run computed a number that is not finite, at " +
                         *found + " (JSON would hold it as null)");
}

bool write_outputs(const fs::path& dir, const LoadedConfig& cfg, const Results& results, double wall_seconds,
                   const std::atomic<bool>* cancel) {
  require_finite_results(results);
  std::vector<std::pair<std::string, std::string>> files;
  files.emplace_back("results.csv", results.results.to_csv());
  for (const auto& [name, table] : results.tables) {
    if (cancel && cancel->load()) return false;
    files.emplace_back(name, table.to_csv());
  }
  files.emplace_back("summary.json", make_summary(cfg, results, wall_seconds).dump(2) + "\n");
  if (cancel && cancel->load()) return false;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw core::RunError("cannot create the output folder " + dir.string() + ": " + ec.message());
  return core::write_files_atomically(dir, files, cancel, /*final_results=*/true);
}

double available_memory_bytes() {
  double bytes = 0.0;
  std::ifstream meminfo("/proc/meminfo");
  std::string key, unit;
  double kb = 0.0;
  while (meminfo >> key >> kb >> unit)
    if (key == "MemAvailable:") bytes = kb * 1024.0;
  if (bytes <= 0.0) {
    const long pages = sysconf(_SC_AVPHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    if (pages > 0 && page > 0) bytes = static_cast<double>(pages) * static_cast<double>(page);
  }
  rlimit r{};
  if (getrlimit(RLIMIT_AS, &r) == 0 && r.rlim_cur != RLIM_INFINITY &&
      (bytes <= 0.0 || static_cast<double>(r.rlim_cur) < bytes))
    bytes = static_cast<double>(r.rlim_cur);
  return bytes > 0.0 ? bytes : HUGE_VAL;
}

std::string bytes_text(double bytes) {
  static const char* units[] = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
  int u = 0;
  while (bytes >= 1000.0 && u < 6) {
    bytes /= 1000.0;
    ++u;
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, bytes < 10.0 && u > 0 ? "%.1f %s" : "%.0f %s", bytes, units[u]);
  return buf;
}

std::string seconds_text(double seconds) {
  char buf[64];
  if (seconds < 120.0) std::snprintf(buf, sizeof buf, "%.0f s", std::max(seconds, 1.0));
  else if (seconds < 7200.0) std::snprintf(buf, sizeof buf, "%.0f min", seconds / 60.0);
  else if (seconds < 2.0 * 86400.0) std::snprintf(buf, sizeof buf, "%.1f h", seconds / 3600.0);
  else if (seconds < 2.0 * 365.25 * 86400.0) std::snprintf(buf, sizeof buf, "%.0f days", seconds / 86400.0);
  else std::snprintf(buf, sizeof buf, "%.2g years", seconds / (365.25 * 86400.0));
  return buf;
}

RunCost check_run_cost(const LoadedConfig& cfg, bool yes) {
  if (!cfg.kind || !cfg.kind->cost) return {};
  const RunCost cost = cfg.kind->cost(cfg.resolved);
  const std::string keys = cost.keys.empty() ? std::string("its sizes") : cost.keys;
  const double memory = available_memory_bytes();
  if (!(cost.bytes <= memory))
    throw core::ConfigError(cfg.file + ": " + keys + ": this run would need about " + bytes_text(cost.bytes) +
                            " of memory and " + bytes_text(memory) + " is available; make " + keys + " smaller");
  if (!yes && !(cost.seconds <= kLongRunSeconds))
    throw core::ConfigError(cfg.file + ": " + keys + ": this run would take about " + seconds_text(cost.seconds) +
                            " on one core (memory about " + bytes_text(cost.bytes) + "); make " + keys +
                            " smaller, or pass --yes to run it anyway");
  return cost;
}

RunOutcome run_experiment(const LoadedConfig& cfg, const RunOptions& options, const std::atomic<bool>* cancel) {
  RunOutcome outcome;
  outcome.out_dir = options.out_dir.empty() ? default_out_dir(cfg.file) : options.out_dir;
  check_out_dir(outcome.out_dir, options.force);
  // Held until the run ends: a second run into the same folder is refused, and a folder this run created
  // is removed again unless the run wrote its results there.
  const OutputFolder folder(outcome.out_dir);
  check_out_dir(outcome.out_dir, options.force);
  auto experiment = make_experiment(cfg, options.threads, cancel, kBatchSliceSeconds);

  // The old results stay until the new ones are written (write_outputs replaces them all at once), so a
  // run that fails or is interrupted leaves the folder as it found it.
  const auto start = std::chrono::steady_clock::now();
  while (!experiment->done()) {
    if (cancel && cancel->load()) return outcome;
    experiment->step();
    if (options.on_progress) options.on_progress(experiment->progress());
  }
  if (cancel && cancel->load()) return outcome;
  outcome.results = experiment->finish();
  outcome.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (cancel && cancel->load()) return outcome;
  outcome.completed = write_outputs(outcome.out_dir, cfg, outcome.results, outcome.wall_seconds, cancel);
  return outcome;
}

}  // namespace arbiter::experiments
