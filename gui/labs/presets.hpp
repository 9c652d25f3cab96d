// Where the classroom presets live: ./configs/classroom when the program runs from a source tree or an
// unpacked release, else the source tree the program was built from (no ImGui here: the lesson list and its
// test use it too).
#pragma once
#include <string>

namespace arbiter::gui {

// The classroom presets' folder: ./configs/classroom when it exists, else the source tree's copy.
std::string classroom_folder();
// Where a classroom preset lives: ./configs/classroom/NAME, else the source tree's copy ("" if neither).
std::string find_preset(const std::string& name);

}  // namespace arbiter::gui
