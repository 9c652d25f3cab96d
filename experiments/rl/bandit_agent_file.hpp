// Saving and loading the agents of the bandit kinds ("rl.bandit", "rl.bandit_entropy"): the top-level
// keys /save_agent and /load_agent (file paths, "" for none). The file holds one learned state per agent
// setting, from run 0: {"kind", "k", "agents": [{"label", "state": {...}}, ...]}; loading starts every run
// of setting i from state i. A file that does not fit the config (another kind, arm count, number of
// settings or agent type) is a ConfigError at /load_agent saying what differs.
#pragma once
#include <string>
#include <vector>
#include <nlohmann/json.hpp>
#include "core/config_schema.hpp"
#include "experiments/rl/bandit_batch.hpp"
#include "experiments/rl/bandit_config.hpp"

namespace arbiter::experiments::rl {

void declare_bandit_agent_files(core::Schema& schema);
// The saved states for `settings` (empty when /load_agent is ""); a relative path is looked for in the
// working directory, then in config_dir.
std::vector<nlohmann::json> read_bandit_agent_file(const nlohmann::json& config, const std::string& kind,
                                                   const std::vector<BanditAgentSpec>& settings, int arms,
                                                   const std::string& config_dir);
// Writes run 0's agent of every setting to `file` (the resolved /save_agent; "" does nothing) and
// returns the summary entry (null for ""). Throws core::RunError when the file cannot be written.
nlohmann::json save_bandit_agent_file(const std::string& file, const std::string& kind, const BanditBatch& batch);

}  // namespace arbiter::experiments::rl
