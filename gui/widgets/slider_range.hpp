// The span of a numeric parameter's slider, from the schema's bounds, its default and the current value
// (pure: no drawing).
#pragma once
#include "core/config_schema.hpp"

namespace arbiter::gui {

// The slider range used for a numeric parameter (from its bounds, its default and the current value). A
// linear range over a thousand times wider than the value's scale (a reward allowed in +-1e6) is narrowed to
// a span a class can drag: five times that scale (at least 1, or 10 for an integer) either side of zero, within
// the bounds and always holding the current value; Ctrl+click still types any value the schema accepts.
struct SliderRange {
  double lo = 0.0, hi = 1.0;
  bool log = false;
  bool narrowed = false;  // the slider spans less than the schema's range (a typed value is clamped to the schema's)
};
SliderRange slider_range(const core::Param& param, double current);

}  // namespace arbiter::gui
