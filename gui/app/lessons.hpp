// The lessons: the classroom presets (configs/classroom/, the working folder's or the source tree's) in file-name
// order, each with the title and the prompts a class is shown ("what to notice", "try this") from the preset's
// own "lesson" object: a new preset with a lesson is a new lesson, nothing else to edit. The Lessons menu, class
// mode's Next / Prev and "Lesson k of n" read this one list.
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
