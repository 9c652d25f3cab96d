// The main control of a config and the arithmetic of one nudge.
#include "gui/widgets/slider_nudge.hpp"

#include <algorithm>
#include <cmath>
#include "gui/widgets/slider_range.hpp"

namespace arbiter::gui {

namespace {
// A node's path with each list's "*" as its first entry: "/agents/*/alpha" -> "/agents/0/alpha".
std::string first_entry(std::string path) {
  for (std::size_t at = path.find("/*"); at != std::string::npos; at = path.find("/*", at + 2))
    if (at + 2 == path.size() || path[at + 2] == '/') path.replace(at + 1, 1, "0");
  return path;
}

bool is_number(const core::Param& p) {
  return p.type == core::ParamType::number || p.type == core::ParamType::integer;
}

// Rounds to 3 significant digits (a log step lands on 1.1, not 1.0964781961431851).
double three_digits(double v) {
  if (v == 0.0 || !std::isfinite(v)) return v;
  const double scale = std::pow(10.0, 2.0 - std::floor(std::log10(std::abs(v))));
  return std::round(v * scale) / scale;
}
// The 1, 2 or 5 times a power of ten nearest (in log scale) to `step`: a hundredth of a span of 9.95 steps by 0.1.
double nice_step(double step) {
  const double decade = std::pow(10.0, std::floor(std::log10(step)));
  double best = decade;
  for (double m : {2.0, 5.0, 10.0})
    if (std::abs(std::log(m * decade / step)) < std::abs(std::log(best / step))) best = m * decade;
  return best;
}
}  // namespace

MainControl main_control(const core::Schema& schema, const nlohmann::json& config) {
  MainControl live, rate;
  schema.visit([&](const core::Param& p, int) {
    if (live.param != nullptr || p.path.empty()) return;
    const bool number = is_number(p);
    if (!number && !(p.live && (p.type == core::ParamType::any || p.type == core::ParamType::number_list))) return;
    std::string pointer = first_entry(p.path);
    nlohmann::json::json_pointer ptr;
    try {
      ptr = nlohmann::json::json_pointer(pointer);
    } catch (const nlohmann::json::exception&) {
      return;
    }
    if (!config.contains(ptr)) return;
    const nlohmann::json& value = config.at(ptr);
    if (!number && value.is_array() && value.size() == 1 && value[0].is_number()) pointer += "/0";  // [T]
    else if (!value.is_number()) return;
    if (p.live) live = {&p, pointer};
    else if (rate.param == nullptr && p.log_scale && p.type == core::ParamType::number) rate = {&p, pointer};
  });
  return live.param != nullptr ? live : rate;
}

double nudged_value(const core::Param& p, double current, int direction, bool big) {
  const SliderRange r = slider_range(p, current);
  const double steps = (big ? 10.0 : 1.0) * (direction < 0 ? -1.0 : 1.0);
  double v = current;
  if (r.log && current > 0.0) {
    // A hundredth of the span in log scale, at most a factor 1.1 (a span of 200 decades is no teaching step).
    const double k = std::min(std::log(r.hi / r.lo) / 100.0, std::log(1.1));
    v = current * std::exp(k * steps);
    const double rounded = three_digits(v);
    if (rounded != three_digits(current)) v = rounded;
  } else {
    double step = nice_step((r.hi - r.lo) / 100.0);
    if (p.type == core::ParamType::integer) step = std::max(1.0, std::round(step));
    // The next multiple of the step above (or below) the value, then the rest of the steps.
    const double at = current / step;
    const double n = steps > 0 ? std::floor(at + 1e-9) + steps : std::ceil(at - 1e-9) + steps;
    v = p.type == core::ParamType::integer ? std::round(n * step) : n * step;
  }
  return std::clamp(v, r.lo, r.hi);
}

}  // namespace arbiter::gui
