// Axis arithmetic for the plotting layer: data ranges (linear or log), "nice" tick positions and labels,
// and the mapping from data to screen coordinates. Pure functions, no drawing.
#pragma once
#include <string>
#include <vector>

namespace arbiter::gui::plot {

struct AxisRange {
  double lo = 0.0, hi = 1.0;
  bool log = false;  // log10 axis: lo and hi are positive data values
};

// Widens [lo, hi] a little (and makes it non-degenerate) so the data does not touch the frame.
AxisRange padded_range(double lo, double hi, bool log, double pad_fraction = 0.05);
// Tick positions (data values) inside the range: 1-2-5 steps (linear) or powers of ten (log).
std::vector<double> ticks(const AxisRange& range, int max_ticks);
// A short label for one value (a marker, a colour bar end): up to three significant digits (four below
// 10 000), k / M / G from 10 000 up ("0.25", "1000", "42.5k", "1.5M", "0.001", "2e-5"); never "1.9e+04".
std::string tick_label(double value);
// Labels for an axis's ticks, alike in style and all distinct: one scale for the axis (k from 100 000, M, G;
// none below, where digits are grouped by threes: "19 000"), and as many decimals as the step needs (more
// if two neighbours would still read the same). Log axes label each tick with tick_label.
std::vector<std::string> tick_labels(const std::vector<double>& values, bool log);
// Position of a data value in [0, 1] along the axis (values outside the range map outside [0, 1]).
double normalised(const AxisRange& range, double value);
// A number formatted for a read-out with a sensible number of digits.
std::string format_value(double value);
// The side (in points) of a lattice cell given `room` points per cell: a whole number of framebuffer pixels
// when that keeps at least two thirds of the room, since nearest filtering would draw cells of 3.5 px as 3
// and 4 px, a moire on a chequered lattice. Never below 0.1.
float pixel_cell(float room, float framebuffer_scale);

}  // namespace arbiter::gui::plot
