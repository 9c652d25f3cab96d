// Counting points per corner box; ties go to the earlier candidate.
#include "gui/plot/legend_placement.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace arbiter::gui::plot {

LegendPlacement place_legend(const std::vector<NormalisedPoint>& points, double width, double height,
                             const std::vector<Corner>& candidates) {
  LegendPlacement best;
  best.hidden = std::numeric_limits<std::size_t>::max();
  for (Corner c : candidates) {
    const bool right = c == Corner::top_right || c == Corner::bottom_right;
    const bool top = c == Corner::top_right || c == Corner::top_left;
    const double x0 = right ? 1.0 - width : 0.0, x1 = right ? 1.0 : width;
    const double y0 = top ? 1.0 - height : 0.0, y1 = top ? 1.0 : height;
    std::size_t hidden = 0;
    for (const auto& p : points) {
      if (!std::isfinite(p.x) || !std::isfinite(p.y) || p.x < 0.0 || p.x > 1.0 || p.y < 0.0 || p.y > 1.0) continue;
      if (p.x >= x0 && p.x <= x1 && p.y >= y0 && p.y <= y1) ++hidden;
    }
    if (hidden < best.hidden) best = LegendPlacement{c, hidden};
  }
  if (candidates.empty()) best.hidden = 0;
  return best;
}

double legend_headroom(double height) { return 1.0 / (1.0 - std::clamp(height, 0.0, 0.5)); }

}  // namespace arbiter::gui::plot
