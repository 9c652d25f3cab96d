// Slider spans: the schema's bounds, widened to hold the current value, narrowed to a teaching span.
#include "gui/widgets/slider_range.hpp"

#include <algorithm>
#include <cmath>

namespace arbiter::gui {

SliderRange slider_range(const core::Param& p, double current) {
  SliderRange r;
  r.log = p.log_scale;
  const double d = p.default_value.is_number() ? p.default_value.get<double>() : current;
  const double scale = std::max({std::abs(d), std::abs(current), 1e-12});
  const bool integer = p.type == core::ParamType::integer || p.type == core::ParamType::integer_list;
  if (r.log) {
    const double base = d > 0 ? d : (current > 0 ? current : 1.0);
    r.lo = p.min && *p.min > 0 ? *p.min : base / 100.0;
    r.hi = p.max ? *p.max : base * 100.0;
    if (p.min && *p.min > 0 && p.min_exclusive) r.lo = *p.min * (1 + 1e-9);
  } else {
    if (p.min && p.max) {
      r.lo = *p.min;
      r.hi = *p.max;
    } else if (p.min) {
      r.lo = *p.min;
      r.hi = std::max(r.lo + (integer ? 10.0 : 1.0), r.lo + (std::abs(d) + std::abs(d - r.lo)) * 4.0);
    } else if (p.max) {
      r.hi = *p.max;
      r.lo = std::min(r.hi - (integer ? 10.0 : 1.0), r.hi - std::abs(r.hi - d) * 4.0);
    } else {
      r.hi = std::max(integer ? 10.0 : 1.0, scale * 4.0);
      r.lo = -r.hi;
    }
    if (p.min && p.min_exclusive) r.lo = integer ? *p.min + 1 : *p.min + (r.hi - r.lo) * 1e-4;
    if (p.max && p.max_exclusive) r.hi = integer ? *p.max - 1 : *p.max - (r.hi - r.lo) * 1e-4;
    // A teaching span instead of a huge one (drag steps of thousands are useless in a lecture).
    const double teach =
        5.0 * std::max({std::abs(d), std::isfinite(current) ? std::abs(current) : 0.0, integer ? 10.0 : 1.0});
    if (r.hi - r.lo > 1000.0 * teach) {
      r.lo = std::max(r.lo, -teach);
      r.hi = std::min(r.hi, teach);
      if (!(r.hi > r.lo)) r.hi = r.lo + 2.0 * teach;
      r.narrowed = true;
    }
  }
  if (std::isfinite(current)) {
    if (!p.min || current >= *p.min) r.lo = std::min(r.lo, current);
    if (!p.max || current <= *p.max) r.hi = std::max(r.hi, current);
  }
  if (r.log && r.lo <= 0) r.log = false;
  if (r.log && r.hi / r.lo < 10.0) r.log = false;
  if (!(r.hi > r.lo)) r.hi = r.lo + 1.0;
  return r;
}

}  // namespace arbiter::gui
