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
#include "gui/plot/label_text.hpp"
#include "gui/plot/layout_report.hpp"
#include "gui/widgets/class_controls.hpp"
#include "gui/widgets/schema_edits.hpp"

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

// After a parameter's control: its tooltip, and the layout check of the control (label included).
void help_tooltip(const core::Param& p) {
  plot::check_last_item(p.path.c_str());
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
  // A narrowed slider lets Ctrl+click type past its ends; the value is then held to the schema's bounds.
  const ImGuiSliderFlags flags =
      (r.log ? ImGuiSliderFlags_Logarithmic : 0) | (r.narrowed ? 0 : ImGuiSliderFlags_AlwaysClamp);
  bool changed = false;
  if (integer) {
    auto v = static_cast<std::int64_t>(std::llround(value));
    const auto lo = static_cast<std::int64_t>(std::ceil(r.lo)), hi = static_cast<std::int64_t>(std::floor(r.hi));
    changed = ImGui::SliderScalar(label, ImGuiDataType_S64, &v, &lo, &hi, "%lld", flags);
    value = static_cast<double>(v);
  } else {
    changed = ImGui::SliderScalar(label, ImGuiDataType_Double, &value, &r.lo, &r.hi, r.log ? "%.4g" : "%.4g", flags);
  }
  if (r.narrowed) {
    if (p.min) value = std::max(value, *p.min);
    if (p.max) value = std::min(value, *p.max);
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

namespace {

ControlEdit leaf_control(const core::Param& p, json& value, const std::string& name) {
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
        if (ImGui::BeginCombo(name.c_str(), plot::words(s).c_str())) {
          for (const auto& c : p.choices) {
            if (ImGui::Selectable(plot::words(c).c_str(), c == s)) {
              value = c;
              edit = ControlEdit::commit;
            }
          }
          ImGui::EndCombo();
        }
        help_tooltip(p);
      } else {
        ImGui::InputText(name.c_str(), &s);
        plot::note_typed_text(s);
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
  return edit;
}

// The keys of an object node (or a variant alternative) present in `value`, skipping `skip_key` (a tag);
// keys in `advanced` go under a collapsed "more".
ControlEdit object_keys(const core::Param& object, json& value, const std::string& skip_key,
                        const std::set<std::string>& advanced) {
  ControlEdit edit = ControlEdit::none;
  bool any_advanced = false;
  for (const auto& m : object.members) {
    if (m.key == skip_key || !value.contains(m.key)) continue;
    if (advanced.count(m.key)) {
      any_advanced = true;
      continue;
    }
    edit = stronger(edit, node_control(m, value[m.key], (m.title.empty() ? m.key : m.title).c_str()));
  }
  if (any_advanced && ImGui::TreeNode("more")) {
    for (const auto& m : object.members)
      if (advanced.count(m.key) && value.contains(m.key))
        edit = stronger(edit, node_control(m, value[m.key], m.key.c_str()));
    ImGui::TreePop();
  }
  return edit;
}

void hover_help(const std::string& help) {
  if (!help.empty() && ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30.0f);
    ImGui::TextUnformatted(help.c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
}

// A variant's type combo: returns the alternative chosen this frame ("" if none).
std::string alternative_combo(const core::Param& variant, const std::string& current) {
  std::string chosen;
  const core::Param* now = variant.child(current);
  const std::string shown = now && !now->title.empty() ? now->title : plot::words(current);
  if (ImGui::BeginCombo("##type", shown.c_str())) {
    for (const auto& alt : variant.members) {
      if (ImGui::Selectable((alt.title.empty() ? plot::words(alt.key) : alt.title).c_str(), alt.key == current) &&
          alt.key != current)
        chosen = alt.key;
      hover_help(alt.help);
    }
    ImGui::EndCombo();
  }
  return chosen;
}

ControlEdit either_control(const core::Param& p, json& value, const std::string& name) {
  ControlEdit edit = ControlEdit::none;
  const core::Param* current = nullptr;
  for (const auto& m : p.members)
    if (!current && (value.is_object() ? m.type == core::ParamType::object : m.type != core::ParamType::object))
      current = &m;
  // The form switch is an arrow button opening the list of forms; the control after it shows the form.
  const float switch_w = ImGui::GetFrameHeight();
  const float full_w = ImGui::CalcItemWidth();
  ImGui::SetNextItemWidth(switch_w);
  if (ImGui::BeginCombo("##form", nullptr, ImGuiComboFlags_NoPreview)) {
    for (const auto& m : p.members) {
      if (ImGui::Selectable(m.type_text().c_str(), &m == current) && &m != current && switch_form(p, value, m.type))
        edit = ControlEdit::commit;
      hover_help(m.help);
    }
    ImGui::EndCombo();
  }
  hover_help("switch between " + p.expectation());
  ImGui::SameLine(0.0f, ImGui::GetStyle().ItemInnerSpacing.x);
  if (edit != ControlEdit::none || current == nullptr) return edit;
  if (current->type == core::ParamType::object) {
    ImGui::TextUnformatted(name.c_str());
    hover_help(p.help);
    ImGui::Indent();
    edit = object_keys(*current, value, "", {});
    ImGui::Unindent();
  } else {
    ImGui::SetNextItemWidth(std::max(full_w - switch_w - ImGui::GetStyle().ItemInnerSpacing.x, ImGui::GetFontSize() * 4.0f));
    core::Param leaf = *current;
    leaf.help = p.help;
    leaf.path = p.path;
    edit = leaf_control(leaf, value, name);
  }
  return edit;
}

ControlEdit entries_control(const core::Param& p, json& value, const std::string& name, const ListOptions& options) {
  if (!value.is_array() || p.members.empty()) return json_field(p, name.c_str(), value);
  const core::Param& element = p.element();
  ControlEdit edit = ControlEdit::none;
  if (name.rfind("##", 0) != 0) {
    ImGui::TextUnformatted(name.c_str());
    hover_help(p.help);
  }
  enum class Op { none, copy, remove, add } op = Op::none;
  std::size_t op_index = 0;
  for (std::size_t i = 0; i < value.size(); ++i) {
    json& entry = value[i];
    ImGui::PushID(static_cast<int>(i));
    if (options.before_entry) {
      options.before_entry(i);
      ImGui::SameLine();
    }
    // copy and x first, so the type combo (or the entry's number) takes the rest of the line.
    ImGui::BeginDisabled(value.size() >= p.max_items);
    if (ImGui::SmallButton("copy")) {
      op = Op::copy;
      op_index = i;
    }
    ImGui::EndDisabled();
    hover_help("add a copy of this entry right after it");
    ImGui::SameLine();
    ImGui::BeginDisabled(value.size() <= p.min_items);
    if (ImGui::SmallButton("x")) {
      op = Op::remove;
      op_index = i;
    }
    ImGui::EndDisabled();
    hover_help("remove this entry");
    ImGui::SameLine();
    if (element.type == core::ParamType::variant && entry.is_object()) {
      ImGui::SetNextItemWidth(std::max(ImGui::GetContentRegionAvail().x, ImGui::GetFontSize() * 6.0f));
      const std::string chosen = alternative_combo(element, entry.value(element.tag, std::string()));
      if (!chosen.empty() && switch_alternative(element, entry, chosen)) edit = ControlEdit::commit;
    } else {
      ImGui::Text("#%zu", i + 1);
    }
    if (element.type == core::ParamType::variant && entry.is_object()) {
      if (const core::Param* alt = element.child(entry.value(element.tag, std::string())))
        edit = stronger(edit, object_keys(*alt, entry, element.tag, options.advanced));
    } else if (element.type == core::ParamType::object && entry.is_object()) {
      edit = stronger(edit, object_keys(element, entry, "", options.advanced));
    } else {
      edit = stronger(edit, node_control(element, entry, "value"));
    }
    ImGui::Spacing();
    ImGui::PopID();
  }
  ImGui::BeginDisabled(value.size() >= p.max_items);
  if (ImGui::Button(options.add_label.c_str())) op = Op::add;
  ImGui::EndDisabled();
  // One list edit per frame, applied after the loop so no index shifts under it.
  bool changed = false;
  if (op == Op::copy && list_copy(p, value, op_index)) {
    for (const auto& k : options.dropped_on_copy) value[op_index + 1].erase(k);
    changed = true;
  }
  if (op == Op::remove) changed = list_remove(p, value, op_index);
  if (op == Op::add) changed = list_add(p, value);
  return changed ? ControlEdit::commit : edit;
}

}  // namespace

ControlEdit node_control(const core::Param& p, json& value, const char* label, const ListOptions& options) {
  if (!class_shows(class_controls(), p.path)) return ControlEdit::none;  // class mode: not this lesson's control
  // A key shown as a label reads as words ("ground degeneracy"); the config keeps its key.
  const std::string name = plot::words(label ? std::string(label) : last_segment(p.path));
  ImGui::PushID(p.path.c_str());
  ControlEdit edit = ControlEdit::none;
  switch (p.type) {
    case core::ParamType::list:
      edit = entries_control(p, value, name, options);
      break;
    case core::ParamType::either:
      edit = either_control(p, value, name);
      break;
    case core::ParamType::variant:
      if (value.is_object()) {
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10.0f);
        const std::string chosen = alternative_combo(p, value.value(p.tag, std::string()));
        ImGui::SameLine();
        ImGui::TextUnformatted(name.c_str());
        if (!chosen.empty() && switch_alternative(p, value, chosen)) edit = ControlEdit::commit;
        if (const core::Param* alt = p.child(value.value(p.tag, std::string())))
          edit = stronger(edit, object_keys(*alt, value, p.tag, options.advanced));
      }
      break;
    case core::ParamType::object:
      if (!p.open && !p.members.empty() && value.is_object()) {
        ImGui::TextUnformatted(name.c_str());
        hover_help(p.help);
        ImGui::Indent();
        edit = object_keys(p, value, "", options.advanced);
        ImGui::Unindent();
        break;
      }
      edit = leaf_control(p, value, name);
      break;
    default:
      edit = leaf_control(p, value, name);
      break;
  }
  ImGui::PopID();
  return edit;
}

ControlEdit param_control(const core::Param& p, json& draft, const char* label) {
  const json::json_pointer ptr(p.path);
  if (!draft.contains(ptr)) return ControlEdit::none;
  return node_control(p, draft[ptr], label);
}

ControlEdit schema_controls(const core::Schema& schema, json& draft, const std::set<std::string>& skip) {
  static const std::set<std::string> common{"/kind", "/seed", "/description", "/sweep"};
  ControlEdit edit = ControlEdit::none;
  std::string group = "\x01";
  for (const auto& p : schema.params()) {
    if (common.count(p.path) || skip.count(p.path) || !class_shows(class_controls(), p.path)) continue;
    if (!draft.contains(json::json_pointer(p.path))) continue;
    const std::string g = p.type == core::ParamType::object && p.is_nested() ? p.path.substr(1) : group_of(p.path);
    if (g != group) {
      group = g;
      if (!g.empty()) {
        ImGui::Spacing();
        ImGui::TextDisabled("%s", plot::words(g).c_str());
        ImGui::Separator();
      }
    }
    if (p.type == core::ParamType::object && p.is_nested()) {
      json& value = draft[json::json_pointer(p.path)];
      ImGui::PushID(p.path.c_str());
      for (const auto& m : p.members)
        if (!m.flat && !skip.count(m.path) && value.contains(m.key))
          edit = stronger(edit, node_control(m, value[m.key], m.key.c_str()));
      ImGui::PopID();
      continue;
    }
    edit = stronger(edit, param_control(p, draft));
  }
  return edit;
}

}  // namespace arbiter::gui
