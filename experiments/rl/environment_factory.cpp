// The table of environments (name, default episode limit, tabular or not, whether it reads a map, builder)
// and the /env keys they read.
#include "experiments/rl/environment_factory.hpp"

#include <stdexcept>
#include "core/config_error.hpp"
#include "envs/cartpole.hpp"
#include "envs/gridworld.hpp"
#include "envs/short_corridor.hpp"

namespace arbiter::experiments::rl {

using json = nlohmann::json;

namespace {

template <class T> T at(const json& env, const char* key) { return env.at(key).get<T>(); }

std::unique_ptr<envs::Environment> short_corridor(const json& env, int max_steps) {
  return std::make_unique<envs::ShortCorridor>(max_steps, at<double>(env, "step_reward"));
}

std::unique_ptr<envs::Environment> gridworld(const json& env, int max_steps) {
  const envs::GridworldRewards rewards{at<double>(env, "step_reward"), at<double>(env, "goal_reward"),
                                       at<double>(env, "cliff_reward")};
  try {
    return std::make_unique<envs::Gridworld>(at<std::vector<std::string>>(env, "map"), rewards,
                                             at<bool>(env, "cliff_ends_episode"), max_steps);
  } catch (const core::ArgumentError& e) {
    throw core::ConfigError("/env/map", e);
  }
}

std::unique_ptr<envs::Environment> cartpole(const json& env, int max_steps) {
  envs::CartPoleParams p;
  p.gravity = at<double>(env, "gravity");
  p.force_mag = at<double>(env, "force_mag");
  p.length = at<double>(env, "pole_half_length");
  p.masspole = at<double>(env, "masspole");
  p.max_steps = max_steps;
  try {
    return std::make_unique<envs::CartPole>(p);
  } catch (const std::invalid_argument& e) {
    throw core::ConfigError("", "/env", "valid cartpole physics", e.what());
  }
}

struct EnvironmentType {
  const char* name;
  int default_max_steps;
  bool tabular;   // observes a state index
  bool uses_map;  // reads /env/map (which must then be given; other environments take none)
  std::unique_ptr<envs::Environment> (*make)(const json& env, int max_steps);
};

// One line per environment.
const EnvironmentType kEnvironments[] = {
    {"short_corridor", 10000, true, false, short_corridor},
    {"gridworld", 10000, true, true, gridworld},
    {"cartpole", 500, false, false, cartpole},
};

const EnvironmentType& type_of(const std::string& name) {
  for (const auto& t : kEnvironments)
    if (name == t.name) return t;
  throw core::ConfigError("", "/env/name", "one of the environments", "\"" + name + "\"");
}

}  // namespace

void declare_environment_schema(core::Schema& k) {
  k.string("/env/name", "short_corridor", "environment").one_of(environment_names());
  k.integer("/env/max_steps", 0,
            "truncate episodes after this many steps (0: the environment's default, 500 for cartpole, "
            "10000 otherwise)")
      .at_least(0);
  k.number("/env/step_reward", -1.0, "reward per step (short corridor, gridworld open cells)").live_control();
  k.add("/env/map", core::ParamType::string_list, json::array(),
        "gridworld rows: '#' wall, 'S' start, 'G' goal, 'C' cliff, '.' open")
      .live_control();
  k.number("/env/goal_reward", 0.0, "gridworld: reward for entering a goal").live_control();
  k.number("/env/cliff_reward", -100.0, "gridworld: reward for entering a cliff").live_control();
  k.boolean("/env/cliff_ends_episode", false, "gridworld: a cliff ends the episode (else back to start)");
  k.number("/env/gravity", 9.8, "cartpole: gravity (m/s^2)").live_control();
  k.number("/env/force_mag", 10.0, "cartpole: push force (N)").at_least(0).live_control();
  k.number("/env/pole_half_length", 0.5, "cartpole: half the pole's length (m)").greater_than(0).live_control();
  k.number("/env/masspole", 0.1, "cartpole: pole mass (kg)").greater_than(0).live_control();
}

std::vector<std::string> environment_names() {
  std::vector<std::string> names;
  for (const auto& t : kEnvironments) names.emplace_back(t.name);
  return names;
}

bool environment_is_tabular(const std::string& name) { return type_of(name).tabular; }

int environment_max_steps(const json& env) {
  const int max_steps = at<int>(env, "max_steps");
  return max_steps == 0 ? type_of(at<std::string>(env, "name")).default_max_steps : max_steps;
}

void check_environment_keys(const json& env) {
  const std::string name = at<std::string>(env, "name");
  const json& map = env.at("map");
  if (type_of(name).uses_map && map.empty())
    throw core::ConfigError("", "/env/map", "a gridworld map (a list of rows) for env " + name, "[]");
  if (!type_of(name).uses_map && !map.empty())
    throw core::ConfigError("", "/env/map", "no map for env " + name, core::short_json(map));
}

std::unique_ptr<envs::Environment> make_environment(const json& env) {
  check_environment_keys(env);
  return type_of(at<std::string>(env, "name")).make(env, environment_max_steps(env));
}

}  // namespace arbiter::experiments::rl
