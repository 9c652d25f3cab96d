// Clicking a legend entry, as pure logic: the entry boxes are where draw_legend draws the entries (column by
// column), a point hits the entry under it and nothing between or beyond, and a click toggles only that
// series of that chart.
#include <catch2/catch.hpp>
#include "gui/plot/legend_toggle.hpp"

using namespace arbiter::gui::plot;

TEST_CASE("legend entry boxes fill columns top to bottom, then the next column") {
  // Five entries, two rows per column: columns at x = 10, 110, 210; rows at y = 20, 40 (row height 20).
  const std::vector<EntryBox> b = legend_entry_boxes(10.0f, 20.0f, 2, 100.0f, 20.0f, {50, 60, 70, 80, 90});
  REQUIRE(b.size() == 5);
  CHECK(b[0].x0 == 10.0f);
  CHECK(b[0].y0 == 20.0f);
  CHECK(b[0].x1 == 60.0f);
  CHECK(b[0].y1 == 40.0f);
  CHECK(b[1].x0 == 10.0f);
  CHECK(b[1].y0 == 40.0f);
  CHECK(b[2].x0 == 110.0f);
  CHECK(b[2].y0 == 20.0f);
  CHECK(b[3].y0 == 40.0f);
  CHECK(b[3].x1 == 190.0f);
  CHECK(b[4].x0 == 210.0f);
  CHECK(b[4].y0 == 20.0f);
  // rows < 1 is one row: every entry side by side.
  const std::vector<EntryBox> one = legend_entry_boxes(0.0f, 0.0f, 0, 30.0f, 10.0f, {20, 20, 20});
  CHECK(one[2].x0 == 60.0f);
  CHECK(one[2].y0 == 0.0f);
}

TEST_CASE("a point hits the legend entry under it, and none between entries or outside") {
  const std::vector<EntryBox> b = legend_entry_boxes(10.0f, 20.0f, 2, 100.0f, 20.0f, {50, 60, 70});
  CHECK(legend_entry_at(b, 30.0f, 30.0f) == 0);
  CHECK(legend_entry_at(b, 30.0f, 50.0f) == 1);
  CHECK(legend_entry_at(b, 150.0f, 25.0f) == 2);
  CHECK(legend_entry_at(b, 10.0f, 20.0f) == 0);   // the corner belongs to the entry
  CHECK(legend_entry_at(b, 90.0f, 30.0f) == -1);  // right of entry 0's text, left of column 2
  CHECK(legend_entry_at(b, 150.0f, 50.0f) == -1); // column 2 has one row
  CHECK(legend_entry_at(b, 30.0f, 61.0f) == -1);  // below the legend
  CHECK(legend_entry_at(b, 5.0f, 30.0f) == -1);   // left of it
  CHECK(legend_entry_at({}, 0.0f, 0.0f) == -1);
}

TEST_CASE("a click hides a series, a second click shows it, and other charts and series are untouched") {
  HiddenSeries h;
  CHECK_FALSE(h.hidden("rewards", "no baseline"));
  CHECK(h.toggle("rewards", "no baseline"));
  CHECK(h.hidden("rewards", "no baseline"));
  CHECK_FALSE(h.hidden("rewards", "baseline"));
  CHECK_FALSE(h.hidden("optimal", "no baseline"));
  CHECK(h.toggle("optimal", "baseline"));
  CHECK_FALSE(h.toggle("rewards", "no baseline"));
  CHECK_FALSE(h.hidden("rewards", "no baseline"));
  CHECK(h.hidden("optimal", "baseline"));
  h.toggle("rewards", "a");
  h.toggle("rewards", "b");
  h.show_all("rewards");
  CHECK_FALSE(h.hidden("rewards", "a"));
  CHECK_FALSE(h.hidden("rewards", "b"));
  CHECK(h.hidden("optimal", "baseline"));
}

TEST_CASE("a bar chart's legend is clicked as a line chart's: a swatch entry's box hides that group only",
          "[gui][reveal]") {
  // Three groups, one row: swatch (8 px) + 6 px + the name, entries 90 px apart, text 14 px high.
  const std::vector<EntryBox> b = legend_entry_boxes(100.0f, 50.0f, 1, 90.0f, 16.0f, {14 + 60, 14 + 70, 14 + 40});
  REQUIRE(b.size() == 3);
  CHECK(legend_entry_at(b, 104.0f, 58.0f) == 0);   // on the first swatch
  CHECK(legend_entry_at(b, 200.0f, 58.0f) == 1);   // on the second name
  CHECK(legend_entry_at(b, 185.0f, 58.0f) == -1);  // between the first entry (to 174) and the second (from 190)
  CHECK(legend_entry_at(b, 290.0f, 66.0f) == 2);   // the third's bottom edge
  CHECK(legend_entry_at(b, 290.0f, 67.0f) == -1);
  HiddenSeries hidden;
  const std::vector<std::string> groups{"plain logit", "nested logit", "plain logit: blue bus added"};
  CHECK(hidden.toggle("shares", groups[static_cast<std::size_t>(legend_entry_at(b, 200.0f, 58.0f))]));
  CHECK(hidden.hidden("shares", "nested logit"));
  CHECK_FALSE(hidden.hidden("shares", "plain logit"));
  CHECK_FALSE(hidden.hidden("consumer_surplus", "nested logit"));  // another chart's group of the same name
  CHECK_FALSE(hidden.toggle("shares", "nested logit"));            // a second click shows it again
  CHECK_FALSE(hidden.hidden("shares", "nested logit"));
}
