// Labels in words: raw key names become words, notation and file names stay as written, and the layout
// check's test for a raw key name agrees with what words() changes.
#include <catch2/catch.hpp>

#include "gui/plot/label_text.hpp"

using arbiter::gui::plot::has_raw_key;
using arbiter::gui::plot::words;

TEST_CASE("a raw key name reads as words", "[gui][label_text]") {
  CHECK(words("ground_degeneracy") == "ground degeneracy");
  CHECK(words("zero_and_renormalise") == "zero and renormalise");
  CHECK(words("red_bus share") == "red bus share");
  CHECK(has_raw_key("ground_degeneracy"));
  CHECK(has_raw_key("own elasticity red_bus"));
}

TEST_CASE("notation, single letters and file names are left as written", "[gui][label_text]") {
  for (const std::string s : {"T_c = 2.269", "C_v(T)", "p_exact", "x_1", "a_bc", "09_physics_ising.json",
                              "configs/classroom/01_softmax_temperature.json", "Physics: 3 step() calls", "##T"}) {
    CHECK(words(s) == s);
    CHECK_FALSE(has_raw_key(s));
  }
  // A file name beside a raw key: only the key changes.
  CHECK(words("saved 01_softmax_temperature.json as step_reward") ==
        "saved 01_softmax_temperature.json as step reward");
}
