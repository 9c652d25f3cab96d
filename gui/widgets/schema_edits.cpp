// List, variant and form edits on a draft config.
#include "gui/widgets/schema_edits.hpp"

#include "core/config_error.hpp"

namespace arbiter::gui {

using nlohmann::json;

bool list_add(const core::Param& list, json& value) {
  if (!value.is_array() || value.size() >= list.max_items || list.members.empty()) return false;
  value.push_back(list.element().example());
  return true;
}

bool list_copy(const core::Param& list, json& value, std::size_t i) {
  if (!value.is_array() || i >= value.size() || value.size() >= list.max_items) return false;
  const json copy = value[i];
  value.insert(value.begin() + static_cast<std::ptrdiff_t>(i) + 1, copy);
  return true;
}

bool list_remove(const core::Param& list, json& value, std::size_t i) {
  if (!value.is_array() || i >= value.size() || value.size() <= list.min_items) return false;
  value.erase(i);
  return true;
}

bool switch_alternative(const core::Param& variant, json& entry, const std::string& name) {
  const core::Param* alt = variant.child(name);
  if (!alt || (entry.is_object() && entry.value(variant.tag, std::string()) == name)) return false;
  json out = alt->example();
  if (entry.is_object())
    for (const auto& m : alt->members) {
      if (!entry.contains(m.key)) continue;
      try {
        out[m.key] = m.resolve(entry.at(m.key), m.path);
      } catch (const core::ConfigError&) {
        // not valid for the new alternative: its default stays
      }
    }
  out[variant.tag] = name;
  entry = std::move(out);
  return true;
}

bool switch_form(const core::Param& either, json& value, core::ParamType form) {
  const core::Param* target = nullptr;
  for (const auto& m : either.members)
    if (m.type == form) target = &m;
  if (!target) return false;
  if (form == core::ParamType::object && value.is_object()) return false;
  if (form != core::ParamType::object && !value.is_object()) return false;
  json out = target->example();
  if (form == core::ParamType::object && value.is_number() && out.is_object() && target->child("start"))
    out["start"] = value;
  else if (form != core::ParamType::object && value.is_object() && value.contains("start"))
    out = value.at("start");
  else if (form == core::ParamType::number && either.default_value.is_number())
    out = either.default_value;
  value = std::move(out);
  return true;
}

}  // namespace arbiter::gui
