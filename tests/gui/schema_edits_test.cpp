// The schema controls' list, variant and form edits as pure functions on JSON, on the rl.bandit kind's own
// agent list: copy inserts right after the copied entry (the old agent editor's copy of any agent but the
// last deleted the last agent instead), lengths stay within the schema's bounds, switching an agent's type
// keeps the keys both types share, and a temperature switches between a number and a schedule.
#include <catch2/catch.hpp>

#include "experiments/registry.hpp"
#include "gui/widgets/schema_edits.hpp"

using namespace arbiter;
using json = nlohmann::json;

namespace {

const core::Param& agents_node() {
  const core::Param* p = experiments::registry().find("rl.bandit").schema.find("/agents");
  REQUIRE(p != nullptr);
  return *p;
}

json three_agents() {
  return json::array({{{"name", "gradient_bandit"}, {"alpha", 0.1}},
                      {{"name", "gradient_bandit"}, {"alpha", 0.4}},
                      {{"name", "softmax_exploration"}, {"temperature", 0.3}}});
}

}  // namespace

TEST_CASE("copy inserts the copy right after the copied agent and removes nothing", "[gui][schema_edits]") {
  for (std::size_t i = 0; i < 3; ++i) {
    json agents = three_agents();
    REQUIRE(gui::list_copy(agents_node(), agents, i));
    REQUIRE(agents.size() == 4);
    CHECK(agents[i] == three_agents()[i]);
    CHECK(agents[i + 1] == three_agents()[i]);
    // Every original agent is still there, in order.
    json without_copy = agents;
    without_copy.erase(i + 1);
    CHECK(without_copy == three_agents());
  }
}

TEST_CASE("list edits respect the schema's length bounds", "[gui][schema_edits]") {
  const core::Param& list = agents_node();
  json one = json::array({three_agents()[0]});
  CHECK_FALSE(gui::list_remove(list, one, 0));  // at least one agent
  CHECK(one.size() == 1);
  json full = json::array();
  for (std::size_t i = 0; i < list.max_items; ++i) full.push_back(three_agents()[0]);
  CHECK_FALSE(gui::list_copy(list, full, 0));
  CHECK_FALSE(gui::list_add(list, full));
  CHECK(full.size() == list.max_items);
  json agents = three_agents();
  REQUIRE(gui::list_remove(list, agents, 1));
  CHECK(agents == json::array({three_agents()[0], three_agents()[2]}));
  // An added agent is the first alternative with its declared defaults, and it validates.
  REQUIRE(gui::list_add(list, agents));
  const json& added = agents.back();
  CHECK(added.at("name") == list.element().members.front().key);
  CHECK(added.at("alpha") == list.element().child("gradient_bandit")->child("alpha")->default_value);
  CHECK_NOTHROW(list.resolve(agents, "/agents"));
}

TEST_CASE("switching an agent's type keeps the keys both types accept", "[gui][schema_edits]") {
  const core::Param& variant = agents_node().element();
  json agent = {{"name", "gradient_bandit"}, {"alpha", 0.25}, {"baseline", false}, {"temperature", 0.5}};
  REQUIRE(gui::switch_alternative(variant, agent, "softmax_exploration"));
  CHECK(agent.at("name") == "softmax_exploration");
  CHECK(agent.at("alpha") == 0.25);       // shared and in (0, 1]
  CHECK(agent.at("temperature") == 0.5);  // shared
  CHECK_FALSE(agent.contains("baseline"));
  CHECK(agent.at("estimate") == "sample_average");
  CHECK_NOTHROW(variant.resolve(agent, "/agents/0"));
  json big = {{"name", "gradient_bandit"}, {"alpha", 2.0}};
  REQUIRE(gui::switch_alternative(variant, big, "softmax_exploration"));
  CHECK(big.at("alpha") == variant.child("softmax_exploration")->child("alpha")->default_value);  // 2 > 1: default
  CHECK_FALSE(gui::switch_alternative(variant, big, "softmax_exploration"));  // already that type
}

TEST_CASE("a temperature switches between a number and a schedule", "[gui][schema_edits]") {
  const core::Param& temperature = *agents_node().element().child("gradient_bandit")->child("temperature");
  json t = 0.5;
  REQUIRE(gui::switch_form(temperature, t, core::ParamType::object));
  CHECK(t.at("start") == 0.5);
  CHECK(t.at("schedule") == "constant");
  CHECK_NOTHROW(temperature.resolve(t, "/t"));
  REQUIRE(gui::switch_form(temperature, t, core::ParamType::number));
  CHECK(t == 0.5);
  CHECK_FALSE(gui::switch_form(temperature, t, core::ParamType::number));
}
