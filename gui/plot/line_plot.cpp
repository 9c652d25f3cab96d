// Line plots: ranges from the data, error bands, per-pixel decimation of long series, markers, legend,
// and a hover read-out of every series at the nearest x.
#include "gui/plot/line_plot.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include "gui/plot/frame.hpp"
#include "gui/plot/label_text.hpp"
#include "gui/plot/layout_report.hpp"
#include "gui/plot/legend_toggle.hpp"
#include "gui/plot/reveal.hpp"
#include "gui/plot/palette.hpp"
#include "gui/plot/series_style.hpp"
#include "gui/plot/theme.hpp"

namespace arbiter::gui::plot {

namespace {

bool usable(double x, bool log) { return std::isfinite(x) && (!log || x > 0.0); }

// Series with at most this many points are drawn with dots (and error bars) as well as a line.
constexpr std::size_t kSparsePoints = 40;

// Nearest index to xv in a series (x sorted ascending in practice; falls back to a scan otherwise).
std::size_t nearest(const std::vector<double>& xs, double xv) {
  if (xs.empty()) return 0;
  if (std::is_sorted(xs.begin(), xs.end())) {
    auto it = std::lower_bound(xs.begin(), xs.end(), xv);
    if (it == xs.end()) return xs.size() - 1;
    const std::size_t i = static_cast<std::size_t>(it - xs.begin());
    if (i > 0 && std::abs(xs[i - 1] - xv) < std::abs(xs[i] - xv)) return i - 1;
    return i;
  }
  std::size_t best = 0;
  for (std::size_t i = 1; i < xs.size(); ++i)
    if (std::abs(xs[i] - xv) < std::abs(xs[best] - xv)) best = i;
  return best;
}

// Markers along a dense line (a few, staggered between series so they do not sit on each other).
constexpr int kMarkersPerLine = 5;

// `ghost`: the previous run's series, its line alone (no dots, error bars, band or markers).
void draw_series(const ChartFrame& f, const AxisRange& xr, const AxisRange& yr,
                 const experiments::Series& s, ImU32 colour, float thickness, int index, int series_count,
                 bool ghost = false) {
  const Dash dash = series_dash(index);
  const Marker marker = series_marker(index);
  const std::size_t n = std::min(s.x.size(), s.y.size());
  // The pixel columns the series spans (a fixed x range may leave most of the plot still empty).
  float width = 0.0f;
  if (n >= 2 && usable(s.x[0], xr.log) && usable(s.x[n - 1], xr.log))
    width = std::min(std::abs(to_screen(f, xr, yr, s.x[n - 1], yr.lo).x - to_screen(f, xr, yr, s.x[0], yr.lo).x),
                     f.area_max.x - f.area_min.x);
  if (!(width >= 1.0f)) width = f.area_max.x - f.area_min.x;
  // A sparse series (a few measured points) gets a dot and an error bar per point; a dense one a band.
  // Two points without errors are a reference line (e.g. an optimum), drawn as a plain line.
  const bool sparse = n <= kSparsePoints && (n != 2 || !s.y_err.empty());
  if (sparse && !ghost) {
    for (std::size_t i = 0; i < n; ++i) {
      if (!usable(s.x[i], xr.log) || !usable(s.y[i], yr.log)) continue;
      const ImVec2 c = to_screen(f, xr, yr, s.x[i], s.y[i]);
      if (i < s.y_err.size() && std::isfinite(s.y_err[i]) && s.y_err[i] > 0.0) {
        const double lo = s.y[i] - s.y_err[i], hi = s.y[i] + s.y_err[i];
        const ImVec2 a = to_screen(f, xr, yr, s.x[i], usable(lo, yr.log) ? lo : s.y[i]);
        const ImVec2 b = to_screen(f, xr, yr, s.x[i], hi);
        f.draw->AddLine(a, b, colour, 1.5f);
        f.draw->AddLine(ImVec2(a.x - 3.0f, a.y), ImVec2(a.x + 3.0f, a.y), colour, 1.5f);
        f.draw->AddLine(ImVec2(b.x - 3.0f, b.y), ImVec2(b.x + 3.0f, b.y), colour, 1.5f);
      }
      draw_marker(f.draw, c, thickness + 2.0f, colour, marker);
    }
  } else if (!ghost && s.y_err.size() >= n && n >= 2) {
    // The band is drawn in buckets of about 4 pixels, each spanning the lowest and highest edge of its
    // points: an honest envelope with few triangles (a software renderer pays per triangle).
    const ImU32 band = (colour & 0x00FFFFFF) | (60u << 24);
    const std::size_t buckets = std::max<std::size_t>(1, static_cast<std::size_t>(width / 4.0f));
    const std::size_t stride = std::max<std::size_t>(1, (n + buckets - 1) / buckets);
    struct Edge { double x, lo, hi; };
    std::vector<Edge> edges;
    for (std::size_t i = 0; i < n; i += stride) {
      Edge e{s.x[i], std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()};
      for (std::size_t k = i; k < std::min(n, i + stride + 1); ++k) {
        if (!std::isfinite(s.y[k]) || !std::isfinite(s.y_err[k])) continue;
        e.lo = std::min(e.lo, s.y[k] - s.y_err[k]);
        e.hi = std::max(e.hi, s.y[k] + s.y_err[k]);
      }
      edges.push_back(e);
    }
    if (edges.back().x != s.x[n - 1]) edges.push_back({s.x[n - 1], s.y[n - 1] - s.y_err[n - 1], s.y[n - 1] + s.y_err[n - 1]});
    // Without anti-aliased edges: the quads abut, and a fringe per quad would cost eight more triangles.
    const ImDrawListFlags flags = f.draw->Flags;
    f.draw->Flags &= ~ImDrawListFlags_AntiAliasedFill;
    for (std::size_t i = 0; i + 1 < edges.size(); ++i) {
      const Edge& a = edges[i];
      const Edge& b = edges[i + 1];
      if (!usable(a.x, xr.log) || !usable(b.x, xr.log) || !usable(a.lo, yr.log) || !usable(b.lo, yr.log) ||
          !usable(a.hi, yr.log) || !usable(b.hi, yr.log))
        continue;
      f.draw->AddQuadFilled(to_screen(f, xr, yr, a.x, a.hi), to_screen(f, xr, yr, b.x, b.hi),
                            to_screen(f, xr, yr, b.x, b.lo), to_screen(f, xr, yr, a.x, a.lo), band);
    }
    f.draw->Flags = flags;
  }
  std::vector<ImVec2> pts;
  pts.reserve(std::min<std::size_t>(n, static_cast<std::size_t>(width) + 4));
  bool anchored = false;  // pts[0] only joins the line to a bar drawn before it
  auto flush = [&] {
    if (pts.size() == 1 && !anchored)
      f.draw->AddCircleFilled(pts[0], thickness + 1.5f, colour);
    else if (pts.size() > 1)
      draw_styled_polyline(f.draw, pts.data(), static_cast<int>(pts.size()), colour, thickness, dash);
    pts.clear();
    anchored = false;
  };
  if (n > static_cast<std::size_t>(width) && width > 1) {
    // Decimate to the pixel columns (a software renderer pays per triangle, a polyline two per point).
    // A column whose points lie within a pixel is one point of the line; a column that spans more (a
    // noisy trace) is a one-pixel bar from its lowest to its highest point, joined to its neighbours:
    // an honest envelope in two triangles.
    int column = -1;
    float lo = 0, hi = 0;
    auto emit = [&] {
      const float mid = 0.5f * (lo + hi);
      const auto x = static_cast<float>(column);
      if (hi - lo < 1.0f) {
        pts.emplace_back(x, mid);
        return;
      }
      float top = lo, bottom = hi;
      if (!pts.empty()) {
        top = std::min(top, pts.back().y);
        bottom = std::max(bottom, pts.back().y);
      }
      // The line so far ends in this column (a lone anchor needs no segment: the bars meet).
      if (pts.size() > 1 || (pts.size() == 1 && !anchored)) pts.emplace_back(x, mid);
      flush();
      const ImDrawListFlags flags = f.draw->Flags;
      f.draw->Flags &= ~ImDrawListFlags_AntiAliasedFill;
      f.draw->AddRectFilled(ImVec2(x, top - 0.5f * thickness), ImVec2(x + 1.0f, bottom + 0.5f * thickness), colour);
      f.draw->Flags = flags;
      pts.emplace_back(x, mid);
      anchored = true;
    };
    for (std::size_t i = 0; i < n; ++i) {
      if (!usable(s.x[i], xr.log) || !usable(s.y[i], yr.log)) {
        if (column >= 0) emit();
        flush();
        column = -1;
        continue;
      }
      const ImVec2 p = to_screen(f, xr, yr, s.x[i], s.y[i]);
      const int c = static_cast<int>(p.x);
      if (c != column) {
        if (column >= 0) emit();
        column = c;
        lo = hi = p.y;
      } else {
        lo = std::min(lo, p.y);
        hi = std::max(hi, p.y);
      }
    }
    if (column >= 0) emit();
    flush();
  } else {
    for (std::size_t i = 0; i < n; ++i) {
      if (!usable(s.x[i], xr.log) || !usable(s.y[i], yr.log)) { flush(); continue; }
      pts.push_back(to_screen(f, xr, yr, s.x[i], s.y[i]));
    }
    flush();
  }
  if (sparse || ghost || n < 2) return;
  const double offset = (static_cast<double>(index) + 1.0) / (static_cast<double>(std::max(1, series_count)) + 1.0);
  for (int j = 0; j < kMarkersPerLine; ++j) {
    const auto i = std::min(n - 1, static_cast<std::size_t>((j + offset) / kMarkersPerLine * static_cast<double>(n - 1)));
    if (usable(s.x[i], xr.log) && usable(s.y[i], yr.log))
      draw_marker(f.draw, to_screen(f, xr, yr, s.x[i], s.y[i]), thickness + 1.5f, colour, marker);
  }
}

// The series a chart draws: the plot's, then the ghost's (but for the faint series, which has no ghost).
std::vector<const experiments::Series*> drawn_series(const experiments::Plot& plot, const experiments::Plot* ghost,
                                                     int faint_series) {
  std::vector<const experiments::Series*> all;
  for (const auto& s : plot.series) all.push_back(&s);
  if (ghost != nullptr)
    for (std::size_t k = 0; k < ghost->series.size(); ++k)
      if (static_cast<int>(k) != faint_series) all.push_back(&ghost->series[k]);
  return all;
}

// The plotted points in normalised area coordinates (a few hundred per series at most), the ghost's too.
std::vector<NormalisedPoint> normalised_points(const AxisRange& xr, const AxisRange& yr,
                                               const std::vector<const experiments::Series*>& all) {
  std::vector<NormalisedPoint> out;
  for (const experiments::Series* series : all) {
    const experiments::Series& s = *series;
    const std::size_t n = std::min(s.x.size(), s.y.size());
    const std::size_t stride = std::max<std::size_t>(1, n / 400);
    for (std::size_t i = 0; i < n; i += stride) {
      if (!usable(s.x[i], xr.log) || !usable(s.y[i], yr.log)) continue;
      out.push_back({normalised(xr, s.x[i]), normalised(yr, s.y[i])});
      if (i < s.y_err.size() && std::isfinite(s.y_err[i]) && s.y_err[i] > 0.0) {  // the error band's edges
        out.push_back({normalised(xr, s.x[i]), normalised(yr, s.y[i] + s.y_err[i])});
        if (usable(s.y[i] - s.y_err[i], yr.log)) out.push_back({normalised(xr, s.x[i]), normalised(yr, s.y[i] - s.y_err[i])});
      }
    }
  }
  return out;
}

}  // namespace

std::vector<LegendEntry> line_legend_entries(const experiments::Plot& plot, const experiments::Plot* ghost) {
  std::vector<LegendEntry> legend;
  for (std::size_t k = 0; k < plot.series.size(); ++k)
    if (!withheld(plot.series[k].name))
      legend.push_back({words(plot.series[k].name), series_colour(static_cast<int>(k)), static_cast<int>(k)});
  if (ghost != nullptr) legend.push_back({kGhostEntry, IM_COL32(120, 120, 135, 150), -1, false, true});
  return legend;
}

void line_plot(const experiments::Plot& plot, ImVec2 size, const AxisUnits& units, const LineOptions& options) {
  double x_lo = std::numeric_limits<double>::infinity(), x_hi = -x_lo;
  double y_lo = x_lo, y_hi = -x_lo;
  const experiments::Plot* ghost = options.ghost;
  const std::vector<const experiments::Series*> all = drawn_series(plot, ghost, options.faint_series);
  for (const experiments::Series* series : all) {
    const experiments::Series& s = *series;
    const std::size_t n = std::min(s.x.size(), s.y.size());
    for (std::size_t i = 0; i < n; ++i) {
      if (!usable(s.x[i], plot.log_x) || !usable(s.y[i], plot.log_y)) continue;
      x_lo = std::min(x_lo, s.x[i]);
      x_hi = std::max(x_hi, s.x[i]);
      const double e = i < s.y_err.size() && std::isfinite(s.y_err[i]) ? std::abs(s.y_err[i]) : 0.0;
      const double lo = s.y[i] - e, hi = s.y[i] + e;
      y_lo = std::min(y_lo, usable(lo, plot.log_y) ? lo : s.y[i]);
      y_hi = std::max(y_hi, hi);
    }
  }
  for (double m : plot.x_markers) {
    if (!usable(m, plot.log_x)) continue;
    x_lo = std::min(x_lo, m);
    x_hi = std::max(x_hi, m);
  }
  AxisRange xr = padded_range(x_lo, x_hi, plot.log_x, 0.0);
  if (options.x_lo) xr.lo = *options.x_lo;
  if (options.x_hi) xr.hi = *options.x_hi;
  if (options.robust_y) {
    // The central 98% of the values (error bars ignored): a few early outliers do not squash the rest.
    std::vector<double> ys;
    for (const experiments::Series* s : all)
      for (std::size_t i = 0; i < std::min(s->x.size(), s->y.size()); ++i)
        if (usable(s->y[i], plot.log_y)) ys.push_back(s->y[i]);
    if (ys.size() >= 20) {
      const auto lo_at = ys.begin() + static_cast<std::ptrdiff_t>(ys.size() / 100);
      const auto hi_at = ys.begin() + static_cast<std::ptrdiff_t>(ys.size() - 1 - ys.size() / 100);
      std::nth_element(ys.begin(), lo_at, ys.end());
      y_lo = *lo_at;
      std::nth_element(ys.begin(), hi_at, ys.end());
      y_hi = *hi_at;
    }
  }
  AxisRange yr = padded_range(y_lo, y_hi, plot.log_y, 0.06);
  if (options.y_lo) yr.lo = *options.y_lo;
  if (options.y_hi) yr.hi = *options.y_hi;

  int y_chars = 4;
  for (const auto& l : tick_labels(ticks(yr, 8), yr.log)) y_chars = std::max<int>(y_chars, static_cast<int>(l.size()));
  const std::string chart = plot.id.empty() ? plot.title : plot.id;
  report_unit(chart, "x axis " + plot.x_label, units.x);
  report_unit(chart, "y axis " + plot.y_label, units.y);
  ChartFrame f = begin_chart(chart, plot.title, size, y_chars, true, units.x.title(plot.x_label),
                             units.y.title(plot.y_label));
  // The legend goes in the corner with no points under it; when every corner has some, the y range grows
  // upward (unless fixed, or the legend is tall) so the data leaves the top band to it, or else the legend
  // goes above the data area (in a small chart: the corner with the fewest points).
  std::vector<LegendEntry> legend;
  if (plot.series.size() > 1 && options.legend) legend = line_legend_entries(plot);
  // A series hidden by a click on its legend entry (this chart's own legend, or, for a chart drawn without
  // one, a legend strip beside it) is not drawn; the ranges and the legend's place stay.
  // A series a lesson withholds from the class (reveal.hpp) is neither drawn nor in the legend.
  std::vector<bool> hidden(plot.series.size(), false);
  for (LegendEntry& e : legend) {
    e.hidden = hidden_series().hidden(chart, e.name);
    if (e.series >= 0) hidden[static_cast<std::size_t>(e.series)] = e.hidden;
  }
  if (!options.legend)
    for (std::size_t k = 0; k < plot.series.size(); ++k)
      hidden[k] = hidden_series().hidden(kStripLegend, words(plot.series[k].name));
  for (std::size_t k = 0; k < plot.series.size(); ++k)
    if (withheld(plot.series[k].name)) hidden[k] = true;
  const bool ghost_hidden = ghost != nullptr && hidden_series().hidden(options.legend ? chart : kStripLegend, kGhostEntry);
  LegendPlacement placement;
  if (!legend.empty()) {
    const ImVec2 box = legend_layout(f, legend).size;
    const double w = std::max(1.0f, f.area_max.x - f.area_min.x), h = std::max(1.0f, f.area_max.y - f.area_min.y);
    const double bw = (box.x + 8.0) / w, bh = (box.y + 8.0) / h;
    placement = place_legend(normalised_points(xr, yr, all), bw, bh);
    if (placement.hidden > 0 && !options.y_hi && bh < 0.3) {
      const double k = legend_headroom(bh + 0.04);
      if (yr.log)
        yr.hi = std::pow(10.0, std::log10(yr.lo) + (std::log10(yr.hi) - std::log10(yr.lo)) * k);
      else
        yr.hi = yr.lo + (yr.hi - yr.lo) * k;
      placement = place_legend(normalised_points(xr, yr, all), bw, bh);
    }
    if (placement.hidden > 0) placement.corner = make_room_above(f, legend, placement.corner);
    if (placement.corner != Corner::above && placement.corner != Corner::beside) report_legend_overlap(plot.title, placement.hidden);
  }
  draw_x_axis(f, xr);
  draw_y_axis(f, yr);

  f.draw->PushClipRect(f.area_min, ImVec2(f.area_max.x + 1, f.area_max.y + 1), true);
  // The previous run's curves go first, under everything: series k in series k's colour and dash, pale and
  // thin (a hidden series' ghost is hidden with it; a faint series, one noisy run, has none).
  if (ghost != nullptr && !ghost_hidden)
    for (std::size_t k = 0; k < ghost->series.size(); ++k)
      if ((k >= hidden.size() || !hidden[k]) && static_cast<int>(k) != options.faint_series)
        draw_series(f, xr, yr, ghost->series[k], series_colour(static_cast<int>(k), 95),
                    std::max(1.0f, 0.6f * options.thickness) * line_scale(), static_cast<int>(k),
                    static_cast<int>(ghost->series.size()), true);
  // A faint series goes first (underneath) in a pale version of its colour.
  if (options.faint_series >= 0 && static_cast<std::size_t>(options.faint_series) < plot.series.size() &&
      !hidden[static_cast<std::size_t>(options.faint_series)])
    draw_series(f, xr, yr, plot.series[static_cast<std::size_t>(options.faint_series)],
                series_colour(options.faint_series, 110), options.thickness * line_scale(), options.faint_series,
                static_cast<int>(plot.series.size()));
  for (std::size_t k = 0; k < plot.series.size(); ++k)
    if (!hidden[k]) note_drawn(plot.series[k].name);
  for (std::size_t k = 0; k < plot.series.size(); ++k)
    if (static_cast<int>(k) != options.faint_series && !hidden[k])
      draw_series(f, xr, yr, plot.series[k], series_colour(static_cast<int>(k)), options.thickness * line_scale(),
                  static_cast<int>(k), static_cast<int>(plot.series.size()));
  // A marker's value beside its line: right of it, or left where the right would leave the chart, one line
  // lower where it would run into the label before it (markers close together: 11.09 and 88.72).
  std::vector<ImVec4> placed;
  std::vector<std::string> labelled;  // a marker at a value already labelled (T now = T_c) is drawn, not relabelled
  for (double m : plot.x_markers) {
    if (!usable(m, plot.log_x)) continue;
    const float x = to_screen(f, xr, yr, m, yr.log ? yr.lo : 0.0).x;
    for (float y = f.area_min.y; y < f.area_max.y; y += 8.0f)
      f.draw->AddLine(ImVec2(x, y), ImVec2(x, std::min(y + 4.0f, f.area_max.y)), chart_theme().marker_line,
                      1.5f);
    const std::string label = tick_label(m);
    if (std::find(labelled.begin(), labelled.end(), label) != labelled.end()) continue;
    labelled.push_back(label);
    const ImVec2 ts = ImGui::CalcTextSize(label.c_str());
    ImVec2 at(x + 3.0f, f.area_min.y + 2.0f);
    if (at.x + ts.x > f.area_max.x) at.x = std::max(f.area_min.x, x - 3.0f - ts.x);
    for (bool moved = true; moved;) {
      moved = false;
      for (const ImVec4& r : placed)
        if (at.x < r.z && at.x + ts.x > r.x && at.y < r.w && at.y + ts.y > r.y) {
          at.y = r.w;
          moved = true;
        }
    }
    placed.emplace_back(at.x, at.y, at.x + ts.x, at.y + ts.y);
    f.draw->AddText(at, chart_theme().marker_line | 0xFF000000u, label.c_str());
  }
  f.draw->PopClipRect();

  draw_legend(f, legend, placement.corner, chart);
  // The ghost's entry: above the data area's right end (a row more in the legend would cover the data of a
  // small chart), above the legend when that went above the data; a click hides or shows the ghost.
  if (ghost != nullptr && options.legend) {
    LegendEntry tag = line_legend_entries(experiments::Plot{}, ghost).back();
    tag.hidden = ghost_hidden;
    const float w = legend_entry_width(tag), line = ImGui::GetTextLineHeight();
    float top = f.area_min.y - line - 2.0f;
    if (placement.corner == Corner::above)
      top = legend_origin(f, legend_layout(f, legend, true).size, Corner::above).y - line - 2.0f;
    const ImVec2 at(f.area_max.x - w, std::max(f.outer_min.y, top)), end(at.x + w, at.y + line);
    draw_legend_entry(f.draw, at, tag);
    if (f.hovered && ImGui::IsMouseHoveringRect(at, end)) {
      ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
      if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) hidden_series().toggle(chart, kGhostEntry);
    }
  }

  if (f.hovered && !plot.series.empty()) {
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    const float w = f.area_max.x - f.area_min.x;
    const double u = (mouse.x - f.area_min.x) / w;
    const double xv = xr.log ? std::pow(10.0, std::log10(xr.lo) + u * (std::log10(xr.hi) - std::log10(xr.lo)))
                             : xr.lo + u * (xr.hi - xr.lo);
    f.draw->AddLine(ImVec2(mouse.x, f.area_min.y), ImVec2(mouse.x, f.area_max.y), chart_theme().hover_line);
    ImGui::BeginTooltip();
    ImGui::Text("%s = %s", plot.x_label.empty() ? "x" : plot.x_label.c_str(), format_value(xv).c_str());
    for (std::size_t k = 0; k < plot.series.size(); ++k) {
      const auto& s = plot.series[k];
      if (s.x.empty() || s.y.size() < s.x.size() || hidden[k]) continue;
      const std::size_t i = nearest(s.x, xv);
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(series_colour(static_cast<int>(k))), "%s: %s",
                         s.name.empty() ? "y" : s.name.c_str(), format_value(s.y[i]).c_str());
    }
    ImGui::EndTooltip();
  }
}

}  // namespace arbiter::gui::plot
