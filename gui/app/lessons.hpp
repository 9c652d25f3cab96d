// The lessons: the classroom presets (configs/classroom/) in teaching order, each with its title, the
// prompts a class is shown ("what to notice", "try this"), and whether its run has an end (a live lattice
// does not). The Presets menu, class mode's Next / Prev and "Lesson k of n" read this one table.
#pragma once
#include <string>
#include <vector>

namespace arbiter::gui {

struct Lesson {
  std::string file;                 // the preset's file name in configs/classroom/
  std::string title;                // "Softmax and temperature"
  std::vector<std::string> notice;  // what to notice / try, one prompt each, in order
};

const std::vector<Lesson>& lessons();
// The index of the lesson whose preset `path` is (by file name), or -1.
int lesson_of(const std::string& path);

}  // namespace arbiter::gui
