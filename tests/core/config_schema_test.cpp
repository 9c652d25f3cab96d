#include <catch2/catch.hpp>

#include "core/config_error.hpp"
#include "core/config_schema.hpp"

using namespace arbiter::core;
using json = nlohmann::json;

namespace {

Schema example() {
  Schema s;
  s.number("/temperature", 1.0, "temperature T").greater_than(0);
  s.integer("/runs", 10, "independent runs").at_least(1).at_most(100000);
  s.string("/agent/name", "gradient_bandit", "the agent").one_of({"gradient_bandit", "softmax"});
  s.number("/agent/alpha", 0.1, "step size").greater_than(0);
  s.boolean("/agent/baseline", true, "use the average reward baseline");
  s.add("/logits", ParamType::number_list, nullptr, "the logits").nonempty();
  s.add("/env", ParamType::object, json::object(), "the environment, checked by the kind").open = true;
  return s;
}

std::string message_of(const json& config) {
  try {
    example().resolve(config);
  } catch (const ConfigError& e) {
    return e.in_file("c.json").what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("defaults are filled in and integers normalised", "[core][config]") {
  const json r = example().resolve(json{{"logits", {1, 2}}, {"runs", 20.0}, {"agent", {{"alpha", 0.5}}}});
  CHECK(r["temperature"] == 1.0);
  CHECK(r["runs"].is_number_integer());
  CHECK(r["runs"] == 20);
  CHECK(r["agent"]["alpha"] == 0.5);
  CHECK(r["agent"]["name"] == "gradient_bandit");
  CHECK(r["agent"]["baseline"] == true);
}

TEST_CASE("errors name the file, the JSON path, what was expected and what was found", "[core][config]") {
  CHECK(message_of({{"logits", {1}}, {"temperature", -1}}) ==
        "c.json: /temperature: expected a number > 0, got -1");
  CHECK(message_of({{"logits", {1}}, {"runs", 0.5}}) ==
        "c.json: /runs: expected an integer in [1, 100000], got 0.5");
  CHECK(message_of({{"logits", {1}}, {"agent", {{"name", "dqn"}}}}) ==
        "c.json: /agent/name: expected one of \"gradient_bandit\", \"softmax\", got \"dqn\"");
  CHECK(message_of({{"logits", {1, "x"}}}) == "c.json: /logits/1: expected a number, got \"x\"");
  CHECK(message_of({{"logits", json::array()}}) == "c.json: /logits: expected a non-empty list of numbers, got []");
  CHECK(message_of(json::object()) ==
        "c.json: /logits: expected a non-empty list of numbers (required; the logits), got nothing");
  CHECK(message_of({{"logits", {1}}, {"agent", 3}}) == "c.json: /agent: expected an object, got 3");
}

TEST_CASE("unknown keys are errors with a suggestion", "[core][config]") {
  const std::string m = message_of({{"logits", {1}}, {"temprature", 2}});
  CHECK(m.find("c.json: /temprature: expected one of the keys") == 0);
  CHECK(m.find("unknown key \"temprature\" (did you mean \"temperature\"?)") != std::string::npos);
  const std::string nested = message_of({{"logits", {1}}, {"agent", {{"alpah", 0.2}}}});
  CHECK(nested.find("/agent/alpah") != std::string::npos);
  CHECK(nested.find("did you mean \"alpha\"") != std::string::npos);
  // Open objects are the kind's business; common keys are always allowed.
  CHECK_NOTHROW(example().resolve({{"logits", {1}}, {"env", {{"anything", 1}}}, {"seed", 3}, {"kind", "x"}}));
}

TEST_CASE("grids are lists or from/to/points, checked for range", "[core][config]") {
  CHECK(read_grid(json{{"from", 1.0}, {"to", 3.0}, {"points", 5}}, "/t") == std::vector<double>{1, 1.5, 2, 2.5, 3});
  const auto lg = read_grid(json{{"from", 0.1}, {"to", 10.0}, {"points", 3}, {"log", true}}, "/t");
  CHECK(lg[1] == Approx(1.0));
  CHECK_NOTHROW(check_grid(json{0.5, 1.0}, "/t", 0.0));
  CHECK_THROWS_WITH(check_grid(json{0.5, -1.0}, "/t", 0.0), "/t/1: expected a number > 0, got -1.0");
  CHECK_THROWS_AS(check_grid(json{{"from", 1}, {"to", 2}}, "/t", 0.0), ConfigError);
  CHECK_THROWS_AS(check_grid(json::array(), "/t", 0.0), ConfigError);
}
