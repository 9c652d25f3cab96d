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

namespace {

// A temperature: a number > 0 or a schedule object; declared once, used by both agent types.
Param temperature_node() {
  Param t = Param::make(ParamType::either, 1.0, "softmax temperature");
  t.form(ParamType::number, "a constant temperature").greater_than(0).log();
  Param& s = t.form(ParamType::object, "an annealing schedule");
  s.string("schedule", "constant", "how T moves from start to end").one_of({"constant", "linear", "exponential"});
  s.number("start", nullptr, "T at the first step").greater_than(0);
  s.number("end", nullptr, "T after `steps` steps").greater_than(0).optional();
  s.integer("steps", nullptr, "annealing length").at_least(1).optional();
  return t;
}

Schema nested() {
  Schema s;
  s.integer("/runs", 10, "independent runs").at_least(1);
  Param& agent = s.list("/agents", "the agents", 1, 3).variant("name");
  Param& g = agent.alternative("gradient_bandit", "policy gradient on preferences");
  g.number("alpha", 0.1, "step size").greater_than(0).live_control();
  g.boolean("baseline", true, "average-reward baseline");
  g.node("temperature", temperature_node());
  g.string("label", nullptr, "legend label").optional();
  Param& q = agent.alternative("softmax_exploration", "Boltzmann exploration on action values");
  q.string("estimate", "sample_average", "value estimates").one_of({"sample_average", "constant_step"});
  q.node("temperature", temperature_node());
  Param& env = s.object("/env", "the testbed");
  env.integer("k", 10, "arms").at_least(1).at_most(1000);
  env.object("noise", "reward noise").number("sd", 1.0, "noise sd").at_least(0);
  return s;
}

std::string nested_error(const json& config) {
  try {
    nested().resolve(config);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "no error";
}

json one_agent(json agent) { return json{{"agents", json::array({std::move(agent)})}}; }

}  // namespace

TEST_CASE("nested errors name the full JSON path", "[core][config][nested]") {
  CHECK(nested_error(one_agent({{"name", "gradient_bandit"}, {"alpha", -1}})) ==
        "/agents/0/alpha: expected a number > 0, got -1");
  json two = json{{"agents", {{{"name", "gradient_bandit"}}, {{"name", "softmax_exploration"},
                                                                {"temperature", {{"start", 0.0}}}}}}};
  CHECK(nested_error(two) == "/agents/1/temperature/start: expected a number > 0, got 0.0");
  CHECK(nested_error(json{{"agents", json::array({{{"name", "gradient_bandit"}}})}, {"env", {{"noise", {{"sd", -2}}}}}}) ==
        "/env/noise/sd: expected a number >= 0, got -2");
  CHECK(nested_error(one_agent({{"name", "gradient_bandit"}, {"baseline", 1}})) ==
        "/agents/0/baseline: expected true or false, got 1");
  CHECK(nested_error(json{{"agents", 3}}).find("/agents: expected a list of 1 to 3 entries, each an object with "
                                               "\"name\": one of \"gradient_bandit\", \"softmax_exploration\", got 3") == 0);
}

TEST_CASE("did-you-mean works inside list entries, variants and forms", "[core][config][nested]") {
  const std::string m = nested_error(one_agent({{"name", "gradient_bandit"}, {"alpah", 0.2}}));
  CHECK(m == "/agents/0/alpah: expected one of the keys name, alpha, baseline, temperature, label, got unknown key "
             "\"alpah\" (did you mean \"alpha\"?)");
  // softmax_exploration has no alpha here: the suggestion comes from its own keys.
  const std::string q = nested_error(one_agent({{"name", "softmax_exploration"}, {"estimat", "constant_step"}}));
  CHECK(q.find("/agents/0/estimat:") == 0);
  CHECK(q.find("did you mean \"estimate\"") != std::string::npos);
  const std::string t =
      nested_error(one_agent({{"name", "gradient_bandit"}, {"temperature", {{"start", 1.0}, {"stesp", 3}}}}));
  CHECK(t.find("/agents/0/temperature/stesp:") == 0);
  CHECK(t.find("did you mean \"steps\"") != std::string::npos);
  CHECK(nested_error(json{{"agents", json::array({{{"name", "gradient_bandit"}}})}, {"env", {{"kk", 2}}}}).find(
            "/env/kk: expected one of the keys k, noise, got unknown key \"kk\" (did you mean \"k\"?)") == 0);
}

TEST_CASE("lists keep their length bounds and variants their tags", "[core][config][nested]") {
  const json a = {{"name", "gradient_bandit"}};
  CHECK(nested_error(json{{"agents", json::array()}}) ==
        "/agents: expected a list of 1 to 3 entries, each an object with \"name\": one of \"gradient_bandit\", "
        "\"softmax_exploration\", got []");
  CHECK(nested_error(json{{"agents", {a, a, a, a}}}).find("got 4 entries") != std::string::npos);
  CHECK(nested_error(json{{"agents", {a, a, a}}}) == "no error");
  CHECK(nested_error(one_agent({{"name", "epsilon_greedy"}})) ==
        "/agents/0/name: expected one of \"gradient_bandit\", \"softmax_exploration\", got \"epsilon_greedy\"");
  CHECK(nested_error(one_agent({{"alpha", 0.1}})) ==
        "/agents/0/name: expected one of \"gradient_bandit\", \"softmax_exploration\", got nothing");
  CHECK(nested_error(json::object()).find("/agents: expected a list of 1 to 3 entries") == 0);
  CHECK(nested_error(json::object()).find("(required; the agents), got nothing") != std::string::npos);
}

TEST_CASE("resolve fills defaults inside list entries, variants and nested objects", "[core][config][nested]") {
  const json r = nested().resolve(
      json{{"agents", {{{"name", "gradient_bandit"}, {"label", "mine"}}, {{"name", "softmax_exploration"}}}}});
  const json& g = r["agents"][0];
  CHECK(g["alpha"] == 0.1);
  CHECK(g["baseline"] == true);
  CHECK(g["temperature"] == 1.0);
  CHECK(g["label"] == "mine");
  const json& q = r["agents"][1];
  CHECK(q["estimate"] == "sample_average");
  CHECK_FALSE(q.contains("alpha"));  // only the chosen alternative's keys
  CHECK_FALSE(q.contains("label"));  // optional, no default: stays absent
  CHECK(r["env"]["k"] == 10);
  CHECK(r["env"]["noise"]["sd"] == 1.0);
  CHECK(r["runs"] == 10);
  // Resolving is idempotent.
  CHECK(nested().resolve(r) == r);
  // defaults(): the tree's defaults (the required list is left out).
  const json d = nested().defaults();
  CHECK(d["env"]["noise"]["sd"] == 1.0);
  CHECK_FALSE(d.contains("agents"));
}

TEST_CASE("a number-or-object node takes either form", "[core][config][nested]") {
  const auto agent_with = [](json t) { return one_agent({{"name", "gradient_bandit"}, {"temperature", std::move(t)}}); };
  CHECK(nested().resolve(agent_with(0.5))["agents"][0]["temperature"] == 0.5);
  const json sched = nested().resolve(agent_with({{"start", 2.0}, {"steps", 100}}))["agents"][0]["temperature"];
  CHECK(sched == json{{"schedule", "constant"}, {"start", 2.0}, {"steps", 100}});  // end stays absent (optional)
  CHECK(nested_error(agent_with(-1)) == "/agents/0/temperature: expected a number > 0, got -1");
  CHECK(nested_error(agent_with("hot")) ==
        "/agents/0/temperature: expected a number > 0 or an object {schedule, start, end, steps}, got \"hot\"");
  CHECK(nested_error(agent_with({{"schedule", "cosine"}, {"start", 1.0}})).find("/agents/0/temperature/schedule:") == 0);
  CHECK(nested_error(agent_with({{"schedule", "linear"}})) ==
        "/agents/0/temperature/start: expected a number > 0 (required; T at the first step), got nothing");
}

TEST_CASE("the tree can be walked and gives valid examples", "[core][config][nested]") {
  const Schema s = nested();
  const Param* list = s.find("/agents");
  REQUIRE(list != nullptr);
  CHECK(list->type == ParamType::list);
  CHECK(list->min_items == 1);
  CHECK(list->max_items == 3);
  const Param& agent = list->element();
  CHECK(agent.type == ParamType::variant);
  CHECK(agent.tag == "name");
  REQUIRE(agent.child("gradient_bandit") != nullptr);
  const Param* alpha = agent.child("gradient_bandit")->child("alpha");
  REQUIRE(alpha != nullptr);
  CHECK(alpha->path == "/agents/*/alpha");
  CHECK(alpha->live);
  CHECK(alpha->min == 0.0);
  CHECK(alpha->min_exclusive);
  CHECK(s.find("/env/noise/sd") != nullptr);
  CHECK(s.find("/agents/0/alpha") == nullptr);  // inside a list: walk the node instead
  int nodes = 0, deepest = 0;
  s.visit([&](const Param&, int depth) {
    ++nodes;
    deepest = std::max(deepest, depth);
  });
  CHECK(deepest == 5);  // agents 0, * 1, alternative 2, temperature 3, object form 4, start 5
  CHECK(nodes > 20);
  // An example of the whole config validates.
  json example = json::object();
  for (const Param& p : s.params()) example[json::json_pointer(p.path)] = p.example();
  CHECK_NOTHROW(s.resolve(example));
  CHECK(example["agents"][0]["name"] == "gradient_bandit");
  // A copied schema is independent and complete.
  Schema copy = s;
  CHECK(copy.find("/agents") != list);
  CHECK(copy.resolve(example) == s.resolve(example));
}

TEST_CASE("describe lists every nested key per variant alternative", "[core][config][nested]") {
  const std::string d = nested().describe();
  CHECK(d.find("  /agents") != std::string::npos);
  CHECK(d.find("list of 1 to 3; a list of 1 to 3 entries") != std::string::npos);
  CHECK(d.find("name = \"gradient_bandit\"") != std::string::npos);
  CHECK(d.find("name = \"softmax_exploration\"") != std::string::npos);
  CHECK(d.find("number; a number > 0; default 0.1; live") != std::string::npos);
  CHECK(d.find("number or object; a number > 0 or an object {schedule, start, end, steps}; default 1.0") !=
        std::string::npos);
  CHECK(d.find("string; a string; optional") != std::string::npos);
  CHECK(d.find("(number)") != std::string::npos);
  CHECK(d.find("schedule") != std::string::npos);
  // Nesting shows as indentation: alpha sits deeper than its alternative's line.
  const auto alt = d.find("name = \"gradient_bandit\"");
  const auto alpha = d.find("alpha", alt);
  const auto line_start = d.rfind('\n', alpha) + 1;
  CHECK(alpha - line_start > alt - (d.rfind('\n', alt) + 1));
  // Flat schemas keep their listing: path, help, then type; expectation; default.
  Schema flat;
  flat.integer("/runs", 10, "independent runs").at_least(1);
  CHECK(flat.describe() == "  /runs  independent runs\n         integer; an integer >= 1; default 10\n");
}

TEST_CASE("find walks through a variant to the first alternative that declares the key", "[core][config][nested]") {
  Schema s;
  Param& shape = s.object("/shape", "a shape").variant("kind");
  shape.alternative("circle").number("radius", 1.0, "radius").greater_than(0).live_control();
  shape.alternative("square").number("side", 2.0, "side");
  shape.alternative("disc").number("radius", 3.0, "radius");
  shape.default_value = json{{"kind", "circle"}};
  const Param* variant = s.find("/shape");
  REQUIRE(variant != nullptr);
  CHECK(variant->type == ParamType::variant);
  const Param* radius = s.find("/shape/radius");
  REQUIRE(radius != nullptr);
  CHECK(radius == variant->child("circle")->child("radius"));
  CHECK(radius->default_value == 1.0);
  CHECK(radius->live);
  REQUIRE(s.find("/shape/side") != nullptr);
  CHECK(s.find("/shape/side")->default_value == 2.0);
  CHECK(s.find("/shape/kind") == nullptr);  // the tag is not a declared node
  CHECK(s.find("/shape/area") == nullptr);
  CHECK(s.find("/shape/radius/x") == nullptr);
}
