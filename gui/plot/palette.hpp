// Colours and line styles of the plotting layer: one colour-blind-safe qualitative palette for series and bar
// groups (Okabe-Ito without its black: orange, sky blue, bluish green, yellow, blue, vermillion, reddish
// purple, grey), a dash pattern and a marker per series so series stay distinct without colour, and the
// colour maps of heatmaps. Colours are packed 32-bit ABGR, as ImGui's IM_COL32 makes them (an ImU32).
#pragma once
#include <cstdint>
#include <vector>
#include "gui/plot/colour_vision.hpp"

namespace arbiter::gui::plot {

// Number of distinct series colours (series_colour cycles after them).
constexpr int kSeriesColours = 8;
// The i-th series colour as sRGB (0..255), and packed with an alpha (cycles after kSeriesColours).
Rgb series_rgb(int i);
std::uint32_t series_colour(int i, int alpha = 255);

enum class Dash { solid, dashed, dotted, dash_dot };
enum class Marker { circle, square, triangle, diamond };
// The i-th series' dash pattern (solid, dashed, dotted, dash-dot, then again) and marker (circle, square,
// triangle, diamond; shifted by one each round of four, so series i and i + 4 differ in marker too).
Dash series_dash(int i);
Marker series_marker(int i);
// On and off lengths (in line thicknesses) of a dash pattern, alternating, starting with "on"; empty: solid.
const std::vector<float>& dash_lengths(Dash dash);

enum class ColourMap { viridis, diverging };
// Colour of t in [0, 1] (clamped) under a colour map.
std::uint32_t colour_at(ColourMap map, float t);

}  // namespace arbiter::gui::plot
