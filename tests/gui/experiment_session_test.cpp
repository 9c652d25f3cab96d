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
