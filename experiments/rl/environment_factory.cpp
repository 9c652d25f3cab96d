// The table of environments (name, help, default episode limit, tabular or not, their keys, builder): /env is
// a variant by "name", one alternative per line of the table.
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

// Rewards within +-kMaxReward and episodes of at most kMaxEpisodeSteps keep every return (and its square, in
// the normalised updates) a finite number.
constexpr double kMaxReward = 1e6;
constexpr double kMaxEpisodeSteps = 1e6;

core::Param& reward(core::Param& env, const char* key, double dflt, const char* help) {
  return env.number(key, dflt, help).at_least(-kMaxReward).at_most(kMaxReward).live_control();
}

void short_corridor_keys(core::Param& env) { reward(env, "step_reward", -1.0, "reward per step"); }

void gridworld_keys(core::Param& env) {
  env.add("map", core::ParamType::string_list, nullptr,
          "the rows: '#' wall, 'S' start, 'G' goal, 'C' cliff, '.' open")
      .nonempty()
      .live_control();
  reward(env, "step_reward", -1.0, "reward per step onto an open cell");
  reward(env, "goal_reward", 0.0, "reward for entering a goal");
  reward(env, "cliff_reward", -100.0, "reward for entering a cliff");
  env.boolean("cliff_ends_episode", false, "a cliff ends the episode (else back to start)");
}

void cartpole_keys(core::Param& env) {
  // Physical ranges (the cart weighs 1 kg, a step is 0.02 s): the state stays finite until the episode ends.
  env.number("gravity", 9.8, "gravity (m/s^2)").at_least(0).at_most(1000).live_control();
  env.number("force_mag", 10.0, "push force (N)").at_least(0).at_most(10000).live_control();
  env.number("pole_half_length", 0.5, "half the pole's length (m)").at_least(0.001).at_most(100).live_control();
  env.number("masspole", 0.1, "pole mass (kg)").at_least(0.001).at_most(1000).live_control();
}

struct EnvironmentType {
  const char* name;
  const char* help;
  int default_max_steps;
  bool tabular;  // observes a state index
  void (*declare)(core::Param& env);  // its keys besides name and max_steps
  std::unique_ptr<envs::Environment> (*make)(const json& env, int max_steps);
};

// One line per environment.
const EnvironmentType kEnvironments[] = {
    {"short_corridor", "Sutton & Barto's short corridor with switched actions (Example 13.1)", 10000, true,
     short_corridor_keys, short_corridor},
    {"gridworld", "a gridworld from a text map", 10000, true, gridworld_keys, gridworld},
    {"cartpole", "the cart and pole (Barto, Sutton & Anderson 1983)", 500, false, cartpole_keys, cartpole},
};

const EnvironmentType& type_of(const std::string& name) {
  for (const auto& t : kEnvironments)
    if (name == t.name) return t;
  throw std::logic_error("environment_factory: no environment \"" + name + "\"");
}

}  // namespace

void declare_environment_schema(core::Schema& k) {
  core::Param& env = k.object("/env", "the environment: \"name\" picks one, each with its own keys").variant("name");
  for (const auto& t : kEnvironments) {
    core::Param& alt = env.alternative(t.name, t.help);
    alt.integer("max_steps", 0,
                "truncate episodes after this many steps (0: the environment's default, " +
                    std::to_string(t.default_max_steps) + ")")
        .at_least(0)
        .at_most(kMaxEpisodeSteps);
    t.declare(alt);
  }
  env.default_value = json{{"name", kEnvironments[0].name}};
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

std::unique_ptr<envs::Environment> make_environment(const json& env) {
  return type_of(at<std::string>(env, "name")).make(env, environment_max_steps(env));
}

}  // namespace arbiter::experiments::rl
