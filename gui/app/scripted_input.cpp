// Scripted input: the step list parsed from text; button targets recorded from Dear ImGui's last item.
#include "gui/app/scripted_input.hpp"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <charconv>
#include <map>
#include "core/config_error.hpp"

namespace arbiter::gui {

namespace {
std::string trimmed(const std::string& s) {
  const auto a = s.find_first_not_of(" \t\n");
  if (a == std::string::npos) return {};
  return s.substr(a, s.find_last_not_of(" \t\n") - a + 1);
}

std::map<std::string, ImVec2>& targets() {
  static std::map<std::string, ImVec2> centres;
  return centres;
}
}  // namespace

std::vector<ScriptStep> parse_script(const std::string& text) {
  std::vector<ScriptStep> steps;
  std::size_t at = 0;
  while (at <= text.size()) {
    const std::size_t end = std::min(text.find(';', at), text.size());
    const std::string part = trimmed(text.substr(at, end - at));
    at = end + 1;
    if (part.empty()) continue;
    const auto space = part.find(' ');
    const std::string number = part.substr(0, space);
    ScriptStep s;
    const auto [ptr, ec] = std::from_chars(number.data(), number.data() + number.size(), s.frame);
    if (ec != std::errc() || ptr != number.data() + number.size() || s.frame < 1)
      throw core::ConfigError("", "--script", "FRAME ACTION [ARG] with FRAME >= 1", "\"" + part + "\"");
    const std::string rest = space == std::string::npos ? std::string() : trimmed(part.substr(space));
    const auto space2 = rest.find(' ');
    s.action = rest.substr(0, space2);
    s.arg = space2 == std::string::npos ? std::string() : trimmed(rest.substr(space2));
    const bool needs_arg = s.action == "key" || s.action == "click" || s.action == "shot" || s.action == "pause-at";
    if (!(needs_arg || s.action == "print") || (needs_arg && s.arg.empty()))
      throw core::ConfigError("", "--script", "key NAME, click LABEL, shot FILE.png, pause-at N or print",
                              "\"" + part + "\"");
    if (s.action == "pause-at") {
      long long n = 0;
      const auto [p, e] = std::from_chars(s.arg.data(), s.arg.data() + s.arg.size(), n);
      if (e != std::errc() || p != s.arg.data() + s.arg.size() || n < 0)
        throw core::ConfigError("", "--script", "pause-at N with a count N >= 0", "\"" + part + "\"");
    }
    if (s.action == "key" && script_key(s.arg) < 0)
      throw core::ConfigError("", "--script", "a key a to z, space, escape, enter or pagedown", "\"" + s.arg + "\"");
    steps.push_back(s);
  }
  return steps;
}

int script_key(const std::string& name) {
  if (name.size() == 1 && name[0] >= 'a' && name[0] <= 'z') return GLFW_KEY_A + (name[0] - 'a');
  if (name == "space") return GLFW_KEY_SPACE;
  if (name == "escape") return GLFW_KEY_ESCAPE;
  if (name == "enter") return GLFW_KEY_ENTER;
  if (name == "pagedown") return GLFW_KEY_PAGE_DOWN;
  return -1;
}

void note_target(const std::string& label) {
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  targets()[label] = ImVec2((a.x + b.x) * 0.5f, (a.y + b.y) * 0.5f);
}

bool target_centre(const std::string& label, float& x, float& y) {
  const auto it = targets().find(label);
  if (it == targets().end()) return false;
  x = it->second.x;
  y = it->second.y;
  return true;
}

}  // namespace arbiter::gui
