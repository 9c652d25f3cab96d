// Line plots: ranges from the data, error bands, per-pixel decimation of long series, markers, legend,
// and a hover read-out of every series at the nearest x.
#include "gui/plot/line_plot.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include "gui/plot/frame.hpp"
#include "gui/plot/palette.hpp"

namespace arbiter::gui::plot {

namespace {

bool usable(double x, bool log) { return std::isfinite(x) && (!log || x > 0.0); }

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

void draw_series(const ChartFrame& f, const AxisRange& xr, const AxisRange& yr,
                 const experiments::Series& s, ImU32 colour, float thickness) {
  const std::size_t n = std::min(s.x.size(), s.y.size());
  const float width = f.area_max.x - f.area_min.x;
  // Error band first, under the line.
  if (s.y_err.size() >= n && n >= 2) {
    const ImU32 band = (colour & 0x00FFFFFF) | (60u << 24);
    for (std::size_t i = 0; i + 1 < n; ++i) {
      const double x0 = s.x[i], x1 = s.x[i + 1];
      const double lo0 = s.y[i] - s.y_err[i], hi0 = s.y[i] + s.y_err[i];
      const double lo1 = s.y[i + 1] - s.y_err[i + 1], hi1 = s.y[i + 1] + s.y_err[i + 1];
      if (!usable(x0, xr.log) || !usable(x1, xr.log) || !usable(lo0, yr.log) || !usable(lo1, yr.log) ||
          !usable(hi0, yr.log) || !usable(hi1, yr.log))
        continue;
      f.draw->AddQuadFilled(to_screen(f, xr, yr, x0, hi0), to_screen(f, xr, yr, x1, hi1),
                            to_screen(f, xr, yr, x1, lo1), to_screen(f, xr, yr, x0, lo0), band);
    }
  }
  std::vector<ImVec2> pts;
  pts.reserve(std::min<std::size_t>(n, static_cast<std::size_t>(width * 2) + 4));
  auto flush = [&] {
    if (pts.size() == 1)
      f.draw->AddCircleFilled(pts[0], thickness + 1.5f, colour);
    else if (pts.size() > 1)
      f.draw->AddPolyline(pts.data(), static_cast<int>(pts.size()), colour, 0, thickness);
    pts.clear();
  };
  if (n > static_cast<std::size_t>(width) * 2 && width > 1) {
    // Decimate: for each pixel column keep the min and max (an honest envelope of a noisy curve).
    int column = -1;
    float lo = 0, hi = 0;
    for (std::size_t i = 0; i < n; ++i) {
      if (!usable(s.x[i], xr.log) || !usable(s.y[i], yr.log)) { flush(); column = -1; continue; }
      const ImVec2 p = to_screen(f, xr, yr, s.x[i], s.y[i]);
      const int c = static_cast<int>(p.x);
      if (c != column) {
        if (column >= 0) {
          pts.emplace_back(static_cast<float>(column), lo);
          if (hi != lo) pts.emplace_back(static_cast<float>(column), hi);
        }
        column = c;
        lo = hi = p.y;
      } else {
        lo = std::min(lo, p.y);
        hi = std::max(hi, p.y);
      }
    }
    if (column >= 0) {
      pts.emplace_back(static_cast<float>(column), lo);
      if (hi != lo) pts.emplace_back(static_cast<float>(column), hi);
    }
    flush();
    return;
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (!usable(s.x[i], xr.log) || !usable(s.y[i], yr.log)) { flush(); continue; }
    pts.push_back(to_screen(f, xr, yr, s.x[i], s.y[i]));
  }
  flush();
}

}  // namespace

void line_plot(const experiments::Plot& plot, ImVec2 size, const LineOptions& options) {
  double x_lo = std::numeric_limits<double>::infinity(), x_hi = -x_lo;
  double y_lo = x_lo, y_hi = -x_lo;
  for (const auto& s : plot.series) {
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
  AxisRange yr = padded_range(y_lo, y_hi, plot.log_y, 0.06);
  if (options.y_lo) yr.lo = *options.y_lo;
  if (options.y_hi) yr.hi = *options.y_hi;

  int y_chars = 4;
  for (double t : ticks(yr, 8)) y_chars = std::max<int>(y_chars, static_cast<int>(tick_label(t).size()));
  ChartFrame f = begin_chart(plot.id.empty() ? plot.title : plot.id, plot.title, size, y_chars, true,
                             plot.x_label, plot.y_label);
  draw_x_axis(f, xr);
  draw_y_axis(f, yr);

  f.draw->PushClipRect(f.area_min, ImVec2(f.area_max.x + 1, f.area_max.y + 1), true);
  for (std::size_t k = 0; k < plot.series.size(); ++k)
    draw_series(f, xr, yr, plot.series[k], series_colour(static_cast<int>(k)), options.thickness);
  for (double m : plot.x_markers) {
    if (!usable(m, plot.log_x)) continue;
    const float x = to_screen(f, xr, yr, m, yr.log ? yr.lo : 0.0).x;
    for (float y = f.area_min.y; y < f.area_max.y; y += 8.0f)
      f.draw->AddLine(ImVec2(x, y), ImVec2(x, std::min(y + 4.0f, f.area_max.y)), IM_COL32(60, 60, 70, 200),
                      1.5f);
    const std::string label = tick_label(m);
    f.draw->AddText(ImVec2(x + 3.0f, f.area_min.y + 2.0f), IM_COL32(60, 60, 70, 255), label.c_str());
  }
  f.draw->PopClipRect();

  std::vector<std::pair<std::string, ImU32>> legend;
  if (plot.series.size() > 1)
    for (std::size_t k = 0; k < plot.series.size(); ++k)
      legend.emplace_back(plot.series[k].name, series_colour(static_cast<int>(k)));
  draw_legend(f, legend);

  if (f.hovered && !plot.series.empty()) {
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    const float w = f.area_max.x - f.area_min.x;
    const double u = (mouse.x - f.area_min.x) / w;
    const double xv = xr.log ? std::pow(10.0, std::log10(xr.lo) + u * (std::log10(xr.hi) - std::log10(xr.lo)))
                             : xr.lo + u * (xr.hi - xr.lo);
    f.draw->AddLine(ImVec2(mouse.x, f.area_min.y), ImVec2(mouse.x, f.area_max.y), IM_COL32(0, 0, 0, 80));
    ImGui::BeginTooltip();
    ImGui::Text("%s = %s", plot.x_label.empty() ? "x" : plot.x_label.c_str(), format_value(xv).c_str());
    for (std::size_t k = 0; k < plot.series.size(); ++k) {
      const auto& s = plot.series[k];
      if (s.x.empty() || s.y.size() < s.x.size()) continue;
      const std::size_t i = nearest(s.x, xv);
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(series_colour(static_cast<int>(k))), "%s: %s",
                         s.name.empty() ? "y" : s.name.c_str(), format_value(s.y[i]).c_str());
    }
    ImGui::EndTooltip();
  }
}

}  // namespace arbiter::gui::plot
