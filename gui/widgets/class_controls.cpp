// Path prefixes, segment by segment ("/L" does not hold "/Lx").
#include "gui/widgets/class_controls.hpp"

namespace arbiter::gui {

namespace {
// True when `outer` is `inner` or one of its ancestors in the config tree.
bool holds(const std::string& outer, const std::string& inner) {
  return inner.compare(0, outer.size(), outer) == 0 && (inner.size() == outer.size() || inner[outer.size()] == '/');
}

std::vector<std::string>& filter() {
  static std::vector<std::string> state;
  return state;
}
}  // namespace

bool class_shows(const std::vector<std::string>& controls, const std::string& path) {
  if (controls.empty()) return true;
  for (const std::string& c : controls)
    if (holds(c, path) || holds(path, c)) return true;
  return false;
}

void set_class_controls(std::vector<std::string> controls) { filter() = std::move(controls); }

const std::vector<std::string>& class_controls() { return filter(); }

}  // namespace arbiter::gui
