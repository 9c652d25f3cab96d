// Edits of a draft config that the schema controls offer, as pure functions on JSON (no drawing, so they
// are testable without a window): adding, copying and removing list entries within the list's length
// bounds, switching a variant entry's alternative, switching a number-or-object value's form. Each returns
// whether it changed the draft.
#pragma once
#include <cstddef>
#include <string>
#include <nlohmann/json.hpp>
#include "core/config_schema.hpp"

namespace arbiter::gui {

// Appends a new entry (the element's example: its defaults, a variant's first alternative) unless the list
// is at its maximum length.
bool list_add(const core::Param& list, nlohmann::json& value);
// Inserts a copy of entry i right after it, unless the list is at its maximum length.
bool list_copy(const core::Param& list, nlohmann::json& value, std::size_t i);
// Removes entry i, unless the list is at its minimum length.
bool list_remove(const core::Param& list, nlohmann::json& value, std::size_t i);
// Makes `entry` the variant's alternative `name`: that alternative's defaults, keeping every key both
// alternatives share whose value the new one accepts.
bool switch_alternative(const core::Param& variant, nlohmann::json& entry, const std::string& name);
// Makes `value` the either-node's form of type `form` (a number becomes {"start": number, ...} when the
// object form has a "start"; an object gives its "start" back as the number).
bool switch_form(const core::Param& either, nlohmann::json& value, core::ParamType form);

}  // namespace arbiter::gui
