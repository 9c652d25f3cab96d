// Predict-then-reveal: series (lines or bar groups, by the name the Experiment gives them) that a lesson keeps
// from a class until it has guessed, shown at a given prompt or when the lecturer presses v. Pure logic and
// the GUI's one record of what is withheld this frame (the shell writes it, line plots and bar charts read it,
// and note what they drew). Nothing throws.
#pragma once
#include <set>
#include <string>
#include <vector>

namespace arbiter::gui::plot {

// A lesson's "reveal": the series withheld, and the prompt (counted from 0) at which they appear; -1: only
// when the lecturer reveals them.
struct RevealRule {
  std::vector<std::string> series;
  int at_prompt = -1;
};

// The series withheld now: the rule's while class mode is on, the lecturer has not revealed them and the
// lesson is at a prompt before at_prompt (or at_prompt is -1); none otherwise (normal mode shows everything).
std::vector<std::string> withheld_now(const RevealRule& rule, bool class_mode, int prompt, bool revealed);

// A new frame: `names` are withheld in it, and nothing is drawn yet.
void begin_reveal_frame(const std::vector<std::string>& names);
// Whether the series named `series` (as the Experiment names it) is withheld this frame.
bool withheld(const std::string& series);
// A chart drew `series` this frame; the names drawn this frame (sorted, each once).
void note_drawn(const std::string& series);
const std::set<std::string>& drawn_series();

}  // namespace arbiter::gui::plot
