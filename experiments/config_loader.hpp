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

// The deepest nesting of lists and objects a JSON text may have; deeper input is refused while it is read.
inline constexpr std::size_t kMaxJsonDepth = 64;

// Parses JSON text, refusing (ConfigError naming `file` and the JSON path, prefixed by `path_prefix`) nesting
// deeper than kMaxJsonDepth and a key given twice in one object. Malformed text throws json::parse_error.
nlohmann::json parse_json_text(const std::string& text, const std::string& file, const std::string& path_prefix = "");
// ConfigError on a missing, unreadable or malformed file, or a folder; parsed as parse_json_text. A UTF-8
// byte order mark at the start is skipped.
nlohmann::json read_json_file(const std::string& file);
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
