// How the labs size their charts in the views panel: a chart keeps a readable height at any font (the
// panel scrolls rather than squashing charts below it), and rows share what the panel has left.
// Heights are in pixels; nothing here throws.
#pragma once
#include <vector>

namespace arbiter::gui {

// The least height of a chart drawn with text lines `line_height` pixels high (ImGui::GetTextLineHeight()):
// a two-line title, an axis label, tick labels and a data area of about six text lines, which leaves room
// for a legend above the data.
float min_chart_height(float line_height);
// Heights of rows stacked in `available` pixels with `gap` between them, in proportion to `weights` (a
// weight <= 0 counts as 1), none below `min_height`: a row held at the minimum leaves the rest to the others.
// When even the minima do not fit, every row gets its minimum (the sum passes `available`: the panel scrolls).
std::vector<float> row_heights(float available, float gap, const std::vector<float>& weights, float min_height);

}  // namespace arbiter::gui
