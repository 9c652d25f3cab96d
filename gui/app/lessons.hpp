// The lessons: the classroom presets (configs/classroom/, the working folder's or the source tree's) in file-name
// order, each with the title and the prompts a class is shown ("what to notice", "try this") from the preset's
// own "lesson" object: a new preset with a lesson is a new lesson, nothing else to edit. The Lessons menu, class
// mode's Next / Prev and "Lesson k of n" read this one list, class mode its controls and its reveal.
#pragma once
#include <string>
#include <vector>
#include "gui/plot/reveal.hpp"

namespace arbiter::gui {

struct Lesson {
  std::string file;                 // the preset's file name in configs/classroom/
  std::string title;                // "Softmax and temperature"
  std::vector<std::string> notice;  // what to notice / try, one prompt each, in order
  std::vector<std::string> controls;  // the kind's keys class mode shows ("/temperatures"); empty: all
  plot::RevealRule reveal;            // series withheld from a class until revealed; no series: none
};

const std::vector<Lesson>& lessons();
// The index of the lesson whose preset `path` is (by file name), or -1.
int lesson_of(const std::string& path);

}  // namespace arbiter::gui
