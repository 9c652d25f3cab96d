// A parameter sweep expanded into runs. A config's "sweep" block names config paths and their values,
//   "sweep": {"/agent/alpha": [0.025, 0.05, 0.1], "/temperature": {"log_range": [0.1, 10, 25]},
//             "seeds": 5, "max_runs": 1000}
// Every key starting with "/" is a grid axis (axes are crossed, the first varying slowest). A value list is
// any JSON list; {"range": [a, b, n]} and {"log_range": [a, b, n]} give n points from a to b, linear or
// geometric. "points": [{"/a": 1, "/b": 2}, ...] adds a list of points (crossed with the axes, if any).
// "seeds": replicates per grid point (default 1); replicate s runs with seed = base seed + s.
// "max_runs" (default 1000) caps the expansion unless the caller allows more (`--yes`); no sweep may hold
// more than kMaxSweepRuns runs. The size is counted (in checked arithmetic) before any value is built.
// Every expanded config is resolved against its kind's schema and built once before any work, so a bad
// point is a ConfigError naming the point and the path. Run index = point * seeds + replicate.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>
#include <nlohmann/json.hpp>
#include "experiments/config_loader.hpp"

namespace arbiter::experiments {

inline constexpr std::uint64_t kMaxSweepRuns = 1000000;

struct SweepRun {
  std::size_t index = 0;   // position in the plan: point * seeds + replicate
  std::size_t point = 0;   // grid point
  int replicate = 0;
  LoadedConfig config;     // resolved; its seed is the run's seed
};

struct SweepPlan {
  std::string file;                                // the config file, for messages and summary.json
  std::vector<std::string> parameters;             // swept paths, in column order
  std::vector<std::vector<nlohmann::json>> points; // per grid point, one value per parameter
  int seeds = 1;
  std::uint64_t base_seed = 1;
  LoadedConfig base;                               // the config without its sweep block
  std::vector<SweepRun> runs;
  std::string hash;                                // identifies the expanded sweep (hex)
};

struct SweepOptions {
  std::vector<std::string> overrides;              // --set, applied to the config before expansion
  std::optional<std::uint64_t> seed_override;      // --seed: the base seed
  bool allow_many = false;                         // --yes: no max_runs cap
  bool build_each = true;                          // build every run's experiment once to validate it
};

// Throws ConfigError (exit 2) for a missing or malformed sweep block, a path that is not in the config,
// an empty grid, too many runs, or an expanded config that does not validate.
SweepPlan plan_sweep(const std::string& file, const SweepOptions& options);
// As plan_sweep, from a config already in memory.
SweepPlan plan_sweep(nlohmann::json config, const std::string& file, const std::string& config_dir,
                     const SweepOptions& options);

// A column name for a swept path: "/agent/alpha" -> "agent.alpha".
std::string sweep_column(const std::string& path);
// "agent.alpha=0.1, temperature=2" for messages.
std::string describe_point(const SweepPlan& plan, std::size_t point);

}  // namespace arbiter::experiments
