// gui::ExperimentSession's budgeted stepping: the first step of a frame always runs; a further one runs only
// when the running average of one step's time says it would end within the budget.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include "gui/app/experiment_session.hpp"

using arbiter::gui::ExperimentSession;

TEST_CASE("a session starts no step that would overrun the frame budget, but always one") {
  ExperimentSession session;
  const nlohmann::json config = {{"kind", "rl.bandit"}, {"runs", 64}, {"steps", 500}, {"seed", 3},
                                 {"agents", {{{"name", "gradient_bandit"}, {"alpha", 0.1}}}}};
  const bool configured = session.configure(config);
  INFO(session.error());
  REQUIRE(configured);
  CHECK(session.advance(5, 0.0) == 1);    // no budget: the one step that keeps it moving
  CHECK(session.advance(5, -1.0) == 1);
  CHECK(session.advance(3, 1e6) == 3);    // ample budget: the steps asked for
  CHECK(session.advance(0, 1e6) == 0);
  CHECK(session.steps() == 5);
  CHECK(session.progress() > 0.0);
  CHECK(session.error().empty());
}

namespace {

// A short-corridor REINFORCE experiment (kind rl.episodic, whose /env/step_reward is live).
nlohmann::json corridor() {
  return {{"kind", "rl.episodic"}, {"seed", 5}, {"runs", 2}, {"episodes", 2000},
          {"env", {{"name", "short_corridor"}}},
          {"agent", {{"features", "constant"}, {"initial_preferences", {0.0, 0.0}}}}};
}

double number(const ExperimentSession& session, const std::string& id) {
  for (const auto& n : session.observables().numbers)
    if (n.id == id) return n.value;
  FAIL("no number " << id);
  return 0.0;
}

}  // namespace

TEST_CASE("a change of live keys goes to the running experiment, and any other change rebuilds it", "[session]") {
  ExperimentSession session;
  REQUIRE(session.configure(corridor()));
  REQUIRE(session.advance(3, 1e6) == 3);
  const auto generation = session.generation();
  const double episodes = number(session, "episodes");
  CHECK(episodes > 0.0);

  // The step reward is live: same experiment, same steps, the new value in the config and in J(p).
  nlohmann::json edited = session.config();
  edited["env"]["step_reward"] = -2.0;
  CHECK(session.change(edited) == ExperimentSession::Change::live);
  CHECK(session.generation() == generation);
  CHECK(session.steps() == 3);
  CHECK(session.live_changed());
  CHECK(session.config()["env"]["step_reward"] == -2.0);
  CHECK(number(session, "episodes") == episodes);
  const double p = number(session, "p_right");
  CHECK(number(session, "start_value") == Approx(2.0 * (2.0 * p - 4.0) / (p * (1.0 - p))));
  REQUIRE(session.advance(2, 1e6) == 2);  // and it goes on from there
  CHECK(session.steps() == 5);
  CHECK(number(session, "episodes") > episodes);

  // Nothing changed: nothing happens.
  CHECK(session.change(session.config()) == ExperimentSession::Change::none);
  CHECK(session.generation() == generation);

  // The number of runs is not live: a fresh experiment, from step 0.
  edited = session.config();
  edited["runs"] = 3;
  CHECK(session.change(edited) == ExperimentSession::Change::rebuilt);
  CHECK(session.generation() == generation + 1);
  CHECK(session.steps() == 0);
  CHECK_FALSE(session.live_changed());
  CHECK(session.config()["runs"] == 3);

  // A new seed rebuilds too.
  edited = session.config();
  edited["seed"] = 6;
  CHECK(session.change(edited) == ExperimentSession::Change::rebuilt);
  CHECK(session.generation() == generation + 2);
}

TEST_CASE("a live change the experiment declines rebuilds it, and one that cannot be built keeps the old one",
          "[session]") {
  ExperimentSession session;
  const nlohmann::json grid = {{"kind", "rl.episodic"}, {"seed", 1}, {"runs", 1}, {"episodes", 50},
                               {"env", {{"name", "gridworld"}, {"map", {"S..", "...", "..G"}}}},
                               {"agent", {{"policy", "tabular"}}}};
  REQUIRE(session.configure(grid));
  session.advance(1, 1e6);
  const auto generation = session.generation();
  nlohmann::json edited = session.config();
  edited["env"]["map"][1] = "##.";  // the map is live: a wall, painted while it learns
  CHECK(session.change(edited) == ExperimentSession::Change::live);
  CHECK(session.generation() == generation);
  CHECK(session.observables().grids.at(0).values.at(3) == 1.0f);
  edited["env"]["map"][2] = "##G";
  edited["env"]["map"][0] = "S##";  // the goal cut off: the experiment declines, and the rebuild fails too
  CHECK(session.change(edited) == ExperimentSession::Change::failed);
  CHECK(session.generation() == generation);
  CHECK(session.error().find("/env/map") != std::string::npos);
  CHECK(session.config()["env"]["map"][0] == "S..");
  CHECK(session.advance(1, 1e6) == 1);  // the running experiment goes on
}
