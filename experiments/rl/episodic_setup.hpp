// The settings of kind "rl.episodic" (policy-gradient agents on episodic environments) read from a resolved
// config (experiments/rl/episodic.cpp declares the schema and reads them; cross-key checks throw
// core::ConfigError naming the JSON path).
#pragma once
#include <string>
#include <vector>
#include <nlohmann/json.hpp>
#include "core/mlp.hpp"
#include "agents/reinforce.hpp"
#include "core/config_schema.hpp"

namespace arbiter::experiments::rl {

struct EpisodicSetup {
  nlohmann::json config;  // the resolved config these settings were read from
  std::string config_dir;
  int runs = 1, episodes = 1;
  // environment: its name, episode limit and step reward; env_config (the /env object) builds it
  // (environment_factory.hpp)
  std::string env;
  int max_steps = 0;
  double step_reward = -1.0;
  nlohmann::json env_config;
  // agent
  std::string policy, features, baseline, baseline_features, optimizer, baseline_optimizer;
  core::Activation activation = core::Activation::tanh;
  std::vector<int> hidden, baseline_hidden;
  double output_scale = 1.0, temperature = 1.0, probability_floor = 0.0;
  double learning_rate = 0.0, baseline_learning_rate = 0.0;
  std::vector<double> initial_preferences;
  agents::ReinforceOptions options;
  nlohmann::json loaded_agent;  // null unless /load_agent names a file
  std::string load_agent;       // the file it came from
  // output and report
  std::string save_agent;       // "" or the file the trained agent is written to when the run finishes
  int every = 1, window = 100;
  double solved_return = 0.0;
};

void declare_episodic_schema(core::Schema& schema);
// Reads and cross-checks a resolved config; a relative /load_agent is looked for in the working directory,
// then in config_dir. An unreadable saved agent, or one saved for another environment, is a ConfigError at
// /load_agent.
EpisodicSetup read_episodic_setup(const nlohmann::json& config, const std::string& config_dir);

}  // namespace arbiter::experiments::rl
