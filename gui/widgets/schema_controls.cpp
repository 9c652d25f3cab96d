// Schema-driven controls.
#include "gui/widgets/schema_controls.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <map>
#include <imgui.h>
#include <imgui_internal.h>
#include <imgui_stdlib.h>

namespace arbiter::gui {

namespace {

using nlohmann::json;

ControlEdit stronger(ControlEdit a, ControlEdit b) { return static_cast<int>(a) > static_cast<int>(b) ? a : b; }

// The edit state after a widget that returned `changed`.
ControlEdit edit_state(bool changed, bool live) {
  if (ImGui::IsItemDeactivatedAfterEdit()) return ControlEdit::commit;
  if (!changed) return ControlEdit::none;
  if (live) return ControlEdit::live;
  return ImGui::IsItemActive() ? ControlEdit::editing : ControlEdit::commit;
}

std::string last_segment(const std::string& path) {
  const auto slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string group_of(const std::string& path) {
  const auto second = path.find('/', 1);
  return second == std::string::npos ? std::string() : path.substr(1, second - 1);
}

void help_tooltip(const core::Param& p) {
  if (!ImGui::IsItemHovered()) return;
  ImGui::BeginTooltip();
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30.0f);
  ImGui::TextUnformatted(p.help.c_str());
  ImGui::TextDisabled("%s: %s%s", p.path.c_str(), p.expectation().c_str(), p.live ? " (live)" : "");
  ImGui::TextDisabled("Ctrl+click a slider to type a value");
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
}

ControlEdit number_slider(const core::Param& p, const char* label, double& value, bool integer) {
  const SliderRange r = slider_range(p, value);
  const ImGuiSliderFlags flags = (r.log ? ImGuiSliderFlags_Logarithmic : 0) | ImGuiSliderFlags_AlwaysClamp;
  bool changed = false;
  if (integer) {
    auto v = static_cast<std::int64_t>(std::llround(value));
    const auto lo = static_cast<std::int64_t>(std::ceil(r.lo)), hi = static_cast<std::int64_t>(std::floor(r.hi));
    changed = ImGui::SliderScalar(label, ImGuiDataType_S64, &v, &lo, &hi, "%lld", flags);
    value = static_cast<double>(v);
  } else {
    changed = ImGui::SliderScalar(label, ImGuiDataType_Double, &value, &r.lo, &r.hi, r.log ? "%.4g" : "%.4g", flags);
  }
  help_tooltip(p);
  return edit_state(changed, p.live);
}

ControlEdit json_field(const core::Param& p, const char* label, json& value) {
  // Editable JSON text, applied on Enter or when the field loses focus; while the field is not being
  // edited it shows the current value.
  static std::map<ImGuiID, std::string> buffers;
  const ImGuiID id = ImGui::GetID(label);
  std::string& text = buffers[id];
  if (ImGui::GetActiveID() != id) text = value.dump();
  ImGui::InputText(label, &text);
  help_tooltip(p);
  if (ImGui::IsItemDeactivatedAfterEdit()) {
    const json parsed = json::parse(text, nullptr, false);
    if (!parsed.is_discarded()) {
      value = parsed;
      return ControlEdit::commit;
    }
  }
  return ControlEdit::none;
}

// A small flat object of numbers, booleans and strings (e.g. a temperature grid {"from", "to", "points"}):
// one typed field per key under the parameter's name, each applied on Enter or when it loses focus; other
// objects and values get the JSON text field.
ControlEdit object_control(const core::Param& p, const char* label, json& value) {
  const auto scalar = [](const json& v) { return v.is_primitive() && !v.is_null(); };
  const bool flat = value.is_object() && !value.empty() && value.size() <= 8 &&
                    std::all_of(value.begin(), value.end(), scalar);
  if (!flat) return json_field(p, label, value);
  ImGui::TextUnformatted(label);
  help_tooltip(p);
  ImGui::Indent();
  ControlEdit edit = ControlEdit::none;
  for (auto& [key, v] : value.items()) {
    ImGui::PushID(key.c_str());
    bool changed = false;
    if (v.is_boolean()) {
      bool b = v.get<bool>();
      if (ImGui::Checkbox(key.c_str(), &b)) {
        v = b;
        edit = ControlEdit::commit;
      }
    } else if (v.is_number_integer()) {
      auto x = v.get<std::int64_t>();
      ImGui::InputScalar(key.c_str(), ImGuiDataType_S64, &x);
      changed = ImGui::IsItemDeactivatedAfterEdit();
      if (changed) v = x;
    } else if (v.is_number()) {
      double x = v.get<double>();
      ImGui::InputDouble(key.c_str(), &x, 0.0, 0.0, "%.6g");
      changed = ImGui::IsItemDeactivatedAfterEdit();
      if (changed) v = x;
    } else {
      std::string s = v.get<std::string>();
      ImGui::InputText(key.c_str(), &s);
      changed = ImGui::IsItemDeactivatedAfterEdit();
      if (changed) v = s;
    }
    help_tooltip(p);
    if (changed) edit = ControlEdit::commit;
    ImGui::PopID();
  }
  ImGui::Unindent();
  return edit;
}

ControlEdit list_control(const core::Param& p, const char* label, json& value) {
  const bool integer = p.type == core::ParamType::integer_list;
  if (!value.is_array() || value.size() > 12) return json_field(p, label, value);
  ControlEdit edit = ControlEdit::none;
  ImGui::TextUnformatted(label);
  help_tooltip(p);
  ImGui::SameLine();
  if (ImGui::SmallButton("+") && value.size() < 12) {
    value.push_back(value.empty() ? json(integer ? json(0) : json(0.0)) : value.back());
    edit = ControlEdit::commit;
  }
  ImGui::SameLine();
  if (ImGui::SmallButton("-") && value.size() > (p.non_empty ? 1u : 0u)) {
    value.erase(value.size() - 1);
    edit = ControlEdit::commit;
  }
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (!value[i].is_number()) continue;
    ImGui::PushID(static_cast<int>(i));
    double v = value[i].get<double>();
    char item[32];
    std::snprintf(item, sizeof item, "[%zu]", i);
    const ControlEdit e = number_slider(p, item, v, integer);
    if (e != ControlEdit::none) value[i] = integer ? json(static_cast<std::int64_t>(std::llround(v))) : json(v);
    edit = stronger(edit, e);
    ImGui::PopID();
  }
  return edit;
}

}  // namespace

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
  }
  if (std::isfinite(current)) {
    if (!p.min || current >= r.lo) r.lo = std::min(r.lo, current);
    if (!p.max || current <= r.hi) r.hi = std::max(r.hi, current);
  }
  if (r.log && r.lo <= 0) r.log = false;
  if (r.log && r.hi / r.lo < 10.0) r.log = false;
  if (!(r.hi > r.lo)) r.hi = r.lo + 1.0;
  return r;
}

