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
#include "experiments/runner.hpp"

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
        "test.json: /env/masspole: expected a number in [0.001, 1000], got 0");
  CHECK(config_error(episodic({{"name", "gridworld"}, {"map", {"S.G"}}, {"max_steps", -1}})) ==
        "test.json: /env/max_steps: expected an integer in [0, 1e+06], got -1");
}

namespace {

// The refusal of the run cost check for `config` (resolved), or "(runs)".
std::string cost_refusal(const json& config, bool yes = false) {
  try {
    experiments::check_run_cost(experiments::resolve_config(config, "test.json", "."), yes);
  } catch (const core::ConfigError& e) {
    return e.what();
  }
  return "(runs)";
}

}  // namespace

TEST_CASE("rl.episodic: extreme sizes, rewards and physics are refused naming their JSON path (the config fuzzer's "
          "findings)", "[rl_pg][errors][reliability]") {
  const auto starts = [](const std::string& message, const std::string& prefix) {
    INFO(message);
    return message.rfind(prefix, 0) == 0;
  };
  json c = episodic({{"name", "cartpole"}, {"pole_half_length", 1e-300}});
  CHECK(starts(config_error(c), "test.json: /env/pole_half_length: expected a number in [0.001, 100]"));
  c = episodic({{"name", "cartpole"}, {"gravity", 1e308}});
  CHECK(starts(config_error(c), "test.json: /env/gravity: expected a number in [0, 1000]"));
  c = episodic({{"name", "cartpole"}, {"max_steps", 9007199254740991LL}});
  CHECK(starts(config_error(c), "test.json: /env/max_steps: expected an integer in [0, 1e+06]"));
  c = episodic({{"name", "short_corridor"}, {"step_reward", 1e308}});
  CHECK(starts(config_error(c), "test.json: /env/step_reward: expected a number in [-1e+06, 1e+06]"));
  for (const char* path : {"/runs", "/episodes", "/agent/episodes_per_update", "/agent/entropy/episodes",
                           "/output/every", "/report/window"}) {
    c = episodic({{"name", "short_corridor"}});
    c[json::json_pointer(path)] = 9007199254740991LL;
    CHECK(starts(config_error(c), std::string("test.json: ") + path + ": expected an integer in [1, "));
  }
  c = episodic({{"name", "cartpole"}});
  c["agent"] = {{"policy", "mlp"}, {"hidden", {9007199254740991LL}}};
  CHECK(starts(config_error(c), "test.json: /agent/hidden/0: expected"));
}

TEST_CASE("rl.episodic: a run that cannot fit in memory is refused naming its keys and the estimate, a long one "
          "asks --yes", "[rl_pg][errors][reliability]") {
  json c = episodic({{"name", "cartpole"}});
  CHECK(cost_refusal(c) == "(runs)");
  c["runs"] = 1000000;
  c["episodes"] = 1000000000;
  const std::string memory = cost_refusal(c, true);
  CHECK(memory.rfind("test.json: /runs, /episodes, /env/max_steps: this run would need about ", 0) == 0);
  CHECK(memory.find(" PB of memory and ") != std::string::npos);
  // 10 CartPole runs of a million episodes each with a 256 x 256 MLP policy (about 400 MB, a month).
  c["runs"] = 10;
  c["episodes"] = 1000000;
  c["agent"] = {{"policy", "mlp"}, {"hidden", {256, 256}}};
  c["output"] = {{"every", 1000000}};
  const std::string time = cost_refusal(c);
  CHECK(time.rfind("test.json: /runs, /episodes, /env/max_steps: this run would take about ", 0) == 0);
  CHECK(time.find("pass --yes to run it anyway") != std::string::npos);
  CHECK(cost_refusal(c, true) == "(runs)");
  // A per-episode update holds its batch of episodes: the key joins the list when it is more than 1.
  c = episodic({{"name", "cartpole"}, {"max_steps", 1000000}});
  c["agent"]["update"] = "per_episode";
  c["agent"]["episodes_per_update"] = 1000000;
  c["episodes"] = 1000000;
  CHECK(cost_refusal(c).find("/agent/episodes_per_update: this run would need about") != std::string::npos);
}
