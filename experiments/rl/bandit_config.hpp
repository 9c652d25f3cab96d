// The bandit kinds' config, declared once in the schema: the testbed (an object at a prefix such as "/env")
// and the agent node (a variant by "name": "gradient_bandit" | "softmax_exploration", each with its keys,
// ranges and defaults, its temperature a number > 0 or an annealing schedule). Reading takes the resolved
// config (every default filled in) and adds the few cross-key checks the schema cannot express; every
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

// Declares the testbed object at `prefix` ({name, k, mean_offset, true_sd, reward_sd, walk_sd, values,
// reward_sds}) with its cross-key checks (one value per arm, Bernoulli probabilities in [0, 1], ...).
void declare_bandit_env(core::Schema& schema, const std::string& prefix, double default_offset = 0.0);
// Builds the testbed spec from a resolved config.
envs::BanditSpec read_bandit_env(const nlohmann::json& config, const std::string& prefix);

// A softmax temperature: a number > 0 (default 1) or {"schedule", "start", "end", "steps"}.
core::Param bandit_temperature_node();
// One agent: a variant by "name" with the keys of agents::GradientBanditSettings and
// agents::SoftmaxExplorationSettings, an optional "label" and the temperature node.
core::Param bandit_agent_node();
// Builds one agent's spec from its resolved object at `path` (schedules needing "steps" are checked here).
BanditAgentSpec read_bandit_agent(const nlohmann::json& agent, const std::string& path);
// The specs of a resolved list of agents at `path`.
std::vector<BanditAgentSpec> read_bandit_agents(const nlohmann::json& list, const std::string& path);
// A short label from the settings.
std::string describe_bandit_agent(const BanditAgentSpec& spec);

}  // namespace arbiter::experiments::rl
