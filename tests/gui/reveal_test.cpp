// Predict-then-reveal as pure logic: a lesson's series are withheld in class mode only, until its prompt comes
// or the lecturer presses v; a frame's record says what is withheld and what the charts drew.
#include <catch2/catch.hpp>
#include "gui/plot/reveal.hpp"

using namespace arbiter::gui::plot;

TEST_CASE("a reveal at prompt 2 withholds its series at prompts 0 and 1 in class mode, not from prompt 2 on",
          "[gui][reveal]") {
  const RevealRule rule{{"Onsager (L = inf)"}, 2};
  const std::vector<std::string> series{"Onsager (L = inf)"};
  CHECK(withheld_now(rule, true, 0, false) == series);
  CHECK(withheld_now(rule, true, 1, false) == series);
  CHECK(withheld_now(rule, true, 2, false).empty());
  CHECK(withheld_now(rule, true, 5, false).empty());  // past the prompt: still shown
  // The key reveals before the prompt; normal mode never withholds.
  CHECK(withheld_now(rule, true, 0, true).empty());
  CHECK(withheld_now(rule, false, 0, false).empty());
  CHECK(withheld_now(rule, false, 1, false).empty());
}

TEST_CASE("a reveal without a prompt waits for the key, and a lesson without one withholds nothing",
          "[gui][reveal]") {
  const RevealRule on_key{{"nested logit", "nested: blue bus added"}, -1};
  for (int prompt : {0, 1, 2, 100})
    CHECK(withheld_now(on_key, true, prompt, false) == on_key.series);
  CHECK(withheld_now(on_key, true, 3, true).empty());
  CHECK(withheld_now(RevealRule{}, true, 0, false).empty());
}

TEST_CASE("a frame's record: the names withheld in it, and the series the charts drew in it only",
          "[gui][reveal]") {
  begin_reveal_frame({"Onsager (L = inf)", "nested logit"});
  CHECK(withheld("Onsager (L = inf)"));
  CHECK(withheld("nested logit"));
  CHECK_FALSE(withheld("Onsager"));           // names match whole, as the Experiment gives them
  CHECK_FALSE(withheld("L = 128, visited"));
  note_drawn("L = 128, visited");
  note_drawn("now (T = 1.500)");
  note_drawn("L = 128, visited");
  CHECK(drawn_series() == std::set<std::string>{"L = 128, visited", "now (T = 1.500)"});
  begin_reveal_frame({});
  CHECK_FALSE(withheld("Onsager (L = inf)"));
  CHECK(drawn_series().empty());
}
