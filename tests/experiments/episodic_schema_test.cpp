// rl.episodic's environment is one declaration: /env is a variant by "name" whose alternatives (one per
// line of the environment factory) carry their own keys; resolve fills an environment's defaults and no
// other's, describe lists each environment's keys under it, the live keys inside it are found by path, and
// a key of another environment, a missing map or an unknown name are ConfigErrors at their full path.
#include <catch2/catch.hpp>

#include <string>
#include <vector>
#include "core/config_error.hpp"
#include "experiments/config_loader.hpp"
#include "experiments/registry.hpp"

using namespace arbiter;
using json = nlohmann::json;

namespace {

json episodic(json env) {
  return json{{"kind", "rl.episodic"}, {"runs", 2}, {"episodes", 3}, {"env", std::move(env)},
              {"agent", {{"features", "constant"}}}};
}

// The ConfigError's message for `config`, through resolve and make.
std::string config_error(const json& config) {
  try {
    const auto cfg = experiments::resolve_config(config, "test.json", ".");
    (void)experiments::make_experiment(cfg, 1);
  } catch (const core::ConfigError& e) {
    return e.what();
  }
  return "(no ConfigError)";
}

}  // namespace

TEST_CASE("rl.episodic declares each environment's keys once: resolve, describe and the node agree",
          "[rl_pg][schema]") {
  const auto& kind = experiments::registry().find("rl.episodic");
  const core::Param* env = kind.schema.find("/env");
  REQUIRE(env != nullptr);
  REQUIRE(env->type == core::ParamType::variant);
  CHECK(env->tag == "name");
  std::vector<std::string> names;
  for (const auto& alt : env->children()) names.push_back(alt.key);
  CHECK(names == std::vector<std::string>{"short_corridor", "gridworld", "cartpole"});

  const std::string d = kind.schema.describe();
  const std::vector<json> given = {json{{"name", "short_corridor"}},
                                   json{{"name", "gridworld"}, {"map", {"S.G"}}},
                                   json{{"name", "cartpole"}}};
  for (std::size_t i = 0; i < names.size(); ++i) {
    const core::Param& alt = *env->child(names[i]);
    const json resolved = experiments::resolve_config(episodic(given[i]), "test.json", ".").resolved.at("env");
    // Exactly the alternative's keys, each with its declared default (the map as given).
    CHECK(resolved.size() == alt.children().size() + 1);
    const auto from = d.find("name = \"" + names[i] + "\"");
    REQUIRE(from != std::string::npos);
    const auto to = i + 1 < names.size() ? d.find("name = \"" + names[i + 1] + "\"") : d.find("/agent/policy");
    for (const auto& key : alt.children()) {
      INFO(names[i] << "/" << key.key);
      const auto at = d.find("      " + key.key + " ", from);
      CHECK(at < to);
      if (key.is_required()) {
        CHECK(resolved.at(key.key) == given[i].at(key.key));
        continue;
      }
      CHECK(resolved.at(key.key) == key.default_instance());
      CHECK(d.find("default " + core::short_json(key.default_value), at) < to);
    }
  }
  // No /env at all: the first environment with its defaults.
  const json none = experiments::resolve_config(json{{"kind", "rl.episodic"}}, "test.json", ".").resolved.at("env");
  CHECK(none == json{{"name", "short_corridor"}, {"max_steps", 0}, {"step_reward", -1.0}});
  CHECK(env->default_instance() == none);
  // A key inside the variant is found by its path (the GUI asks whether it is live).
  const core::Param* gravity = kind.schema.find("/env/gravity");
  REQUIRE(gravity != nullptr);
  CHECK(gravity->live);
  CHECK(gravity->default_value == 9.8);
  CHECK(kind.schema.find("/env/map")->live);
  CHECK_FALSE(kind.schema.find("/env/cliff_ends_episode")->live);
  CHECK(kind.schema.find("/env/no_such_key") == nullptr);
}

TEST_CASE("rl.episodic: bad environments name the full path, the valid keys and a suggestion", "[rl_pg][errors]") {
  CHECK(config_error(episodic({{"name", "cartpole"}})) == "(no ConfigError)");
  CHECK(config_error(episodic({{"name", "mountain_car"}})) ==
        "test.json: /env/name: expected one of \"short_corridor\", \"gridworld\", \"cartpole\", got \"mountain_car\"");
  CHECK(config_error(episodic({{"max_steps", 10}})) ==
        "test.json: /env/name: expected one of \"short_corridor\", \"gridworld\", \"cartpole\", got nothing");
  // A flat config of the old schema that set another environment's key says which keys this one takes.
  CHECK(config_error(episodic({{"name", "cartpole"}, {"step_reward", -1.0}})) ==
        "test.json: /env/step_reward: expected one of the keys name, max_steps, gravity, force_mag, "
        "pole_half_length, masspole, got unknown key \"step_reward\"");
  CHECK(config_error(episodic({{"name", "cartpole"}, {"gravitty", 9.0}})) ==
        "test.json: /env/gravitty: expected one of the keys name, max_steps, gravity, force_mag, pole_half_length, "
        "masspole, got unknown key \"gravitty\" (did you mean \"gravity\"?)");
  CHECK(config_error(episodic({{"name", "short_corridor"}, {"map", {"S.G"}}})).rfind(
            "test.json: /env/map: expected one of the keys name, max_steps, step_reward, got unknown key", 0) == 0);
  CHECK(config_error(episodic({{"name", "gridworld"}})).rfind("test.json: /env/map: expected a", 0) == 0);
  CHECK(config_error(episodic({{"name", "gridworld"}, {"map", json::array()}})).rfind("test.json: /env/map: expected a", 0) == 0);
  CHECK(config_error(episodic({{"name", "cartpole"}, {"masspole", 0}})) ==
        "test.json: /env/masspole: expected a number > 0, got 0");
  CHECK(config_error(episodic({{"name", "gridworld"}, {"map", {"S.G"}}, {"max_steps", -1}})) ==
        "test.json: /env/max_steps: expected an integer >= 0, got -1");
}
