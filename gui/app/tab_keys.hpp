// Ctrl+1 ... Ctrl+9 as pure logic: which lab a tab key selects, counting only the tabs shown (class mode
// hides the Experiment tab). Nothing throws.
#pragma once
#include <string>
#include <vector>

namespace arbiter::gui {

// The index (into `titles`, the labs in tab order) of the `number`-th tab shown, 1-based; -1 when there are
// fewer tabs shown or `number` is not 1 ... 9.
int lab_for_tab_key(const std::vector<std::string>& titles, bool class_mode, int number);

}  // namespace arbiter::gui
