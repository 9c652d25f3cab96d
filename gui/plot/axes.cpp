// Axis arithmetic: nice ticks and data-to-screen mapping.
#include "gui/plot/axes.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace arbiter::gui::plot {

AxisRange padded_range(double lo, double hi, bool log, double pad_fraction) {
  AxisRange r{lo, hi, log};
  if (!std::isfinite(lo) || !std::isfinite(hi) || lo > hi) {
    r.lo = log ? 0.1 : 0.0;
    r.hi = log ? 10.0 : 1.0;
    return r;
  }
  if (log) {
    if (r.lo <= 0.0) r.lo = r.hi > 0.0 ? r.hi * 1e-3 : 1e-3;
    if (r.hi <= r.lo) r.hi = r.lo * 10.0;
    const double a = std::log10(r.lo), b = std::log10(r.hi);
    const double pad = (b - a) * pad_fraction;
    r.lo = std::pow(10.0, a - pad);
    r.hi = std::pow(10.0, b + pad);
    return r;
  }
  if (r.hi - r.lo < 1e-12 * std::max(1.0, std::abs(r.hi))) {
    const double d = std::max(0.5, std::abs(r.hi) * 0.1);
    r.lo -= d;
    r.hi += d;
    return r;
  }
  const double pad = (r.hi - r.lo) * pad_fraction;
  r.lo -= pad;
  r.hi += pad;
  return r;
}

std::vector<double> ticks(const AxisRange& range, int max_ticks) {
  std::vector<double> out;
  max_ticks = std::max(2, max_ticks);
  if (range.log) {
    const int a = static_cast<int>(std::ceil(std::log10(range.lo) - 1e-9));
    const int b = static_cast<int>(std::floor(std::log10(range.hi) + 1e-9));
    const int step = std::max(1, (b - a + 1 + max_ticks - 1) / max_ticks);
    for (int e = a; e <= b; e += step) out.push_back(std::pow(10.0, e));
    if (out.size() < 2) {  // less than a decade: fall back to linear ticks inside it
      AxisRange lin{range.lo, range.hi, false};
      return ticks(lin, max_ticks);
    }
    return out;
  }
  const double span = range.hi - range.lo;
  if (!(span > 0.0) || !std::isfinite(span)) return out;
  const double raw = span / max_ticks;
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  double step = mag;
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    step = m * mag;
    if (step >= raw) break;
  }
  const double first = std::ceil(range.lo / step) * step;
  for (double v = first; v <= range.hi + step * 1e-9; v += step) {
    out.push_back(std::abs(v) < step * 1e-9 ? 0.0 : v);
    if (out.size() > 50) break;
  }
  return out;
}

std::string tick_label(double value) {
  char buf[32];
  const double a = std::abs(value);
  if (a != 0.0 && (a >= 1e5 || a < 1e-3))
    std::snprintf(buf, sizeof buf, "%.0e", value);
  else
    std::snprintf(buf, sizeof buf, "%.4g", value);
  return buf;
}

double normalised(const AxisRange& range, double value) {
  if (range.log) {
    if (value <= 0.0) return -1.0;
    return (std::log10(value) - std::log10(range.lo)) / (std::log10(range.hi) - std::log10(range.lo));
  }
  return (value - range.lo) / (range.hi - range.lo);
}

std::string format_value(double value) {
  char buf[32];
  const double a = std::abs(value);
  if (a != 0.0 && (a >= 1e6 || a < 1e-4))
    std::snprintf(buf, sizeof buf, "%.4e", value);
  else
    std::snprintf(buf, sizeof buf, "%.5g", value);
  return buf;
}

float pixel_cell(float room, float framebuffer_scale) {
  const float scale = std::max(1.0f, framebuffer_scale);
  const float whole = std::floor(room * scale);
  if (whole >= 1.0f && whole >= room * scale * (2.0f / 3.0f)) return whole / scale;
  return std::max(0.1f, room);
}

}  // namespace arbiter::gui::plot
