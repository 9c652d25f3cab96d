// Colours of the plotting layer: one qualitative palette for series and bar groups (Tableau 10), and the
// colour maps of heatmaps. Colours are ImGui's packed 32-bit ABGR (IM_COL32).
#pragma once
#include <cstdint>
#include <imgui.h>

namespace arbiter::gui::plot {

// The i-th series colour (cycles after ten).
ImU32 series_colour(int i, int alpha = 255);

enum class ColourMap { viridis, diverging };
// Colour of t in [0, 1] (clamped) under a colour map.
ImU32 colour_at(ColourMap map, float t);

}  // namespace arbiter::gui::plot
