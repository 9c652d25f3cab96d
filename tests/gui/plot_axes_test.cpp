// The plotting layer's axis arithmetic: 1-2-5 ticks inside the range, powers of ten on log axes,
// padding of degenerate ranges, and the data-to-axis mapping.
#include <catch2/catch.hpp>
#include "gui/plot/axes.hpp"

#include <string>
#include <vector>

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

TEST_CASE("a single value's label is short and never in e+ notation") {
  CHECK(tick_label(0.25) == "0.25");
  CHECK(tick_label(1000.0) == "1000");
  CHECK(tick_label(0.0) == "0");
  CHECK(tick_label(0.001) == "0.001");
  CHECK(tick_label(42500.0) == "42.5k");  // was 4.25e+04
  CHECK(tick_label(100000.0) == "100k");  // was 1e+05
  CHECK(tick_label(1.5e6) == "1.5M");
  CHECK(tick_label(1e6) == "1M");
  CHECK(tick_label(-2.5e9) == "-2.5G");
  CHECK(tick_label(2e-5) == "2e-5");
  CHECK(tick_label(-0.125) == "-0.125");
}

namespace {
std::vector<std::string> axis_labels(double lo, double hi, int max_ticks) {
  return tick_labels(ticks(AxisRange{lo, hi, false}, max_ticks), false);
}
bool all_distinct_neighbours(const std::vector<std::string>& labels) {
  for (std::size_t i = 1; i < labels.size(); ++i)
    if (labels[i] == labels[i - 1]) return false;
  return true;
}
}  // namespace

TEST_CASE("axis labels group thousands below 100 000 and use k / M above") {
  // An Ising sweep axis up to 19 000 sweeps: was "1.9e+04".
  const auto a = axis_labels(0.0, 20000.0, 4);
  REQUIRE(a.size() == 5);
  CHECK(a[0] == "0");
  CHECK(a[1] == "5 000");
  CHECK(a[4] == "20 000");
  CHECK(tick_labels({18000.0, 19000.0, 20000.0}, false) == std::vector<std::string>{"18 000", "19 000", "20 000"});
  const auto k = axis_labels(0.0, 400000.0, 4);
  CHECK(k == std::vector<std::string>{"0", "100k", "200k", "300k", "400k"});
  const auto m = axis_labels(0.0, 3e6, 6);
  CHECK(m == std::vector<std::string>{"0.0", "0.5M", "1.0M", "1.5M", "2.0M", "2.5M", "3.0M"});
  CHECK(axis_labels(0.0, 0.004, 4) == std::vector<std::string>{"0.000", "0.001", "0.002", "0.003", "0.004"});
  CHECK(axis_labels(-1.0, 1.0, 4) == std::vector<std::string>{"-1.0", "-0.5", "0.0", "0.5", "1.0"});
}

TEST_CASE("neighbouring axis labels always differ, however narrow the range") {
  // After 100k sweeps a narrow window around 100 000: was "1e+05 1e+05 1e+05".
  const auto narrow = axis_labels(99990.0, 100010.0, 4);
  REQUIRE(narrow.size() >= 3);
  CHECK(all_distinct_neighbours(narrow));
  CHECK(narrow == std::vector<std::string>{"99 990", "99 995", "100 000", "100 005", "100 010"});
  CHECK(tick_labels({990000.0, 1000000.0, 1010000.0}, false) == std::vector<std::string>{"0.99M", "1.00M", "1.01M"});
  // Too narrow for k with two decimals: every digit, grouped.
  CHECK(axis_labels(99996.0, 100004.0, 4) == std::vector<std::string>{"99 996", "99 998", "100 000", "100 002",
                                                                      "100 004"});
  // Every label shows its tick exactly: 2.5 is never rounded to "2" (more decimals than the step's
  // magnitude suggests).
  CHECK(tick_labels({40000.0, 42500.0, 45000.0}, false) == std::vector<std::string>{"40 000", "42 500", "45 000"});
  CHECK(tick_labels({0.0, 2.5, 5.0, 7.5}, false) == std::vector<std::string>{"0.0", "2.5", "5.0", "7.5"});
  for (double lo : {-3.3, 0.0, 12345.0, 1e5 - 7.0, 7.7e6})
    for (double span : {1e-3, 0.7, 55.0, 1e4, 3e6}) {
      INFO("range " << lo << " + " << span);
      CHECK(all_distinct_neighbours(axis_labels(lo, lo + span, 6)));
    }
}

TEST_CASE("log axes label each power of ten on its own") {
  CHECK(tick_labels({1e-3, 1.0, 1e3, 1e6}, true) == std::vector<std::string>{"0.001", "1", "1000", "1M"});
}

TEST_CASE("lattice cells snap to whole pixels unless that shrinks them by more than a third") {
  CHECK(pixel_cell(3.5f, 1.0f) == 3.0f);
  CHECK(pixel_cell(7.03f, 1.0f) == 7.0f);
  CHECK(pixel_cell(2.9f, 1.0f) == 2.0f);    // 2 / 2.9 = 0.69 of the room
  CHECK(pixel_cell(1.76f, 1.0f) == 1.76f);  // 1 px would be 0.57 of it: kept fractional
  CHECK(pixel_cell(1.76f, 2.0f) == 1.5f);   // 3 framebuffer pixels on a 2x display
  CHECK(pixel_cell(0.01f, 1.0f) == 0.1f);
}
