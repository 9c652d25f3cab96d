// Grouped bar charts drawn with ImGui's draw lists: one cluster per label, one bar per group (series) in
// each cluster, a y axis with ticks, a legend and a hover read-out. Takes the experiments' Bars as is. A click
// on a legend entry hides or shows its group (legend_toggle.hpp, as in line plots); a group a lesson withholds
// (reveal.hpp) is not drawn.
#pragma once
#include <imgui.h>
#include "experiments/experiment.hpp"
#include "gui/plot/unit.hpp"

namespace arbiter::gui::plot {

struct BarOptions {
  bool legend = true;  // false: no legend (a legend_strip beside the chart names its groups)
};

// Draws `bars` in a box of `size` pixels at the cursor; `value` is the bars' unit (the y axis is titled with
// it: "(money)"; nothing for a unitless one).
void bar_chart(const experiments::Bars& bars, ImVec2 size, const Unit& value, const BarOptions& options = {});

}  // namespace arbiter::gui::plot
