// Line plots drawn with ImGui's draw lists: axes with ticks and grid lines, a legend, optional error bands
// (Series::y_err), log axes, vertical markers, and a hover read-out. Takes the experiments' Plot as is, and
// optionally the previous run's (a ghost: thin and pale behind it, one legend entry "previous run").
#pragma once
#include <optional>
#include <string>
#include <vector>
#include <imgui.h>
#include "experiments/experiment.hpp"
#include "gui/plot/frame.hpp"
#include "gui/plot/unit.hpp"

namespace arbiter::gui::plot {

struct LineOptions {
  std::optional<double> y_lo, y_hi;  // fixed y range (otherwise from the data)
  std::optional<double> x_lo, x_hi;  // fixed x range
  int faint_series = -1;              // this series is drawn first and pale (e.g. one noisy run under a mean)
  bool robust_y = false;              // y range from the central 98% of the values (outliers clipped)
  float thickness = 2.0f;
  bool legend = true;                 // false: no legend (a legend_strip beside the chart has its series)
  // The previous run's curves (gui/app/run_ghost.hpp), or nullptr: each series drawn underneath in its own
  // colour and dash, thinner and pale, with no markers; one legend entry, kGhostEntry, hides or shows them all
  // (above the data area's right end for a chart with its own legend, or a legend_strip's entry for a chart
  // drawn without one). A hidden series hides its ghost too; the faint series has none. The axes' ranges and
  // the legend's place take its points in.
  const experiments::Plot* ghost = nullptr;
};

// The name of the ghost's legend entry.
inline const std::string kGhostEntry = "previous run";

// Draws `plot` in a box of `size` (pixels; use ImGui::GetContentRegionAvail() for "fill") at the cursor, its
// axes titled with their units (units.x.title(plot.x_label): "price (money)").
void line_plot(const experiments::Plot& plot, ImVec2 size, const AxisUnits& units, const LineOptions& options = {});
// The legend entries of `plot`'s series (colour, dash and marker as line_plot draws them), for a legend_strip;
// a series a lesson withholds (reveal.hpp) has none; with a `ghost`, one more entry for it (kGhostEntry, a pale
// swatch).
std::vector<LegendEntry> line_legend_entries(const experiments::Plot& plot, const experiments::Plot* ghost = nullptr);

}  // namespace arbiter::gui::plot
