// Legend placement as pure logic: the chosen corner covers no plotted point whenever such a corner exists,
// ties go to the first candidate (top right), and the headroom factor frees the top band.
#include <catch2/catch.hpp>
#include <cmath>
#include "gui/plot/legend_placement.hpp"

using namespace arbiter::gui::plot;

TEST_CASE("the legend goes to the corner that covers no point") {
  // A rising line fills the bottom left and top right: the top left and bottom right are free.
  std::vector<NormalisedPoint> rising;
  for (int i = 0; i <= 100; ++i) rising.push_back({i / 100.0, i / 100.0});
  const LegendPlacement p = place_legend(rising, 0.3, 0.2);
  CHECK(p.corner == Corner::top_left);
  CHECK(p.hidden == 0);
  // A learning curve (rises fast, then flat near the top): only the bottom right is free.
  std::vector<NormalisedPoint> learning;
  for (int i = 0; i <= 100; ++i) learning.push_back({i / 100.0, 0.95 * (1.0 - std::exp(-i / 8.0))});
  const LegendPlacement q = place_legend(learning, 0.3, 0.25);
  CHECK(q.corner == Corner::bottom_right);
  CHECK(q.hidden == 0);
}

TEST_CASE("every candidate is tried: whenever a free corner exists the choice is free") {
  // One point in each of three corners; the fourth (varied) is empty and must be chosen.
  const std::vector<NormalisedPoint> corners{{0.05, 0.95}, {0.95, 0.95}, {0.05, 0.05}, {0.95, 0.05}};
  const Corner order[] = {Corner::top_left, Corner::top_right, Corner::bottom_left, Corner::bottom_right};
  for (int empty = 0; empty < 4; ++empty) {
    std::vector<NormalisedPoint> points;
    for (int k = 0; k < 4; ++k)
      if (k != empty) points.push_back(corners[static_cast<std::size_t>(k)]);
    const LegendPlacement p = place_legend(points, 0.2, 0.2);
    CHECK(p.corner == order[empty]);
    CHECK(p.hidden == 0);
  }
}

TEST_CASE("with no free corner the fewest points win, top right on a tie, and off-area points are ignored") {
  const std::vector<NormalisedPoint> points{{0.9, 0.9}, {0.1, 0.9}, {0.1, 0.85}, {0.9, 0.1}, {0.1, 0.1},
                                            {0.5, 1.7}, {std::nan(""), 0.9}};
  const LegendPlacement p = place_legend(points, 0.3, 0.3);
  CHECK(p.hidden == 1);
  CHECK(p.corner == Corner::top_right);
  const LegendPlacement only_left = place_legend(points, 0.3, 0.3, {Corner::top_left, Corner::bottom_left});
  CHECK(only_left.corner == Corner::bottom_left);
  CHECK(only_left.hidden == 1);
  CHECK(place_legend({}, 0.3, 0.3).hidden == 0);
}

TEST_CASE("headroom for a legend a quarter of the area high frees the top quarter") {
  CHECK(legend_headroom(0.25) == Approx(4.0 / 3.0));
  // Data filling [0, 1] rescaled by the factor ends at 1 / factor = 1 - height: the band above is free.
  CHECK(1.0 / legend_headroom(0.25) == Approx(0.75));
  CHECK(legend_headroom(0.0) == 1.0);
  CHECK(legend_headroom(0.9) == 2.0);  // never more than doubles the range
}
