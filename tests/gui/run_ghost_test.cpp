// gui::RunGhost (the previous run's curves kept across a restart) and gui::PausePoint (pause at a chosen count),
// as plain logic; and, through gui::ExperimentSession, the ghost a rebuild leaves and a run that stops AT its
// pause point even when the frame asks for far more steps than it takes to get there.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include "gui/app/experiment_session.hpp"
#include "gui/app/run_ghost.hpp"
#include "gui/labs/pause_point.hpp"

using arbiter::experiments::Observables;
using arbiter::experiments::Plot;
using arbiter::gui::ExperimentSession;
using arbiter::gui::PausePoint;
using arbiter::gui::RunGhost;

namespace {

// A run's observables: one plot "curve" whose one series ends at (x, y).
Observables run_at(double x, double y) {
  Observables o;
  Plot p;
  p.id = "curve";
  p.series.push_back({"agent", {0.0, x}, {0.0, y}, {}});
  o.plots.push_back(p);
  return o;
}

double last_y(const Plot* p) { return p->series.at(0).y.back(); }

double number(const ExperimentSession& session, const std::string& id) {
  for (const auto& n : session.observables().numbers)
    if (n.id == id) return n.value;
  FAIL("no number " << id);
  return 0.0;
}

}  // namespace

TEST_CASE("the ghost keeps the run that a restart replaced, and only that one", "[ghost]") {
  RunGhost ghost;
  CHECK(ghost.empty());
  CHECK(ghost.plot("curve") == nullptr);
  ghost.run_replaced(run_at(100.0, 0.25), true);  // run A ends (restart)
  REQUIRE(ghost.plot("curve") != nullptr);
  CHECK(last_y(ghost.plot("curve")) == 0.25);
  CHECK(ghost.plot("other") == nullptr);
  ghost.run_replaced(run_at(300.0, 0.75), true);  // run B ends: A is dropped
  REQUIRE(ghost.plot("curve") != nullptr);
  CHECK(last_y(ghost.plot("curve")) == 0.75);
  CHECK(ghost.plot("curve")->series.at(0).x.back() == 300.0);
  // A run that did no work (r pressed twice, a slider dragged through values) leaves B as the ghost.
  ghost.run_replaced(run_at(0.0, 0.0), false);
  CHECK(last_y(ghost.plot("curve")) == 0.75);
  // A plot without points is no ghost.
  Observables empty;
  empty.plots.push_back(Plot{"curve", "", "", "", {{"agent", {}, {}, {}}}, false, false, {}});
  ghost.run_replaced(empty, true);
  CHECK(ghost.plot("curve") == nullptr);
  ghost.clear();
  CHECK(ghost.empty());
}

TEST_CASE("a pause point stops the run at the count, lets it go on past it, and holds again for a new run", "[pause]") {
  PausePoint p;
  CHECK(p.stop_for(0) == 0);  // none set
  CHECK_FALSE(p.reached_now(1000));
  p.set(300, 0);
  CHECK(p.at() == 300);
  CHECK(p.stop_for(120) == 300);
  CHECK_FALSE(p.reached_now(299));
  CHECK(p.reached_now(300));
  CHECK(p.reached());
  CHECK_FALSE(p.reached_now(300));  // once: Space goes on
  CHECK(p.stop_for(300) == 0);      // and the run is no longer held there
  CHECK_FALSE(p.reached_now(450));
  p.new_run();
  CHECK(p.stop_for(0) == 300);
  CHECK(p.reached_now(300));
  // A point set behind the run waits for the next run; 0 clears it.
  p.set(100, 250);
  CHECK(p.stop_for(250) == 0);
  CHECK_FALSE(p.reached_now(260));
  p.new_run();
  CHECK(p.stop_for(0) == 100);
  p.set(0, 0);
  CHECK(p.stop_for(0) == 0);
  CHECK_FALSE(p.reached_now(5000));
  p.set(-4, 0);
  CHECK(p.at() == 0);
}

