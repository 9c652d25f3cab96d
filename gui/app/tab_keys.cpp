// Counts the tabs shown until the number-th.
#include "gui/app/tab_keys.hpp"

namespace arbiter::gui {

int lab_for_tab_key(const std::vector<std::string>& titles, bool class_mode, int number) {
  if (number < 1 || number > 9) return -1;
  int shown = 0;
  for (std::size_t i = 0; i < titles.size(); ++i)
    if (!(class_mode && titles[i] == "Experiment") && ++shown == number) return static_cast<int>(i);
  return -1;
}

}  // namespace arbiter::gui
