// Row heights by water-filling: rows whose share falls under the minimum are fixed there, the rest share
// what is left in proportion to their weights.
#include "gui/labs/view_layout.hpp"

#include <algorithm>

namespace arbiter::gui {

float min_chart_height(float line_height) { return line_height * 12.5f + 20.0f; }

std::vector<float> row_heights(float available, float gap, const std::vector<float>& weights, float min_height) {
  const std::size_t n = weights.size();
  std::vector<float> h(n, min_height);
  if (n == 0) return h;
  std::vector<float> w(n);
  for (std::size_t i = 0; i < n; ++i) w[i] = weights[i] > 0.0f ? weights[i] : 1.0f;
  const float room = available - gap * static_cast<float>(n - 1);
  std::vector<bool> fixed(n, false);
  for (std::size_t round = 0; round < n; ++round) {
    float free_room = room, free_weight = 0.0f;
    for (std::size_t i = 0; i < n; ++i) {
      if (fixed[i]) free_room -= min_height;
      else free_weight += w[i];
    }
    if (free_weight <= 0.0f) break;
    bool changed = false;
    for (std::size_t i = 0; i < n; ++i) {
      if (fixed[i]) continue;
      h[i] = free_room * w[i] / free_weight;
      if (h[i] < min_height) {
        fixed[i] = true;
        changed = true;
      }
    }
    if (!changed) break;
  }
  for (std::size_t i = 0; i < n; ++i) h[i] = fixed[i] ? min_height : std::max(h[i], min_height);
  return h;
}

}  // namespace arbiter::gui
