// Turns a config file into a validated experiment: reads and parses the JSON, applies command-line
// overrides (`--set /path=value`), finds the kind and resolves the config against its schema. Every
// problem is a ConfigError naming the file and the JSON path; nothing is created on disk here.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>
#include <nlohmann/json.hpp>
#include "experiments/registry.hpp"

namespace arbiter::experiments {

struct LoadedConfig {
  std::string file;          // as given
  std::string config_dir;    // its folder
  nlohmann::json resolved;   // defaults filled in, overrides applied; holds "kind" and "seed"
  const ExperimentKind* kind = nullptr;
  std::uint64_t seed = 0;
};

nlohmann::json read_json_file(const std::string& file);  // ConfigError on unreadable or malformed JSON
// "path=value": value is parsed as JSON when it can be (numbers, true, [1,2]), else taken as a string.
void apply_override(nlohmann::json& config, const std::string& assignment, const std::string& file);
// Resolves an in-memory config (file only names it in messages).
LoadedConfig resolve_config(nlohmann::json config, const std::string& file, const std::string& config_dir,
                            const std::vector<std::string>& overrides = {},
                            std::optional<std::uint64_t> seed_override = std::nullopt);
LoadedConfig load_config(const std::string& file, const std::vector<std::string>& overrides = {},
                         std::optional<std::uint64_t> seed_override = std::nullopt);
// Builds the experiment (kind's cross-key checks may still throw ConfigError, with the file name added).
// slice_seconds: RunContext::slice_seconds (0 for a live view, kBatchSliceSeconds for batch runs).
std::unique_ptr<Experiment> make_experiment(const LoadedConfig& cfg, int threads,
                                            const std::atomic<bool>* cancel = nullptr, double slice_seconds = 0.0);

}  // namespace arbiter::experiments
