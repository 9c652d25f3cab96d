// The keys that nudge a lab's main control (gui/widgets/slider_nudge.hpp): which control is main, read from the
// kind's schema and the lesson's config, and the step of one nudge, from the control's slider span.
#include <catch2/catch.hpp>

#include <string>
#include "experiments/config_loader.hpp"
#include "gui/widgets/slider_nudge.hpp"

using namespace arbiter;
using nlohmann::json;

namespace {
struct Main {
  gui::MainControl control;
  double value = 0.0;
};
Main main_of(const std::string& lesson) {
  static std::vector<experiments::LoadedConfig> keep;  // the schema the control points into stays alive
  keep.push_back(experiments::load_config("configs/classroom/" + lesson));
  const auto& loaded = keep.back();
  Main m{gui::main_control(loaded.kind->schema, loaded.resolved), 0.0};
  if (m.control.param != nullptr) m.value = loaded.resolved.at(json::json_pointer(m.control.pointer)).get<double>();
  return m;
}
}  // namespace

TEST_CASE("the main control is the kind's first live number, else its first log-scale number", "[gui][nudge]") {
  const Main softmax = main_of("01_softmax_temperature.json");
  REQUIRE(softmax.control.param != nullptr);
  CHECK(softmax.control.pointer == "/temperature");
  CHECK(softmax.control.param->live);
  // The Ising lab's T: a live list of one temperature.
  const Main ising = main_of("09_physics_ising.json");
  REQUIRE(ising.control.param != nullptr);
  CHECK(ising.control.pointer == "/temperatures/0");
  CHECK(ising.value == Approx(2.269));
  // The bandit has no live number: the first agent's step size (log scale), a change restarts the run.
  const Main bandit = main_of("02_bandit_baseline.json");
  REQUIRE(bandit.control.param != nullptr);
  CHECK(bandit.control.pointer == "/agents/0/alpha");
  CHECK_FALSE(bandit.control.param->live);
  // The gridworld's live step reward comes before its (live) learning rates in the schema.
  CHECK(main_of("05_pg_gridworld.json").control.pointer == "/env/step_reward");
  // The numerics lesson has neither.
  CHECK(main_of("13_ml_numerics.json").control.param == nullptr);
}

TEST_CASE("one nudge is a hundredth of the slider's span on its grid, ten with Shift, within the span",
          "[gui][nudge]") {
  // Softmax T: a log slider over [0.01, 100], four decades: a step is 10^(4/100) = 1.0965, to 3 digits.
  const Main softmax = main_of("01_softmax_temperature.json");
  CHECK(gui::nudged_value(*softmax.control.param, 1.0, +1, false) == Approx(1.10));
  CHECK(gui::nudged_value(*softmax.control.param, 1.0, -1, false) == Approx(0.912));
  CHECK(gui::nudged_value(*softmax.control.param, 1.0, +1, true) == Approx(2.51));  // 10^0.4 = 2.512
  CHECK(gui::nudged_value(*softmax.control.param, 100.0, +1, false) == Approx(100.0));  // the span's end
  // The bandit's alpha: a log span of nine decades, so the step is the cap, a factor 1.1.
  const Main bandit = main_of("02_bandit_baseline.json");
  CHECK(gui::nudged_value(*bandit.control.param, 0.1, +1, false) == Approx(0.11));
  CHECK(gui::nudged_value(*bandit.control.param, 0.1, +1, true) == Approx(0.259));  // 0.1 * 1.1^10 = 0.2594
  // The Ising T, a linear span of +-9.08: a hundredth is 0.18, the step 0.2; from 2.269 the next multiple up
  // is 2.4 and down 2.2.
  const Main ising = main_of("09_physics_ising.json");
  CHECK(gui::nudged_value(*ising.control.param, 2.269, +1, false) == Approx(2.4));
  CHECK(gui::nudged_value(*ising.control.param, 2.269, -1, false) == Approx(2.2));
  CHECK(gui::nudged_value(*ising.control.param, 2.4, +1, false) == Approx(2.6));
  CHECK(gui::nudged_value(*ising.control.param, 2.269, +1, true) == Approx(4.2));
  // The gridworld's step reward, its slider narrowed to [-5, 5] around -1: 0.1 a step, 1 with Shift.
  const Main grid = main_of("05_pg_gridworld.json");
  CHECK(gui::nudged_value(*grid.control.param, -1.0, +1, false) == Approx(-0.9));
  CHECK(gui::nudged_value(*grid.control.param, -1.0, -1, true) == Approx(-2.0));
}

TEST_CASE("an integer control moves by a whole step of at least 1", "[gui][nudge]") {
  core::Param small = core::Param::make(core::ParamType::integer, 3, "a count in [0, 10]");
  small.at_least(0).at_most(10);
  CHECK(gui::nudged_value(small, 3.0, +1, false) == 4.0);
  CHECK(gui::nudged_value(small, 3.0, -1, true) == 0.0);  // ten down, stopped at 0
  // Attention's d_k over [1, 4096]: a hundredth is 41, the step 50; from 64: 100 up, 50 down.
  const Main attention = main_of("12_ml_attention.json");
  REQUIRE(attention.control.pointer == "/view/d_k");
  CHECK(gui::nudged_value(*attention.control.param, 64.0, +1, false) == 100.0);
  CHECK(gui::nudged_value(*attention.control.param, 64.0, -1, false) == 50.0);
}
