// Temperature schedules: validation at construction, closed-form T(t).
#include "agents/temperature_schedule.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace arbiter::agents {

namespace {
void check_positive(double T, const char* what) {
  if (!(T > 0.0) || !std::isfinite(T))
    throw std::invalid_argument(std::string("temperature schedule: ") + what + " must be a finite number > 0, got " +
                                std::to_string(T));
}
}  // namespace

TemperatureSchedule::TemperatureSchedule(Kind kind, double start, double end, std::int64_t steps)
    : kind_(kind), start_(start), end_(end), steps_(steps) {
  check_positive(start, "T_start");
  check_positive(end, "T_end");
  if (kind != Kind::constant && steps < 1)
    throw std::invalid_argument("temperature schedule: steps must be >= 1, got " + std::to_string(steps));
}

TemperatureSchedule TemperatureSchedule::constant(double T) { return {Kind::constant, T, T, 1}; }

TemperatureSchedule TemperatureSchedule::linear(double T_start, double T_end, std::int64_t steps) {
  return {Kind::linear, T_start, T_end, steps};
}

TemperatureSchedule TemperatureSchedule::exponential(double T_start, double T_end, std::int64_t steps) {
  return {Kind::exponential, T_start, T_end, steps};
}

const std::vector<std::string>& TemperatureSchedule::kind_names() {
  static const std::vector<std::string> names{"constant", "linear", "exponential"};
  return names;
}

TemperatureSchedule TemperatureSchedule::from_name(const std::string& kind, double T_start, double T_end,
                                                   std::int64_t steps) {
  if (kind == "constant") return constant(T_start);
  if (kind == "linear") return linear(T_start, T_end, steps);
  if (kind == "exponential") return exponential(T_start, T_end, steps);
  throw std::invalid_argument("temperature schedule: unknown kind \"" + kind +
                              "\" (expected constant, linear or exponential)");
}

double TemperatureSchedule::at(std::int64_t t) const {
  if (kind_ == Kind::constant) return start_;
  const std::int64_t tc = std::clamp<std::int64_t>(t, 0, steps_);
  if (tc == steps_) return end_;
  const double frac = static_cast<double>(tc) / static_cast<double>(steps_);
  if (kind_ == Kind::linear) return start_ + (end_ - start_) * frac;
  // Geometric interpolation as a power, start * (end/start)^frac.
  return start_ * std::pow(end_ / start_, frac);
}

}  // namespace arbiter::agents
