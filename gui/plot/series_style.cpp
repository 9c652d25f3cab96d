// Dashes walk the polyline's arc length through the pattern; markers are ImGui's filled primitives.
#include "gui/plot/series_style.hpp"

#include <algorithm>
#include <cmath>
#include "gui/plot/theme.hpp"

namespace arbiter::gui::plot {

void draw_styled_polyline(ImDrawList* draw, const ImVec2* points, int count, ImU32 colour, float thickness,
                          Dash dash) {
  const std::vector<float>& pattern = dash_lengths(dash);
  if (pattern.empty() || count < 2) {
    if (count >= 2) draw->AddPolyline(points, count, colour, 0, thickness);
    return;
  }
  const float unit = std::max(2.0f, thickness) * 1.5f;
  std::size_t k = 0;                // index into the pattern (even: on)
  float left = pattern[0] * unit;   // length left in the current piece
  for (int i = 0; i + 1 < count; ++i) {
    ImVec2 a = points[i];
    const ImVec2 b = points[i + 1];
    float len = std::hypot(b.x - a.x, b.y - a.y);
    while (len > 0.0f) {
      const float step = std::min(left, len);
      const float t = step / len;
      const ImVec2 c(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t);
      if (k % 2 == 0) draw->AddLine(a, c, colour, thickness);
      a = c;
      len -= step;
      left -= step;
      if (left <= 1e-3f) {
        k = (k + 1) % pattern.size();
        left = pattern[k] * unit;
      }
    }
  }
}

void draw_marker(ImDrawList* draw, ImVec2 c, float r, ImU32 colour, Marker marker) {
  const ImU32 rim = chart_theme().marker_rim;
  switch (marker) {
    case Marker::circle:
      draw->AddCircleFilled(c, r + 1.0f, rim);
      draw->AddCircleFilled(c, r, colour);
      break;
    case Marker::square:
      draw->AddRectFilled(ImVec2(c.x - r - 1.0f, c.y - r - 1.0f), ImVec2(c.x + r + 1.0f, c.y + r + 1.0f), rim);
      draw->AddRectFilled(ImVec2(c.x - r * 0.9f, c.y - r * 0.9f), ImVec2(c.x + r * 0.9f, c.y + r * 0.9f), colour);
      break;
    case Marker::triangle: {
      const float s = r * 1.3f, o = s + 1.5f;
      draw->AddTriangleFilled(ImVec2(c.x, c.y - o), ImVec2(c.x + o * 0.87f, c.y + o * 0.5f),
                              ImVec2(c.x - o * 0.87f, c.y + o * 0.5f), rim);
      draw->AddTriangleFilled(ImVec2(c.x, c.y - s), ImVec2(c.x + s * 0.87f, c.y + s * 0.5f),
                              ImVec2(c.x - s * 0.87f, c.y + s * 0.5f), colour);
      break;
    }
    case Marker::diamond: {
      const float s = r * 1.25f, o = s + 1.4f;
      draw->AddQuadFilled(ImVec2(c.x, c.y - o), ImVec2(c.x + o, c.y), ImVec2(c.x, c.y + o), ImVec2(c.x - o, c.y), rim);
      draw->AddQuadFilled(ImVec2(c.x, c.y - s), ImVec2(c.x + s, c.y), ImVec2(c.x, c.y + s), ImVec2(c.x - s, c.y),
                          colour);
      break;
    }
  }
}

float line_scale() { return std::clamp(ImGui::GetFontSize() / 17.0f, 1.0f, 2.5f); }

}  // namespace arbiter::gui::plot
