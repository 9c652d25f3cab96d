// The withheld set and the drawn set of the current frame; the rule's one comparison.
#include "gui/plot/reveal.hpp"

namespace arbiter::gui::plot {

namespace {
struct RevealFrame {
  std::set<std::string> withheld, drawn;
};
RevealFrame& frame() {
  static RevealFrame state;
  return state;
}
}  // namespace

std::vector<std::string> withheld_now(const RevealRule& rule, bool class_mode, int prompt, bool revealed) {
  const bool prompt_reached = rule.at_prompt >= 0 && prompt >= rule.at_prompt;
  if (!class_mode || revealed || prompt_reached) return {};
  return rule.series;
}

void begin_reveal_frame(const std::vector<std::string>& names) {
  frame().withheld = std::set<std::string>(names.begin(), names.end());
  frame().drawn.clear();
}

bool withheld(const std::string& series) { return frame().withheld.count(series) > 0; }

void note_drawn(const std::string& series) { frame().drawn.insert(series); }

const std::set<std::string>& drawn_series() { return frame().drawn; }

}  // namespace arbiter::gui::plot
