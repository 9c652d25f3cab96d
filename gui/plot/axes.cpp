// Axis arithmetic: nice ticks and data-to-screen mapping.
#include "gui/plot/axes.hpp"

#include <algorithm>
#include <cmath>
#include <cctype>
#include <cstdio>
#include <limits>

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

namespace {

// Digits of `text` (an unsigned decimal number) grouped by threes with spaces: "19000" -> "19 000".
std::string grouped(const std::string& text) {
  const std::size_t point = text.find('.');
  const std::string whole = text.substr(0, point), rest = point == std::string::npos ? "" : text.substr(point);
  std::string out;
  for (std::size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) out += ' ';
    out += whole[i];
  }
  return out + rest;
}

// The value divided by `scale` with `decimals` digits after the point, a suffix after it, and the digits
// grouped by threes when asked: "42.5k", "19 000", "-0.25".
std::string fixed(double value, double scale, int decimals, const char* suffix, bool group) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, std::abs(value) / scale);
  std::string digits = group ? grouped(buf) : std::string(buf);
  const bool zero = digits.find_first_not_of("0. ") == std::string::npos;
  return (value < 0.0 && !zero ? "-" : "") + digits + (zero ? "" : suffix);
}

// The suffix and scale for values up to `largest` in magnitude: none below 100 000, then k, M, G.
struct Scale { double factor; const char* suffix; };
Scale scale_for(double largest) {
  if (largest >= 1e9) return {1e9, "G"};
  if (largest >= 1e6) return {1e6, "M"};
  if (largest >= 1e5) return {1e3, "k"};
  return {1.0, ""};
}

std::string trim_zeros(std::string s) {
  const std::size_t point = s.find('.');
  if (point == std::string::npos) return s;
  std::size_t end = s.size();
  std::size_t digits_end = point + 1;
  while (digits_end < end && std::isdigit(static_cast<unsigned char>(s[digits_end]))) ++digits_end;
  std::size_t cut = digits_end;
  while (cut > point + 1 && s[cut - 1] == '0') --cut;
  if (cut == point + 1) cut = point;
  return s.substr(0, cut) + s.substr(digits_end);
}

}  // namespace

std::string tick_label(double value) {
  if (!std::isfinite(value)) return value != value ? "nan" : value > 0 ? "inf" : "-inf";
  const double a = std::abs(value);
  if (a == 0.0) return "0";
  if (a < 1e-4) {  // tiny: "2e-5"
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2g", value);
    std::string s = buf;
    const std::size_t e = s.find('e');
    std::string exponent = s.substr(e + 1);
    const bool negative = exponent[0] == '-';
    exponent = exponent.substr(exponent[0] == '-' || exponent[0] == '+' ? 1 : 0);
    exponent.erase(0, std::min(exponent.find_first_not_of('0'), exponent.size() - 1));
    return s.substr(0, e) + "e" + (negative ? "-" : "") + exponent;
  }
  if (a >= 1e12) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3g", value);
    return buf;
  }
  // Three significant digits (four below 10 000, where every digit shows), no trailing zeros.
  const Scale sc = a >= 1e4 ? scale_for(std::max(a, 1e5)) : Scale{1.0, ""};
  const double scaled = a / sc.factor;
  const int magnitude = static_cast<int>(std::floor(std::log10(scaled)));
  const int decimals = std::max(0, (a >= 1e4 ? 2 : 3) - magnitude);
  return trim_zeros(fixed(value, sc.factor, decimals, sc.suffix, false));
}

std::vector<std::string> tick_labels(const std::vector<double>& values, bool log) {
  std::vector<std::string> out;
  if (log || values.size() < 2) {
    for (double v : values) out.push_back(tick_label(v));
    return out;
  }
  double largest = 0.0, step = std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < values.size(); ++i) {
    largest = std::max(largest, std::abs(values[i]));
    if (i > 0 && values[i] != values[i - 1]) step = std::min(step, std::abs(values[i] - values[i - 1]));
  }
  if (!std::isfinite(step) || !std::isfinite(largest)) {
    for (double v : values) out.push_back(tick_label(v));
    return out;
  }
  // Scaled (k, M, G) when that needs at most two decimals; otherwise every digit, grouped by threes.
  Scale sc = scale_for(largest);
  auto decimals_for = [&](double factor) {
    return std::max(0, static_cast<int>(std::ceil(-std::log10(step / factor) - 1e-9)));
  };
  if (sc.factor > 1.0 && decimals_for(sc.factor) > 2) sc = Scale{1.0, ""};
  const bool group = sc.factor == 1.0 && largest >= 1e4;
  for (int decimals = decimals_for(sc.factor); decimals <= 12; ++decimals) {
    out.clear();
    for (double v : values) out.push_back(fixed(v, sc.factor, decimals, sc.suffix, group));
    // Each label shows its tick exactly (2.5 is not "2") and no two neighbours read the same.
    const double tolerance = 1e-6 * step / sc.factor;
    bool good = true;
    for (std::size_t i = 0; i < out.size(); ++i) {
      const double shown = std::round(std::abs(values[i]) / sc.factor * std::pow(10.0, decimals)) / std::pow(10.0, decimals);
      good = good && std::abs(shown - std::abs(values[i]) / sc.factor) <= tolerance && (i == 0 || out[i] != out[i - 1]);
    }
    if (good) return out;
  }
  return out;
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
