// Drawing a series' line style: polylines with the series' dash pattern, and its marker shape. Lengths are
// in pixels; dash lengths scale with the line's thickness.
#pragma once
#include <imgui.h>
#include "gui/plot/palette.hpp"

namespace arbiter::gui::plot {

// A polyline through `count` points, solid or dashed (the pattern runs on across the vertices).
void draw_styled_polyline(ImDrawList* draw, const ImVec2* points, int count, ImU32 colour, float thickness,
                          Dash dash);
// A filled marker of about `radius` pixels centred on `centre`, with a white rim so it reads over lines.
void draw_marker(ImDrawList* draw, ImVec2 centre, float radius, ImU32 colour, Marker marker);
// The factor on line widths and marker sizes for the current font: 1 at the normal 17 px font, growing with
// it (presentation mode's projector font) up to 2.5.
float line_scale();

}  // namespace arbiter::gui::plot
