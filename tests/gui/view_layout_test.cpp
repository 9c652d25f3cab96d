// The views panel's row heights (gui/labs/view_layout): shares in proportion to the weights, a readable
// minimum that holds a row and gives the rest to the others, and a panel that scrolls when even the minima
// do not fit.
#include <catch2/catch.hpp>
#include <numeric>
#include "gui/labs/view_layout.hpp"

using arbiter::gui::min_chart_height;
using arbiter::gui::row_heights;

TEST_CASE("row heights share the panel in proportion to their weights", "[gui][view_layout]") {
  const std::vector<float> h = row_heights(610.0f, 10.0f, {1.0f, 3.0f}, 100.0f);
  REQUIRE(h.size() == 2);
  CHECK(h[0] == Approx(150.0f));
  CHECK(h[1] == Approx(450.0f));
  CHECK(h[0] + h[1] + 10.0f == Approx(610.0f));
}

TEST_CASE("a row held at the readable minimum leaves the rest to the others", "[gui][view_layout]") {
  // Shares of 0.1, 0.45 and 0.45 of 400 would give the first row 40: it gets 100, the others 150 each.
  const std::vector<float> h = row_heights(400.0f, 0.0f, {0.1f, 0.45f, 0.45f}, 100.0f);
  REQUIRE(h.size() == 3);
  CHECK(h[0] == Approx(100.0f));
  CHECK(h[1] == Approx(150.0f));
  CHECK(h[2] == Approx(150.0f));
}

TEST_CASE("rows keep the minimum when the panel is too short for them (it scrolls)", "[gui][view_layout]") {
  const std::vector<float> h = row_heights(300.0f, 8.0f, {0.42f, 0.58f}, 232.5f);
  REQUIRE(h.size() == 2);
  CHECK(h[0] == Approx(232.5f));
  CHECK(h[1] == Approx(232.5f));
  CHECK(std::accumulate(h.begin(), h.end(), 0.0f) > 300.0f);
}

TEST_CASE("weights of zero or below count as one, and no rows give none", "[gui][view_layout]") {
  const std::vector<float> h = row_heights(300.0f, 0.0f, {0.0f, -2.0f, 1.0f}, 10.0f);
  REQUIRE(h.size() == 3);
  for (float x : h) CHECK(x == Approx(100.0f));
  CHECK(row_heights(300.0f, 0.0f, {}, 10.0f).empty());
}

TEST_CASE("the readable chart height grows with the font: 12.5 text lines and 20 pixels", "[gui][view_layout]") {
  CHECK(min_chart_height(17.0f) == Approx(232.5f));
  CHECK(min_chart_height(22.5f) == Approx(301.25f));
  CHECK(min_chart_height(30.0f) > min_chart_height(22.5f));
}
