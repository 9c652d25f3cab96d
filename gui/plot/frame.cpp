// Chart frame, axes and legend drawing shared by line plots, bar charts and heatmaps.
#include "gui/plot/frame.hpp"

#include <algorithm>
#include <cmath>
#include "gui/plot/label_text.hpp"
#include "gui/plot/layout_report.hpp"
#include "gui/plot/legend_toggle.hpp"
#include "gui/plot/panel_focus.hpp"
#include "gui/plot/series_style.hpp"
#include "gui/plot/theme.hpp"

namespace arbiter::gui::plot {


ChartFrame begin_chart(const std::string& id, const std::string& title_in, ImVec2 size, int y_label_chars,
                       bool x_axis_labels, const std::string& x_label_in, const std::string& y_label_in) {
  const std::string title = words(title_in), x_label = words(x_label_in), y_label = words(y_label_in);
  ChartFrame f;
  size.x = std::max(size.x, 60.0f);
  size.y = std::max(size.y, 60.0f);
  f.outer_min = ImGui::GetCursorScreenPos();
  f.outer_max = ImVec2(f.outer_min.x + size.x, f.outer_min.y + size.y);
  ImGui::InvisibleButton(id.c_str(), size);
  f.hovered = ImGui::IsItemHovered();
  f.draw = ImGui::GetWindowDrawList();
  // A focused panel (panel_focus.hpp) keeps its slot in the lab's layout (which the shell clips away) and is
  // drawn over the whole views area, on the layer under every window (the views have no background).
  PanelFocus& focus = panel_focus();
  const PanelRect slot{f.outer_min.x, f.outer_min.y, f.outer_max.x, f.outer_max.y};
  const PanelRect at = focus.place(id, slot);
  if (at.x0 != slot.x0 || at.y0 != slot.y0 || at.x1 != slot.x1 || at.y1 != slot.y1) {
    f.outer_min = ImVec2(at.x0, at.y0);
    f.outer_max = ImVec2(at.x1, at.y1);
    size = ImVec2(at.x1 - at.x0, at.y1 - at.y0);
    f.hovered = ImGui::IsWindowHovered() && ImGui::IsMouseHoveringRect(f.outer_min, f.outer_max, false);
    f.draw = ImGui::GetBackgroundDrawList();
  }
  if (f.hovered && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) focus.double_click(id);
  // The box is outlined, not filled: only the data area is painted (fewer layers for a software renderer).
  f.draw->AddRect(f.outer_min, f.outer_max, chart_theme().frame);

  const float line = ImGui::GetTextLineHeight();
  const float char_w = ImGui::CalcTextSize("0").x;
  float top = f.outer_min.y + 4.0f;
  if (!title.empty()) {
    // A title wider than the box goes on two lines, broken at the last space that lets the first fit; if
    // the second still does not fit it is cut at a word and ends in "..." (reported: the box is not widened).
    const float room = size.x - 8.0f;
    std::vector<std::string> lines{title};
    if (ImGui::CalcTextSize(title.c_str()).x > room) {
      for (auto cut = title.rfind(' '); cut != std::string::npos && cut > 0; cut = title.rfind(' ', cut - 1)) {
        if (ImGui::CalcTextSize(title.substr(0, cut).c_str()).x <= room) {
          lines = {title.substr(0, cut), title.substr(cut + 1)};
          break;
        }
      }
    }
    std::string& last = lines.back();
    if (ImGui::CalcTextSize(last.c_str()).x > room) {
      report_cut("chart", title);
      while (ImGui::CalcTextSize(last.c_str()).x > room && last.size() > 4) {
        const auto cut = last.find_last_of(" (", last.size() - 4);
        last = last.substr(0, cut == std::string::npos || cut < 4 ? last.size() - 4 : cut) + "...";
      }
    }
    for (const std::string& shown : lines) {
      const ImVec2 ts = ImGui::CalcTextSize(shown.c_str());
      f.draw->AddText(ImVec2(f.outer_min.x + (size.x - ts.x) * 0.5f, top), chart_theme().text, shown.c_str());
      top += line + 2.0f;
    }
  }
  if (!y_label.empty()) {
    f.draw->AddText(ImVec2(f.outer_min.x + 6.0f, top), chart_theme().muted_text, y_label.c_str());
    report_text_fit("chart axis label", y_label, ImGui::CalcTextSize(y_label.c_str()).x + 6.0f, size.x);
    top += line + 2.0f;
  }
  float bottom = f.outer_max.y - 4.0f;
  if (!x_label.empty()) {
    const ImVec2 ts = ImGui::CalcTextSize(x_label.c_str());
    f.draw->AddText(ImVec2(f.outer_min.x + (size.x - ts.x) * 0.5f, bottom - line),
                    chart_theme().muted_text, x_label.c_str());
    report_text_fit("chart axis label", x_label, ts.x, size.x);
    bottom -= line + 2.0f;
  }
  if (x_axis_labels) bottom -= line + 2.0f;
  const float left = f.outer_min.x + 8.0f + char_w * static_cast<float>(y_label_chars);
  f.area_min = ImVec2(left, top + line * 0.5f);
  f.area_max = ImVec2(f.outer_max.x - 10.0f, std::max(f.area_min.y + 10.0f, bottom - 2.0f));
  // A data area under three text lines high cannot show its ticks apart: the chart is too short for its font.
  report_text_fit("chart too short", title, 3.0f * line, f.area_max.y - f.area_min.y);
  // The data area is not filled either: grid lines on the window colour (see begin_chart's outline).
  return f;
}

void draw_y_axis(const ChartFrame& f, const AxisRange& range) {
  const float h = f.area_max.y - f.area_min.y;
  const int max_ticks = std::clamp(static_cast<int>(h / (ImGui::GetTextLineHeight() * 1.6f)), 3, 10);
  const std::vector<double> at = ticks(range, max_ticks);
  const std::vector<std::string> labels = tick_labels(at, range.log);
  for (std::size_t i = 0; i < at.size(); ++i) {
    const double u = normalised(range, at[i]);
    if (u < -1e-6 || u > 1 + 1e-6) continue;
    const float y = f.area_max.y - static_cast<float>(u) * h;
    f.draw->AddLine(ImVec2(f.area_min.x, y), ImVec2(f.area_max.x, y), chart_theme().grid);
    const std::string& label = labels[i];
    const ImVec2 ts = ImGui::CalcTextSize(label.c_str());
    f.draw->AddText(ImVec2(f.area_min.x - ts.x - 4.0f, y - ts.y * 0.5f), chart_theme().text, label.c_str());
    report_text_fit("y tick", label, ts.x + 4.0f, f.area_min.x - f.outer_min.x);
  }
  f.draw->AddLine(f.area_min, ImVec2(f.area_min.x, f.area_max.y), chart_theme().axis);
}

void draw_x_axis(const ChartFrame& f, const AxisRange& range) {
  const float w = f.area_max.x - f.area_min.x;
  int max_ticks = std::clamp(static_cast<int>(w / (ImGui::CalcTextSize("0.000").x * 1.5f)), 2, 12);
  std::vector<double> at = ticks(range, max_ticks);
  std::vector<std::string> labels = tick_labels(at, range.log);
  // Fewer ticks while the widest label would run into its neighbours ("100 000" is wider than "0.000").
  for (;;) {
    float widest = 0.0f;
    for (const auto& l : labels) widest = std::max(widest, ImGui::CalcTextSize(l.c_str()).x);
    if (max_ticks <= 2 || at.size() < 2 || widest * 1.3f * static_cast<float>(at.size() - 1) <= w) break;
    --max_ticks;
    at = ticks(range, max_ticks);
    labels = tick_labels(at, range.log);
  }
  for (std::size_t i = 0; i < at.size(); ++i) {
    const double u = normalised(range, at[i]);
    if (u < -1e-6 || u > 1 + 1e-6) continue;
    const float x = f.area_min.x + static_cast<float>(u) * w;
    f.draw->AddLine(ImVec2(x, f.area_min.y), ImVec2(x, f.area_max.y), chart_theme().grid);
    const std::string& label = labels[i];
    const ImVec2 ts = ImGui::CalcTextSize(label.c_str());
    // Centred under the tick, but kept inside the chart's box at the ends.
    const float lx = std::clamp(x - ts.x * 0.5f, f.outer_min.x + 2.0f, f.outer_max.x - ts.x - 2.0f);
    f.draw->AddText(ImVec2(lx, f.area_max.y + 3.0f), chart_theme().text, label.c_str());
  }
  f.draw->AddLine(ImVec2(f.area_min.x, f.area_max.y), f.area_max, chart_theme().axis);
}

ImVec2 to_screen(const ChartFrame& f, const AxisRange& x, const AxisRange& y, double xv, double yv) {
  const double u = normalised(x, xv), v = normalised(y, yv);
  return ImVec2(f.area_min.x + static_cast<float>(u) * (f.area_max.x - f.area_min.x),
                f.area_max.y - static_cast<float>(v) * (f.area_max.y - f.area_min.y));
}

LegendLayout legend_layout(const ChartFrame& f, const std::vector<LegendEntry>& entries, bool wide) {
  const float line = ImGui::GetTextLineHeight();
  LegendLayout l;
  float text_w = 0.0f;
  bool samples = false;
  for (const auto& e : entries) {
    text_w = std::max(text_w, ImGui::CalcTextSize(e.name.c_str()).x);
    samples = samples || e.series >= 0 || e.ghost;
  }
  l.column_w = text_w + (samples ? line * 2.2f : line * 0.8f) + 12.0f;
  const std::size_t n = std::max<std::size_t>(1, entries.size());
  // As many rows as the data area's height holds; the columns that takes, as far as its width allows.
  const auto fit_rows = static_cast<std::size_t>(std::max(1.0f, (f.area_max.y - f.area_min.y - 14.0f) / (line + 2.0f)));
  const auto fit_columns = static_cast<std::size_t>(std::max(1.0f, (f.area_max.x - f.area_min.x - 14.0f) / l.column_w));
  const std::size_t columns = wide ? std::min(n, fit_columns) : std::min((n + fit_rows - 1) / fit_rows, fit_columns);
  l.rows = static_cast<int>((n + columns - 1) / columns);
  l.columns = static_cast<int>(columns);
  l.size = ImVec2(static_cast<float>(columns) * l.column_w + 6.0f, static_cast<float>(l.rows) * (line + 2.0f) + 6.0f);
  return l;
}

Corner make_room_above(ChartFrame& f, const std::vector<LegendEntry>& entries, Corner fallback) {
  const ImVec2 size = legend_layout(f, entries, true).size;
  const float h = f.area_max.y - f.area_min.y, left = h - size.y - 4.0f;
  if (left >= 0.45f * h) {
    f.area_min.y += size.y + 4.0f;
    return Corner::above;
  }
  const float beside_w = legend_layout(f, entries).size.x + 8.0f, w = f.area_max.x - f.area_min.x;
  if (w - beside_w < 0.45f * w) return fallback;
  f.area_max.x -= beside_w;
  return Corner::beside;
}

namespace {
// The frame a legend is laid out in: for a legend beside the data, the data area as it was before it gave
// room to the legend (so that the layout is the one make_room_above measured).
ChartFrame legend_frame(const ChartFrame& f, Corner corner) {
  ChartFrame g = f;
  if (corner == Corner::beside) g.area_max.x = f.outer_max.x - 10.0f;
  return g;
}
}  // namespace

ImVec2 legend_origin(const ChartFrame& f, ImVec2 size, Corner corner) {
  if (corner == Corner::above) return ImVec2(f.area_min.x, f.area_min.y - size.y - 3.0f);
  if (corner == Corner::beside) return ImVec2(f.area_max.x + 8.0f, f.area_min.y);
  const bool right = corner == Corner::top_right || corner == Corner::bottom_right;
  const bool top = corner == Corner::top_right || corner == Corner::top_left;
  return ImVec2(right ? f.area_max.x - 4.0f - size.x : f.area_min.x + 4.0f,
                top ? f.area_min.y + 4.0f : f.area_max.y - 4.0f - size.y);
}

void draw_legend(const ChartFrame& f, const std::vector<LegendEntry>& entries, Corner corner,
                 const std::string& chart) {
  if (entries.empty()) return;
  const float line = ImGui::GetTextLineHeight();
  const LegendLayout l = legend_layout(legend_frame(f, corner), entries, corner == Corner::above);
  const ImVec2 box_min = legend_origin(f, l.size, corner);
  const ImVec2 box_max(box_min.x + l.size.x, box_min.y + l.size.y);
  f.draw->PushClipRect(f.outer_min, f.outer_max, true);  // a legend too big for a small chart stays in it
  f.draw->AddRectFilled(box_min, box_max, chart_theme().legend_fill);
  f.draw->AddRect(box_min, box_max, chart_theme().legend_border);
  std::vector<float> widths;
  for (const LegendEntry& e : entries) widths.push_back(legend_entry_width(e));
  const std::vector<EntryBox> boxes =
      legend_entry_boxes(box_min.x + 6.0f, box_min.y + 4.0f, l.rows, l.column_w, line + 2.0f, widths);
  for (std::size_t i = 0; i < entries.size(); ++i)
    draw_legend_entry(f.draw, ImVec2(boxes[i].x0, boxes[i].y0), entries[i]);
  f.draw->PopClipRect();
  if (chart.empty() || !f.hovered) return;
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  const int hit = legend_entry_at(boxes, mouse.x, mouse.y);
  if (hit < 0) return;
  ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
  if (ImGui::IsMouseClicked(ImGuiMouseButton_Left))
    hidden_series().toggle(chart, entries[static_cast<std::size_t>(hit)].name);
}

void draw_legend_entry(ImDrawList* draw, ImVec2 at, const LegendEntry& entry) {
  LegendEntry e = entry;
  if (e.hidden) e.colour = chart_theme().hidden;
  const float line = ImGui::GetTextLineHeight();
  const float swatch = line * 0.8f;
  float text_x = at.x + swatch + 6.0f;
  if (e.series >= 0) {
    const float sample = line * 2.2f, mid = at.y + line * 0.5f;
    const ImVec2 ends[2] = {ImVec2(at.x, mid), ImVec2(at.x + sample, mid)};
    draw_styled_polyline(draw, ends, 2, e.colour, 2.0f * line_scale(), series_dash(e.series));
    draw_marker(draw, ImVec2(at.x + sample * 0.5f, mid), 3.5f * line_scale(), e.colour, series_marker(e.series));
    text_x = at.x + sample + 6.0f;
  } else if (e.ghost) {
    const float sample = line * 2.2f, mid = at.y + line * 0.5f;
    const ImVec2 ends[2] = {ImVec2(at.x, mid), ImVec2(at.x + sample, mid)};
    draw_styled_polyline(draw, ends, 2, e.colour, 1.5f * line_scale(), Dash::dashed);
    text_x = at.x + sample + 6.0f;
  } else {
    const ImVec2 s0(at.x, at.y + (line - swatch) * 0.5f);
    draw->AddRectFilled(s0, ImVec2(s0.x + swatch, s0.y + swatch), e.colour);
  }
  draw->AddText(ImVec2(text_x, at.y), e.hidden ? chart_theme().hidden : chart_theme().text, e.name.c_str());
}

float legend_entry_width(const LegendEntry& e) {
  const float line = ImGui::GetTextLineHeight();
  return (e.series >= 0 || e.ghost ? line * 2.2f : line * 0.8f) + 6.0f + ImGui::CalcTextSize(e.name.c_str()).x;
}

namespace {
// Where each entry of a legend strip goes (offsets from its top-left corner), wrapping at `width`.
std::vector<ImVec2> strip_positions(const std::vector<LegendEntry>& entries, float width) {
  const float line = ImGui::GetTextLineHeight(), gap = ImGui::GetFontSize() * 1.2f;
  std::vector<ImVec2> at;
  float x = 0.0f, y = 0.0f;
  for (const LegendEntry& e : entries) {
    const float w = legend_entry_width(e);
    if (x > 0.0f && x + w > width) {
      x = 0.0f;
      y += line + 2.0f;
    }
    at.emplace_back(x, y);
    x += w + gap;
  }
  return at;
}
}  // namespace

void legend_strip(const std::vector<LegendEntry>& entries, float width) {
  if (entries.empty()) return;
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const std::vector<ImVec2> at = strip_positions(entries, width);
  const float line = ImGui::GetTextLineHeight();
  const bool hover = ImGui::IsWindowHovered();
  for (std::size_t i = 0; i < entries.size(); ++i) {
    LegendEntry e = entries[i];
    const ImVec2 p(origin.x + at[i].x, origin.y + at[i].y), q(p.x + legend_entry_width(e), p.y + line);
    if (e.series >= 0 || e.ghost) {
      e.hidden = hidden_series().hidden(kStripLegend, e.name);
      if (hover && ImGui::IsMouseHoveringRect(p, q)) {
        ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
        if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) hidden_series().toggle(kStripLegend, e.name);
      }
    }
    draw_legend_entry(draw, p, e);
    report_text_fit("legend", entries[i].name, legend_entry_width(entries[i]), width);
  }
  ImGui::Dummy(ImVec2(width, legend_strip_height(entries, width)));
}

float legend_strip_height(const std::vector<LegendEntry>& entries, float width) {
  if (entries.empty()) return 0.0f;
  return strip_positions(entries, width).back().y + ImGui::GetTextLineHeight();
}

}  // namespace arbiter::gui::plot
