// Which of a kind's controls class mode shows: a lesson's "controls" list (schema paths as `arbiter describe`
// lists them: "/temperatures", "/population/consumers", or a group "/population"). A control is shown when it
// is listed, lies inside a listed one (a list's entries, an object's keys) or holds one (the group or object a
// listed key sits in, drawn with that key only). An empty list shows every control. Nothing throws.
#pragma once
#include <string>
#include <vector>

namespace arbiter::gui {

bool class_shows(const std::vector<std::string>& controls, const std::string& path);

// The GUI's one filter: set by the shell each frame (the lesson's list in class mode, else empty), read by
// the schema controls.
void set_class_controls(std::vector<std::string> controls);
const std::vector<std::string>& class_controls();

}  // namespace arbiter::gui
