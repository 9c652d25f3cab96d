// The config of kind "rl.episodic" (policy-gradient agents on episodic environments): the schema
// declaration, the setup read from a resolved config (cross-key checks throw core::ConfigError naming the
// JSON path) and builders for one run's environment and REINFORCE agent.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>
#include <nlohmann/json.hpp>
#include "agents/mlp.hpp"
#include "agents/reinforce.hpp"
#include "core/config_schema.hpp"
#include "core/random_stream.hpp"
#include "envs/cartpole.hpp"
#include "envs/environment.hpp"
#include "envs/gridworld.hpp"

namespace arbiter::experiments::rl {

struct EpisodicSetup {
  int runs = 1, episodes = 1;
  // environment
  std::string env;  // "short_corridor", "gridworld", "cartpole"
  int max_steps = 0;
  double step_reward = -1.0;
  std::vector<std::string> map;
  envs::GridworldRewards grid_rewards;
  bool cliff_ends_episode = false;
  envs::CartPoleParams cartpole;
  // agent
  std::string policy, features, baseline, baseline_features, optimizer, baseline_optimizer;
  agents::Activation activation = agents::Activation::tanh;
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

// The environment of run r (a map problem throws ConfigError at /env/map).
std::unique_ptr<envs::Environment> make_episodic_env(const EpisodicSetup& s);
// The agent of a run; rng seeds the MLP weights. Loaded parameters (if any) replace the initial ones; a
// saved agent that does not match this config's agent is a ConfigError at /load_agent saying what differs.
std::unique_ptr<agents::Reinforce> make_episodic_agent(const EpisodicSetup& s, const envs::Environment& env,
                                                       core::RandomStream rng);

}  // namespace arbiter::experiments::rl
