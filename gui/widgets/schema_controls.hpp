// Controls generated from an experiment kind's Schema: numbers become sliders (log sliders for log_scale
// parameters), integers integer sliders, booleans checkboxes, strings with choices combos, short number
// lists one slider per element, nested objects groups of their keys, lists of entries a card per entry with
// add / copy / remove (within the list's length bounds) and, for a list of variants, a type combo (switching
// keeps the shared keys), number-or-object values a switch between the two forms; anything else an editable
// JSON field. Edits go into a draft config; the caller decides when a change is applied (rebuild).
#pragma once
#include <cstddef>
#include <functional>
#include <set>
#include <string>
#include <nlohmann/json.hpp>
#include "core/config_schema.hpp"
#include "gui/widgets/slider_range.hpp"

namespace arbiter::gui {

enum class ControlEdit {
  none,     // nothing changed this frame
  editing,  // a value is changing (a slider being dragged); apply now only for live parameters
  live,     // a live parameter changed: apply now
  commit    // an edit was completed (slider released, checkbox toggled, text entered): apply now
};

// Draws one control per schema parameter present in `draft` (skipping "/kind", "/seed", "/description",
// "/sweep" and the paths in `skip`), grouped by their first path segment. Returns the strongest edit.
// In class mode a lesson may list the controls a class sees (class_controls.hpp): every control function
// here draws nothing for the others.
ControlEdit schema_controls(const core::Schema& schema, nlohmann::json& draft, const std::set<std::string>& skip = {});

// One parameter's control (also used by labs that lay out a few parameters themselves).
ControlEdit param_control(const core::Param& param, nlohmann::json& draft, const char* label = nullptr);

// How a list of entries is drawn (labs adapt the generic cards).
struct ListOptions {
  std::function<void(std::size_t entry)> before_entry;  // drawn at the start of each entry's header line
  std::set<std::string> advanced;                       // keys drawn under a collapsed "more" per entry
  std::set<std::string> dropped_on_copy;                // keys a copy loses (e.g. "label")
  std::string add_label = "+ add";
};
// The control of any node on its value (a leaf, an object, a list, a variant, a number-or-object).
ControlEdit node_control(const core::Param& node, nlohmann::json& value, const char* label,
                         const ListOptions& options = {});

}  // namespace arbiter::gui
