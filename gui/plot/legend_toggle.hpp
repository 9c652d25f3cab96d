// Clicking a legend entry hides or shows its series, as pure logic: where a boxed legend's entries lie
// (pixels, y down), which entry a point hits, and which series of which chart are hidden. Nothing throws.
#pragma once
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace arbiter::gui::plot {

struct EntryBox { float x0, y0, x1, y1; };

// The boxes of a legend's entries laid out in `rows` rows per column (entry i in column i / rows, row
// i % rows) from (`left`, `top`), columns `column_w` apart, rows `row_h` apart, entry i `widths[i]` wide and a
// text line (`row_h`) high. rows < 1 counts as 1.
std::vector<EntryBox> legend_entry_boxes(float left, float top, int rows, float column_w, float row_h,
                                         const std::vector<float>& widths);
// The index of the first box holding (x, y) (edges included), or -1 when none does.
int legend_entry_at(const std::vector<EntryBox>& boxes, float x, float y);

// The series a user hid, by chart id and series name (a name stays when other series come or go).
class HiddenSeries {
 public:
  bool hidden(const std::string& chart, const std::string& series) const;
  // Hides a shown series, shows a hidden one; returns whether it is hidden now.
  bool toggle(const std::string& chart, const std::string& series);
  // Shows every series of `chart`.
  void show_all(const std::string& chart);

 private:
  std::set<std::pair<std::string, std::string>> hidden_;
};

// The chart name under which a legend strip (a legend outside any chart, legend_strip) hides a series: in
// every line plot drawn without its own legend.
inline const std::string kStripLegend = "*";

// The GUI's one record of hidden series (the legends' clicks write it, line plots read it).
HiddenSeries& hidden_series();

}  // namespace arbiter::gui::plot
