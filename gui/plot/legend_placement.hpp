// Where a chart's legend goes, as pure logic: in normalised data-area coordinates (x right, y up, the area
// is [0, 1] x [0, 1]), the corner whose legend-sized box covers the fewest plotted points, and how much
// headroom above the data frees the top band for it when every corner covers some.
#pragma once
#include <cstddef>
#include <vector>

namespace arbiter::gui::plot {

// Where a legend box goes: a corner inside the data area, `above` it (a band the data area gives up) or
// `beside` it (a column at its right the data area gives up).
enum class Corner { top_right, top_left, bottom_right, bottom_left, above, beside };

struct NormalisedPoint { double x, y; };
struct LegendPlacement {
  Corner corner = Corner::top_right;
  std::size_t hidden = 0;  // points under the box in that corner
};

// The first corner (in `candidates` order) with the fewest points in a box of `width` x `height` (fractions
// of the area, margins included) at that corner; points outside [0, 1]^2 or not finite are ignored.
LegendPlacement place_legend(const std::vector<NormalisedPoint>& points, double width, double height,
                             const std::vector<Corner>& candidates = {Corner::top_right, Corner::top_left,
                                                                      Corner::bottom_right,
                                                                      Corner::bottom_left});
// The factor by which to stretch a range upward (hi' = lo + (hi - lo) * factor) so that data now filling the
// area lies below a legend of `height` (a fraction of the area) at the top: 1 / (1 - height), at most 2.
double legend_headroom(double height);

}  // namespace arbiter::gui::plot
