// Legend entry boxes in column-major order, a linear hit test, and a set of (chart, series) pairs.
#include "gui/plot/legend_toggle.hpp"

#include <algorithm>

namespace arbiter::gui::plot {

std::vector<EntryBox> legend_entry_boxes(float left, float top, int rows, float column_w, float row_h,
                                         const std::vector<float>& widths) {
  const auto r = static_cast<std::size_t>(std::max(1, rows));
  std::vector<EntryBox> boxes;
  boxes.reserve(widths.size());
  for (std::size_t i = 0; i < widths.size(); ++i) {
    const float x = left + column_w * static_cast<float>(i / r), y = top + row_h * static_cast<float>(i % r);
    boxes.push_back({x, y, x + widths[i], y + row_h});
  }
  return boxes;
}

int legend_entry_at(const std::vector<EntryBox>& boxes, float x, float y) {
  for (std::size_t i = 0; i < boxes.size(); ++i)
    if (x >= boxes[i].x0 && x <= boxes[i].x1 && y >= boxes[i].y0 && y <= boxes[i].y1) return static_cast<int>(i);
  return -1;
}

bool HiddenSeries::hidden(const std::string& chart, const std::string& series) const {
  return hidden_.count({chart, series}) > 0;
}

bool HiddenSeries::toggle(const std::string& chart, const std::string& series) {
  if (hidden_.erase({chart, series}) > 0) return false;
  hidden_.insert({chart, series});
  return true;
}

void HiddenSeries::show_all(const std::string& chart) {
  for (auto it = hidden_.begin(); it != hidden_.end();)
    it = it->first == chart ? hidden_.erase(it) : std::next(it);
}

HiddenSeries& hidden_series() {
  static HiddenSeries state;
  return state;
}

}  // namespace arbiter::gui::plot
