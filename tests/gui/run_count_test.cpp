// The status bar's count (gui/app/run_count.hpp) is the cards' number in the run's own unit, and agrees with
// the Experiment contract's progress: the lessons' experiments stepped as the GUI steps them.
#include <catch2/catch.hpp>

#include <string>
#include "experiments/config_loader.hpp"
#include "gui/app/experiment_session.hpp"
#include "gui/app/run_count.hpp"

using namespace arbiter;

namespace {
gui::ExperimentSession lesson(const std::string& file, int steps) {
  gui::ExperimentSession s;
  const std::string path = "configs/classroom/" + file;
  const bool ok = s.configure(experiments::read_json_file(path), path, "configs/classroom");
  INFO(s.error());
  REQUIRE(ok);
  s.advance(steps, 1e9);
  return s;
}
}  // namespace

TEST_CASE("the status bar counts bandit steps as the step card does, M / N the progress", "[gui][run_count]") {
  gui::ExperimentSession s = lesson("02_bandit_baseline.json", 5);
  const experiments::Number* n = gui::run_count_number(s.observables());
  REQUIRE(n != nullptr);
  CHECK(n->id == "step");
  // 5 step() calls, 50 time steps of 1000: the count is the card's, and 50 / 1000 is the progress.
  CHECK(gui::run_count_text(s.observables(), s.progress()) == "step " + n->text);
  CHECK(n->text == "50 / 1000");
  CHECK(s.steps() == 5);
  CHECK(n->value / 1000.0 == Approx(s.progress()));
}

TEST_CASE("the status bar counts the Ising lattice's sweeps and the gridworld's episodes as their cards do",
          "[gui][run_count]") {
  gui::ExperimentSession ising = lesson("09_physics_ising.json", 5);
  const experiments::Number* sweeps = gui::run_count_number(ising.observables());
  REQUIRE(sweeps != nullptr);
  CHECK(sweeps->id == "sweeps");
  CHECK(sweeps->value > static_cast<double>(ising.steps()));  // a step() call is several sweeps
  // The live lattice has no end.
  CHECK(gui::run_count_text(ising.observables(), ising.progress()).rfind("sweeps " + sweeps->text, 0) == 0);

  gui::ExperimentSession grid = lesson("05_pg_gridworld.json", 5);
  const experiments::Number* episodes = gui::run_count_number(grid.observables());
  REQUIRE(episodes != nullptr);
  CHECK(episodes->id == "episodes");
  // Every run's episodes so far (4 runs in step): the progress is episodes / 3000.
  CHECK(episodes->value / 3000.0 == Approx(grid.progress()));
  char pct[32];
  std::snprintf(pct, sizeof pct, "%.1f%%", 100.0 * grid.progress());
  CHECK(gui::run_count_text(grid.observables(), grid.progress()) ==
        "episodes (all runs) " + episodes->text + ", " + pct + " of the run");
}

TEST_CASE("a computation done in one step has no count for the status bar", "[gui][run_count]") {
  gui::ExperimentSession softmax = lesson("01_softmax_temperature.json", 1);
  CHECK(gui::run_count_number(softmax.observables()) == nullptr);
  CHECK(gui::run_count_text(softmax.observables(), softmax.progress()).empty());
}
