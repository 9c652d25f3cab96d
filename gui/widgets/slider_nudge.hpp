// Keys that nudge a lab's main control (pure: no drawing). The main control is the first number of the kind's
// schema (depth first, list entries as their first entry) that is live and present in the config (a live list
// of one number counts: the Ising lab's [T]), or, when the kind has none, its first log-scale number present
// (a rate or a temperature, e.g. the bandit's step size; a change restarts the run, as a slider release does).
// One nudge moves it by about a hundredth of its slider's span (slider_range.hpp), rounded to 1, 2 or 5 times a
// power of ten, onto the next multiple of that step; a log slider by a hundredth of its span in log scale, at
// most a factor 1.1 (to 3 significant digits); an integer by at least 1; ten steps with Shift; never past the slider's span.
#pragma once
#include <string>
#include <nlohmann/json.hpp>
#include "core/config_schema.hpp"

namespace arbiter::gui {

struct MainControl {
  const core::Param* param = nullptr;  // nullptr: the config has no number to nudge
  std::string pointer;                 // its JSON pointer in the config ("/temperature", "/agents/0/alpha")
};
MainControl main_control(const core::Schema& schema, const nlohmann::json& config);

// The value after one nudge of `param` from `current`: `direction` +1 (] or the right arrow) or -1, `big` for
// ten steps (Shift).
double nudged_value(const core::Param& param, double current, int direction, bool big);

}  // namespace arbiter::gui