TEST_CASE("a rebuild leaves the replaced run's curves as the session's ghost, for one run", "[ghost][session]") {
  ExperimentSession session;
  const nlohmann::json config = {{"kind", "rl.bandit"}, {"runs", 16}, {"steps", 200}, {"seed", 3},
                                 {"agents", {{{"name", "gradient_bandit"}, {"alpha", 0.1}}}}};
  REQUIRE(session.configure(config));
  CHECK(session.ghost().empty());
  REQUIRE(session.advance(1 << 20, 1e9) > 0);
  REQUIRE(session.done());
  const Plot run_a = session.observables().plots.at(0);
  REQUIRE(session.rebuild());
  REQUIRE(session.ghost().plot(run_a.id) != nullptr);
  CHECK(session.ghost().plot(run_a.id)->series.at(0).y == run_a.series.at(0).y);
  CHECK(session.ghost().plot(run_a.id)->series.at(0).x.size() == 200);
  REQUIRE(session.rebuild());  // no step in between: the ghost is still run A
  REQUIRE(session.ghost().plot(run_a.id) != nullptr);
  CHECK(session.ghost().plot(run_a.id)->series.at(0).x.size() == 200);
  // Run B, cut short at 20 steps by an edit that restarts it: B becomes the ghost, A is gone.
  session.stop_at(20);
  session.advance(1 << 20, 1e9);
  nlohmann::json edited = session.config();
  edited["agents"][0]["alpha"] = 0.4;
  REQUIRE(session.change(edited) == ExperimentSession::Change::rebuilt);
  REQUIRE(session.ghost().plot(run_a.id) != nullptr);
  CHECK(session.ghost().plot(run_a.id)->series.at(0).x.size() == 20);
}

TEST_CASE("a bandit run stops AT its pause point although the frame asks for every step", "[pause][session]") {
  ExperimentSession session;
  // 1000 steps: a live slice does up to 10 of them, so 303 is inside a slice.
  const nlohmann::json config = {{"kind", "rl.bandit"}, {"runs", 8}, {"steps", 1000}, {"seed", 3},
                                 {"agents", {{{"name", "gradient_bandit"}, {"alpha", 0.1}}}}};
  REQUIRE(session.configure(config));
  REQUIRE(session.stop_at(303));
  session.advance(1 << 20, 1e9);
  CHECK(number(session, "step") == 303);
  CHECK(session.at_stop());
  CHECK_FALSE(session.done());
  CHECK(session.advance(50, 1e9) == 0);  // it stays there
  CHECK(number(session, "step") == 303);
  // Lifted: the run goes on to its end, with the numbers of a run never paused.
  REQUIRE(session.stop_at(0));
  session.advance(1 << 20, 1e9);
  CHECK(session.done());
  const auto paused_csv = session.results_csv();
  ExperimentSession straight;
  REQUIRE(straight.configure(config));
  straight.advance(1 << 20, 1e9);
  CHECK(straight.results_csv() == paused_csv);
}

TEST_CASE("an episodic run stops AT its pause episode in every run", "[pause][session]") {
  ExperimentSession session;
  const nlohmann::json config = {{"kind", "rl.episodic"}, {"seed", 5}, {"runs", 3}, {"episodes", 2000},
                                 {"env", {{"name", "short_corridor"}}},
                                 {"agent", {{"features", "constant"}, {"initial_preferences", {0.0, 0.0}}}}};
  REQUIRE(session.configure(config));
  REQUIRE(session.stop_at(777));
  session.advance(1 << 20, 1e9);
  CHECK(number(session, "episodes") == 777);
  CHECK(session.at_stop());
  // A rebuild lifts the point.
  REQUIRE(session.rebuild());
  CHECK_FALSE(session.at_stop());
  session.advance(1 << 20, 1e9);
  CHECK(session.done());
  CHECK(number(session, "episodes") == 2000);
}
