// The environments kind rl.episodic runs, built by name. The factory holds the one declaration of their
// config keys (/env: a variant by "name", each environment with its own keys), reads an environment's settings from a resolved config's /env object and builds
// it; envs/ throws errors naming its own arguments, and the factory re-places them at their JSON path
// (core::ConfigError). Adding an environment: its file in envs/ and one line in environment_factory.cpp.
#pragma once
#include <memory>
#include <string>
#include <vector>
#include <nlohmann/json.hpp>
#include "core/config_schema.hpp"
#include "envs/environment.hpp"

namespace arbiter::experiments::rl {

// Declares /env: a variant whose "name" (one of environment_names()) picks the environment and its keys.
void declare_environment_schema(core::Schema& schema);
std::vector<std::string> environment_names();
// True when the environment observes a state index (tabular policies and one-hot features apply to it).
bool environment_is_tabular(const std::string& name);
// The episode length limit of `env` (a resolved /env object): /env/max_steps, or the environment's default
// when that is 0.
int environment_max_steps(const nlohmann::json& env);
// Builds the environment `env` names (a resolved /env object); a setting it refuses is a ConfigError at its
// path (/env/map, /env).
std::unique_ptr<envs::Environment> make_environment(const nlohmann::json& env);

}  // namespace arbiter::experiments::rl
