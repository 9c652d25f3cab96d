// Slider spans a class can drag: a reward the schema allows in +-1e6 gets a slider of five times its scale
// either side of zero (the gridworld's cliff reward -100: +-500), the current value always inside, the schema's
// range untouched; spans that already suit the value keep the schema's bounds.
#include <catch2/catch.hpp>

#include "experiments/registry.hpp"
#include "gui/widgets/slider_range.hpp"

using namespace arbiter;

namespace {

const core::Param& gridworld_reward(const char* key) {
  const core::Schema& schema = experiments::registry().find("rl.episodic").schema;
  const core::Param* p = nullptr;
  schema.visit([&](const core::Param& q, int) {
    if (p == nullptr && q.key == key && q.max && *q.max >= 1e6) p = &q;
  });
  REQUIRE(p != nullptr);
  return *p;
}

}  // namespace

TEST_CASE("a reward allowed in +-1e6 gets a teaching span around its value", "[gui][slider_range]") {
  const core::Param& cliff = gridworld_reward("cliff_reward");
  REQUIRE(*cliff.min == -1e6);
  REQUIRE(*cliff.max == 1e6);
  const gui::SliderRange r = gui::slider_range(cliff, -100.0);
  CHECK(r.narrowed);
  CHECK(r.lo == -500.0);
  CHECK(r.hi == 500.0);
  // The step reward (-1): +-5; a current value past the span widens it, up to the schema's bounds.
  const core::Param& step = gridworld_reward("step_reward");
  const gui::SliderRange s = gui::slider_range(step, -1.0);
  CHECK(s.lo == -5.0);
  CHECK(s.hi == 5.0);
  const gui::SliderRange wide = gui::slider_range(step, -2000.0);
  CHECK(wide.lo <= -2000.0);
  CHECK(wide.hi >= 5.0);
  CHECK(wide.lo >= -1e6);
  // The schema itself still accepts the whole range.
  CHECK(*step.min == -1e6);
  CHECK(*step.max == 1e6);
}

TEST_CASE("a span that suits its value keeps the schema's bounds", "[gui][slider_range]") {
  core::Param p;
  p.type = core::ParamType::number;
  p.default_value = 0.5;
  p.min = 0.0;
  p.max = 1.0;
  const gui::SliderRange r = gui::slider_range(p, 0.5);
  CHECK_FALSE(r.narrowed);
  CHECK(r.lo == 0.0);
  CHECK(r.hi == 1.0);
  // Integers: at least +-50 (5 x 10) before narrowing; 0..1e8 sweeps around 1000 becomes 0..5000.
  core::Param n;
  n.type = core::ParamType::integer;
  n.default_value = 1000;
  n.min = 0.0;
  n.max = 1e8;
  const gui::SliderRange m = gui::slider_range(n, 1000.0);
  CHECK(m.narrowed);
  CHECK(m.lo == 0.0);
  CHECK(m.hi == 5000.0);
}
