// Grouped bars: clusters per label, a colour per group, value labels when they fit.
#include "gui/plot/bar_chart.hpp"

#include <algorithm>
#include <cmath>
#include "gui/plot/frame.hpp"
#include "gui/plot/label_text.hpp"
#include "gui/plot/layout_report.hpp"
#include "gui/plot/legend_toggle.hpp"
#include "gui/plot/palette.hpp"
#include "gui/plot/reveal.hpp"
#include "gui/plot/theme.hpp"

namespace arbiter::gui::plot {

void bar_chart(const experiments::Bars& bars, ImVec2 size, const Unit& value, const BarOptions& options) {
  const std::size_t n_labels = bars.labels.size();
  std::size_t n = n_labels;
  for (const auto& g : bars.groups) n = std::max(n, g.values.size());
  double lo = 0.0, hi = 0.0;
  for (const auto& g : bars.groups)
    for (double v : g.values)
      if (std::isfinite(v)) {
        lo = std::min(lo, v);
        hi = std::max(hi, v);
      }
  AxisRange yr{lo, hi > lo ? hi * 1.08 - lo * 0.08 : lo + 1.0, false};
  if (lo < 0.0) yr.lo = lo * 1.08 - hi * 0.08;
  if (bars.y_max > 0.0) yr.hi = bars.y_max;
  int y_chars = 4;
  for (const auto& l : tick_labels(ticks(yr, 8), yr.log)) y_chars = std::max<int>(y_chars, static_cast<int>(l.size()));
  const std::string chart = bars.id.empty() ? bars.title : bars.id;
  report_unit(chart, "bar values", value);
  // The value axis is titled with the unit unless the chart's title names it ("Prices in money: ...").
  const bool named = value.unitless() || value.title(bars.title) == bars.title;
  ChartFrame f = begin_chart(chart, bars.title, size, y_chars, true, "", named ? "" : value.title(""));
  // The legend goes in the top corner where no bar reaches up under it; when both have bars under them,
  // the scale grows upward (if automatic and the legend is short) until the bars leave the top band to it,
  // or else the legend goes above the data area (in a small chart: the corner with the fewest bar tops).
  // A group hidden by a click on its legend entry is not drawn (its entry greyed); a group a lesson withholds
  // from the class (reveal.hpp) is neither drawn nor in the legend. The clusters keep their places.
  std::vector<LegendEntry> legend;
  std::vector<bool> hidden(bars.groups.size(), false);
  for (std::size_t k = 0; k < bars.groups.size(); ++k) {
    hidden[k] = withheld(bars.groups[k].name);
    if (bars.groups.size() <= 1 || !options.legend || hidden[k]) continue;
    LegendEntry e{words(bars.groups[k].name), series_colour(static_cast<int>(k))};
    e.hidden = hidden[k] = hidden_series().hidden(chart, e.name);
    legend.push_back(std::move(e));
  }
  for (std::size_t k = 0; k < bars.groups.size(); ++k)
    if (!hidden[k]) note_drawn(bars.groups[k].name);
  LegendPlacement placement;
  if (!legend.empty() && n > 0) {
    const ImVec2 box = legend_layout(f, legend).size;
    const double bw = (box.x + 8.0) / std::max(1.0f, f.area_max.x - f.area_min.x);
    const double bh = (box.y + 8.0) / std::max(1.0f, f.area_max.y - f.area_min.y);
    const std::size_t group_count = bars.groups.size();
    auto bar_tops = [&] {  // three points along each bar's top edge
      std::vector<NormalisedPoint> points;
      for (std::size_t i = 0; i < n; ++i)
        for (std::size_t k = 0; k < group_count; ++k) {
          if (i >= bars.groups[k].values.size() || !std::isfinite(bars.groups[k].values[i])) continue;
          const double y = normalised(yr, std::max(bars.groups[k].values[i], 0.0));
          const double x0 = (static_cast<double>(i) + 0.09 + 0.82 * static_cast<double>(k) / static_cast<double>(group_count)) /
                            static_cast<double>(n);
          const double bar = 0.82 / static_cast<double>(group_count * n);
          for (double t : {0.0, 0.5, 1.0}) points.push_back({x0 + t * bar, std::min(y, 1.0)});
        }
      return points;
    };
    const std::vector<Corner> top{Corner::top_right, Corner::top_left};
    placement = place_legend(bar_tops(), bw, bh, top);
    if (placement.hidden > 0 && bars.y_max <= 0.0 && bh < 0.3 && hi > 0.0) {
      yr.hi = yr.lo + (std::max(yr.hi, hi) - yr.lo) * legend_headroom(bh + 0.04);
      placement = place_legend(bar_tops(), bw, bh, top);
    }
    if (placement.hidden > 0) placement.corner = make_room_above(f, legend, placement.corner);
    if (placement.corner != Corner::above && placement.corner != Corner::beside) report_legend_overlap(bars.title, placement.hidden);
  }
  draw_y_axis(f, yr);
  if (n == 0) return;

  const float w = f.area_max.x - f.area_min.x;
  const float cluster = w / static_cast<float>(n);
  const std::size_t groups = std::max<std::size_t>(1, bars.groups.size());
  const float gap = cluster * 0.18f;
  const float bar_w = (cluster - gap) / static_cast<float>(groups);
  const AxisRange xr{0.0, static_cast<double>(n), false};
  const float base_y = to_screen(f, xr, yr, 0.0, std::clamp(0.0, yr.lo, yr.hi)).y;
  // Value labels with three significant digits when every one fits over its bar, else two, else none (a
  // chart labels all its bars alike, and labels never run into each other).
  const char* label_format = nullptr;
  for (const char* format : {"%.3g", "%.2g"}) {
    bool fits = true;
    for (const auto& g : bars.groups)
      for (double v : g.values) {
        char buf[32];
        std::snprintf(buf, sizeof buf, format, v);
        if (std::isfinite(v) && ImGui::CalcTextSize(buf).x > bar_w - 2.0f) fits = false;
      }
    if (fits) {
      label_format = format;
      break;
    }
  }
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  int hover_label = -1;

  f.draw->PushClipRect(f.area_min, f.area_max, true);
  for (std::size_t i = 0; i < n; ++i) {
    const float x0 = f.area_min.x + cluster * static_cast<float>(i) + gap * 0.5f;
    if (f.hovered && mouse.x >= x0 - gap * 0.5f && mouse.x < x0 - gap * 0.5f + cluster)
      hover_label = static_cast<int>(i);
    for (std::size_t k = 0; k < bars.groups.size(); ++k) {
      if (i >= bars.groups[k].values.size() || hidden[k]) continue;
      const double v = bars.groups[k].values[i];
      if (!std::isfinite(v)) continue;
      const float y = to_screen(f, xr, yr, 0.0, v).y;
      const float bx = x0 + bar_w * static_cast<float>(k);
      f.draw->AddRectFilled(ImVec2(bx + 1.0f, std::min(y, base_y)), ImVec2(bx + bar_w - 1.0f, std::max(y, base_y)),
                            series_colour(static_cast<int>(k)));
      if (label_format != nullptr) {
        char buf[32];
        std::snprintf(buf, sizeof buf, label_format, v);
        const ImVec2 ts = ImGui::CalcTextSize(buf);
        const float ty = v >= 0 ? y - ts.y - 1.0f : y + 1.0f;
        f.draw->AddText(ImVec2(bx + (bar_w - ts.x) * 0.5f, std::max(ty, f.area_min.y)), chart_theme().value_text,
                        buf);
      }
    }
  }
  f.draw->PopClipRect();
  f.draw->AddLine(ImVec2(f.area_min.x, base_y), ImVec2(f.area_max.x, base_y), chart_theme().axis);

  // Category labels under the clusters (skipping some when they would overlap).
  float max_label = 1.0f;
  std::vector<std::string> labels;
  for (const auto& l : bars.labels) labels.push_back(words(l));
  for (const auto& l : labels) max_label = std::max(max_label, ImGui::CalcTextSize(l.c_str()).x);
  const std::size_t every = std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil((max_label + 6.0f) / cluster)));
  for (std::size_t i = 0; i < n_labels; i += every) {
    const ImVec2 ts = ImGui::CalcTextSize(labels[i].c_str());
    const float cx = f.area_min.x + cluster * (static_cast<float>(i) + 0.5f);
    f.draw->AddText(ImVec2(cx - ts.x * 0.5f, f.area_max.y + 3.0f), chart_theme().text, labels[i].c_str());
  }

  draw_legend(f, legend, placement.corner, chart);

  if (hover_label >= 0) {
    ImGui::BeginTooltip();
    const auto i = static_cast<std::size_t>(hover_label);
    ImGui::TextUnformatted(i < n_labels ? bars.labels[i].c_str() : "");
    for (std::size_t k = 0; k < bars.groups.size(); ++k)
      if (i < bars.groups[k].values.size() && !hidden[k])
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(series_colour(static_cast<int>(k))), "%s: %s",
                           bars.groups[k].name.c_str(), format_value(bars.groups[k].values[i]).c_str());
    ImGui::EndTooltip();
  }
}

}  // namespace arbiter::gui::plot
