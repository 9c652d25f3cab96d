// A temperature schedule T(t) for a Boltzmann policy: constant, linear or exponential (geometric) annealing
// from T_start to T_end over `steps` steps, then held at T_end. Every T is > 0 and finite; the factories
// throw std::invalid_argument otherwise (or for steps < 1 on an annealed schedule, or an unknown kind name).
// Usable for any positive coefficient that anneals (an entropy weight, a step size).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace arbiter::agents {

class TemperatureSchedule {
 public:
  enum class Kind { constant, linear, exponential };

  // T(t) = T for every t.
  static TemperatureSchedule constant(double T);
  // T(t) = T_start + (T_end - T_start) * min(t, steps) / steps.
  static TemperatureSchedule linear(double T_start, double T_end, std::int64_t steps);
  // T(t) = T_start * (T_end / T_start)^(min(t, steps) / steps): a constant factor per step.
  static TemperatureSchedule exponential(double T_start, double T_end, std::int64_t steps);
  // By name: "constant" (uses T_start only), "linear" or "exponential".
  static TemperatureSchedule from_name(const std::string& kind, double T_start, double T_end,
                                       std::int64_t steps);
  // The names from_name accepts, for schemas: {"constant", "linear", "exponential"}.
  static const std::vector<std::string>& kind_names();

  TemperatureSchedule() : TemperatureSchedule(constant(1.0)) {}

  // T at step t (t < 0 counts as 0).
  double at(std::int64_t t) const;

  Kind kind() const { return kind_; }
  double start() const { return start_; }
  double end() const { return end_; }
  std::int64_t steps() const { return steps_; }

 private:
  TemperatureSchedule(Kind kind, double start, double end, std::int64_t steps);
  Kind kind_;
  double start_, end_;
  std::int64_t steps_;
};

}  // namespace arbiter::agents
