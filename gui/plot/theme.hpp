// The plotting layer's colours other than the series' (palette.hpp): the background the charts sit on (the
// window's: charts are not filled), their frame, grid, axes, text and legend box, in one struct. Two themes:
// light (the default) and high contrast (dark background, light text, for rooms where a projector's white
// washes out); the series keep their Okabe-Ito colours in both. Colours are packed as IM_COL32 makes them.
#pragma once
#include <cstdint>
#include "gui/plot/colour_vision.hpp"

namespace arbiter::gui::plot {

struct ChartTheme {
  std::uint32_t background;     // the window and the charts' data areas
  std::uint32_t frame;          // a chart's outline
  std::uint32_t grid;           // grid lines
  std::uint32_t axis;           // the axes and the zero line of bars
  std::uint32_t text;           // titles, ticks, legend names, bar labels
  std::uint32_t muted_text;     // axis titles, heat map outlines
  std::uint32_t value_text;     // the values printed on bars
  std::uint32_t hidden;         // a hidden series' legend entry
  std::uint32_t legend_fill;    // a legend box over the data
  std::uint32_t legend_border;
  std::uint32_t marker_line;    // an x marker's dashed line (its value: the same colour, opaque)
  std::uint32_t hover_line;     // the hover read-out's vertical line
  std::uint32_t marker_rim;     // the rim that sets a series marker off its line
  std::uint32_t accent_text;    // text that stands out from the rest (the lesson band's "Now:" line)
  std::uint32_t error_text;     // a config error, a warning
  bool dark;                    // the window's widgets use Dear ImGui's dark colours
};

const ChartTheme& light_theme();
const ChartTheme& high_contrast_theme();
// The theme the charts draw with (light until set).
const ChartTheme& chart_theme();
void set_chart_theme(const ChartTheme& theme);
// The sRGB channels of a packed colour (alpha dropped).
Rgb rgb_of(std::uint32_t packed);

}  // namespace arbiter::gui::plot
