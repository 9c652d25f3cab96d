// The plotting layer's axis arithmetic: 1-2-5 ticks inside the range, powers of ten on log axes,
// padding of degenerate ranges, and the data-to-axis mapping.
#include <catch2/catch.hpp>
#include "gui/plot/axes.hpp"

using namespace arbiter::gui::plot;

TEST_CASE("linear ticks are 1-2-5 multiples inside the range") {
  const auto t = ticks(AxisRange{0.0, 1.0, false}, 5);
  REQUIRE(t.size() == 6);
  CHECK(t.front() == Approx(0.0));
  CHECK(t[1] == Approx(0.2));
  CHECK(t.back() == Approx(1.0));
  const auto u = ticks(AxisRange{-3.7, 12.2, false}, 4);
  REQUIRE(u.size() == 3);
  CHECK(u[0] == Approx(0.0));
  CHECK(u[1] == Approx(5.0));
  CHECK(u[2] == Approx(10.0));
}

TEST_CASE("log ticks are powers of ten") {
  const auto t = ticks(AxisRange{0.05, 20.0, true}, 8);
  REQUIRE(t.size() == 3);
  CHECK(t[0] == Approx(0.1));
  CHECK(t[1] == Approx(1.0));
  CHECK(t[2] == Approx(10.0));
  const auto many = ticks(AxisRange{1e-6, 1e6, true}, 4);
  CHECK(many.size() <= 5);
  CHECK(many.front() == Approx(1e-6));
}

TEST_CASE("degenerate and empty ranges are widened") {
  const AxisRange r = padded_range(3.0, 3.0, false);
  CHECK(r.lo < 3.0);
  CHECK(r.hi > 3.0);
  const AxisRange l = padded_range(0.0, 10.0, true);
  CHECK(l.lo > 0.0);
  const AxisRange bad = padded_range(1.0, -1.0, false);
  CHECK(bad.lo == 0.0);
  CHECK(bad.hi == 1.0);
}

TEST_CASE("normalised maps the range ends to 0 and 1 (log: geometric midpoint to 1/2)") {
  CHECK(normalised(AxisRange{2.0, 4.0, false}, 3.0) == Approx(0.5));
  CHECK(normalised(AxisRange{0.1, 10.0, true}, 1.0) == Approx(0.5));
  CHECK(normalised(AxisRange{0.1, 10.0, true}, 10.0) == Approx(1.0));
}

TEST_CASE("tick labels are short") {
  CHECK(tick_label(0.25) == "0.25");
  CHECK(tick_label(1000.0) == "1000");
  CHECK(tick_label(1e6) == "1e+06");
  CHECK(tick_label(0.0) == "0");
}

TEST_CASE("lattice cells snap to whole pixels unless that shrinks them by more than a third") {
  CHECK(pixel_cell(3.5f, 1.0f) == 3.0f);
  CHECK(pixel_cell(7.03f, 1.0f) == 7.0f);
  CHECK(pixel_cell(2.9f, 1.0f) == 2.0f);    // 2 / 2.9 = 0.69 of the room
  CHECK(pixel_cell(1.76f, 1.0f) == 1.76f);  // 1 px would be 0.57 of it: kept fractional
  CHECK(pixel_cell(1.76f, 2.0f) == 1.5f);   // 3 framebuffer pixels on a 2x display
  CHECK(pixel_cell(0.01f, 1.0f) == 0.1f);
}