ControlEdit param_control(const core::Param& p, json& draft, const char* label) {
  const json::json_pointer ptr(p.path);
  if (!draft.contains(ptr)) return ControlEdit::none;
  json& value = draft[ptr];
  const std::string name = label ? std::string(label) : last_segment(p.path);
  ImGui::PushID(p.path.c_str());
  ControlEdit edit = ControlEdit::none;
  switch (p.type) {
    case core::ParamType::number:
    case core::ParamType::integer: {
      if (!value.is_number()) {
        edit = json_field(p, name.c_str(), value);
        break;
      }
      const bool integer = p.type == core::ParamType::integer;
      double v = value.get<double>();
      edit = number_slider(p, name.c_str(), v, integer);
      if (edit != ControlEdit::none) value = integer ? json(static_cast<std::int64_t>(std::llround(v))) : json(v);
      break;
    }
    case core::ParamType::boolean: {
      bool b = value.is_boolean() && value.get<bool>();
      if (ImGui::Checkbox(name.c_str(), &b)) {
        value = b;
        edit = ControlEdit::commit;
      }
      help_tooltip(p);
      break;
    }
    case core::ParamType::string: {
      std::string s = value.is_string() ? value.get<std::string>() : value.dump();
      if (!p.choices.empty()) {
        if (ImGui::BeginCombo(name.c_str(), s.c_str())) {
          for (const auto& c : p.choices) {
            if (ImGui::Selectable(c.c_str(), c == s)) {
              value = c;
              edit = ControlEdit::commit;
            }
          }
          ImGui::EndCombo();
        }
        help_tooltip(p);
      } else {
        ImGui::InputText(name.c_str(), &s);
        help_tooltip(p);
        if (ImGui::IsItemDeactivatedAfterEdit()) {
          value = s;
          edit = ControlEdit::commit;
        } else if (ImGui::IsItemActive()) {
          value = s;
        }
      }
      break;
    }
    case core::ParamType::number_list:
    case core::ParamType::integer_list:
      edit = list_control(p, name.c_str(), value);
      break;
    default:
      edit = object_control(p, name.c_str(), value);
      break;
  }
  ImGui::PopID();
  return edit;
}

ControlEdit schema_controls(const core::Schema& schema, json& draft, const std::set<std::string>& skip) {
  static const std::set<std::string> common{"/kind", "/seed", "/description", "/sweep"};
  ControlEdit edit = ControlEdit::none;
  std::string group = "\x01";
  for (const auto& p : schema.params()) {
    if (common.count(p.path) || skip.count(p.path)) continue;
    if (!draft.contains(json::json_pointer(p.path))) continue;
    const std::string g = group_of(p.path);
    if (g != group) {
      group = g;
      if (!g.empty()) {
        ImGui::Spacing();
        ImGui::TextDisabled("%s", g.c_str());
        ImGui::Separator();
      }
    }
    edit = stronger(edit, param_control(p, draft));
  }
  return edit;
}

}  // namespace arbiter::gui
