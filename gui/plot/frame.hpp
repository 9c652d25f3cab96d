// The shared frame of the plotting layer's charts: reserves the box, draws the title, and returns the inner
// rectangle left for the chart and its axes.
#pragma once
#include <string>
#include <vector>
#include <imgui.h>
#include "gui/plot/axes.hpp"
#include "gui/plot/legend_placement.hpp"

namespace arbiter::gui::plot {

struct ChartFrame {
  ImVec2 outer_min, outer_max;  // the whole box
  ImVec2 area_min, area_max;    // the data area (inside the axes)
  bool hovered = false;
  ImDrawList* draw = nullptr;
};

// Reserves `size` at the cursor (an invisible button named `id`, for hover), draws the background and
// `title`, and leaves margins for y tick labels of up to `y_label_chars` characters and an x axis. A
// double-click on the box focuses the panel (panel_focus.hpp): while focused, the frame fills the views area.
ChartFrame begin_chart(const std::string& id, const std::string& title, ImVec2 size, int y_label_chars,
                       bool x_axis_labels, const std::string& x_label, const std::string& y_label);
// Horizontal grid lines and y tick labels for `range` (left of the data area).
void draw_y_axis(const ChartFrame& f, const AxisRange& range);
// Vertical grid lines and x tick labels for `range` (below the data area).
void draw_x_axis(const ChartFrame& f, const AxisRange& range);
// Screen position of a data point.
ImVec2 to_screen(const ChartFrame& f, const AxisRange& x, const AxisRange& y, double xv, double yv);
// One legend entry: a colour swatch, or (series >= 0) a short line in that series' dash with its marker.
struct LegendEntry {
  std::string name;
  ImU32 colour = 0;
  int series = -1;
  bool hidden = false;  // its series is hidden (legend_toggle.hpp): drawn greyed
  bool ghost = false;   // the previous run's curves (line_plot.hpp's LineOptions::ghost): a thin pale line
                        // sample; a click hides or shows them as it does a series
};
// A legend box in a corner of the data area: one swatch or line sample and name per entry. With a `chart` id,
// a click on an entry hides or shows that series (hidden_series(), keyed by the chart and the entry's name).
void draw_legend(const ChartFrame& f, const std::vector<LegendEntry>& entries, Corner corner = Corner::top_right,
                 const std::string& chart = {});
// One entry at `at` (top-left): its swatch or line sample, then its name; and the width that takes.
void draw_legend_entry(ImDrawList* draw, ImVec2 at, const LegendEntry& entry);
float legend_entry_width(const LegendEntry& entry);
// A legend outside any chart, at the cursor: entries left to right, wrapping at `width` (reserves its height).
// A click on a line series' entry hides or shows that series in the line plots drawn without a legend of their
// own (hidden_series() under kStripLegend).
void legend_strip(const std::vector<LegendEntry>& entries, float width);
float legend_strip_height(const std::vector<LegendEntry>& entries, float width);
// The legend's layout: entries go in columns when one column would not fit the data area's height (as
// many as its width allows); its size in pixels, and where its top-left corner goes in a corner.
struct LegendLayout {
  int rows = 1, columns = 1;
  float column_w = 0.0f;
  ImVec2 size;
};
// `wide`: as many columns as the width holds (the layout of a legend above the data area).
LegendLayout legend_layout(const ChartFrame& f, const std::vector<LegendEntry>& entries, bool wide = false);
// Moves the data area's top down to make room for a wide legend above it and returns Corner::above; when that
// would leave the data less than 45% of its height, moves the area's right edge left for a legend beside it
// and returns Corner::beside; when that too would leave the data less than 45% of its width (a small chart
// with long names), leaves the area and returns `fallback`.
Corner make_room_above(ChartFrame& f, const std::vector<LegendEntry>& entries, Corner fallback);
ImVec2 legend_origin(const ChartFrame& f, ImVec2 size, Corner corner);

}  // namespace arbiter::gui::plot
