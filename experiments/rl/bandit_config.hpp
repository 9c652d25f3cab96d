// Reading the bandit parts of a config: the testbed under a prefix (e.g. "/env") declared on a Schema, and
// agent specs (objects with "name": "gradient_bandit" | "softmax_exploration") checked key by key. Every
// problem is a core::ConfigError naming the JSON path (e.g. "/agents/1/alpha: expected a number > 0").
#pragma once
#include <string>
#include <variant>
#include <vector>
#include <nlohmann/json.hpp>
#include "agents/gradient_bandit.hpp"
#include "agents/softmax_exploration.hpp"
#include "core/config_schema.hpp"
#include "envs/bandit_testbed.hpp"

namespace arbiter::experiments::rl {

struct BanditAgentSpec {
  std::string label;  // as given, or made from the settings ("gradient alpha=0.1 baseline")
  std::variant<agents::GradientBanditSettings, agents::SoftmaxExplorationSettings> settings;
};

// Declares prefix/{name, k, mean_offset, true_sd, reward_sd, walk_sd, values, reward_sds} on the schema.
void declare_bandit_env(core::Schema& schema, const std::string& prefix, double default_offset = 0.0);
// Builds the testbed spec from a resolved config; cross-key problems throw ConfigError with the path.
envs::BanditSpec read_bandit_env(const nlohmann::json& config, const std::string& prefix);

// The agent names accepted: {"gradient_bandit", "softmax_exploration"}.
const std::vector<std::string>& bandit_agent_names();
// One-line help listing an agent object's keys, for schemas.
std::string bandit_agent_help();
// Checks one agent object at `path` and builds its settings (unset keys take their defaults).
BanditAgentSpec read_bandit_agent(const nlohmann::json& agent, const std::string& path);
// Checks a non-empty list of agent objects at `path`.
std::vector<BanditAgentSpec> read_bandit_agents(const nlohmann::json& list, const std::string& path);
// A short label from the settings.
std::string describe_bandit_agent(const BanditAgentSpec& spec);

}  // namespace arbiter::experiments::rl
