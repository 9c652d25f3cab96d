// Ctrl+1 ... Ctrl+9: the n-th tab shown, with class mode's hidden Experiment tab not counted.
#include <catch2/catch.hpp>
#include "gui/app/tab_keys.hpp"

using arbiter::gui::lab_for_tab_key;

TEST_CASE("Ctrl+n selects the n-th tab shown") {
  const std::vector<std::string> tabs{"Softmax", "Bandit", "Experiment", "Physics"};
  CHECK(lab_for_tab_key(tabs, false, 1) == 0);
  CHECK(lab_for_tab_key(tabs, false, 3) == 2);
  CHECK(lab_for_tab_key(tabs, false, 4) == 3);
  CHECK(lab_for_tab_key(tabs, false, 5) == -1);  // fewer tabs than the key's number
  CHECK(lab_for_tab_key(tabs, false, 0) == -1);
  CHECK(lab_for_tab_key(tabs, false, 10) == -1);
}

TEST_CASE("in class mode the hidden Experiment tab is not counted") {
  const std::vector<std::string> tabs{"Softmax", "Bandit", "Experiment", "Physics"};
  CHECK(lab_for_tab_key(tabs, true, 2) == 1);
  CHECK(lab_for_tab_key(tabs, true, 3) == 3);
  CHECK(lab_for_tab_key(tabs, true, 4) == -1);
}

TEST_CASE("only the first nine tabs have a key") {
  std::vector<std::string> tabs;
  for (int i = 0; i < 12; ++i) tabs.push_back("lab " + std::to_string(i));
  CHECK(lab_for_tab_key(tabs, false, 9) == 8);
  CHECK(lab_for_tab_key(tabs, false, 12) == -1);
}
