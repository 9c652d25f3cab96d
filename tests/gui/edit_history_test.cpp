// Undo and redo of a lab's control changes (gui/labs/edit_history.hpp): configs come back in order, a new
// change clears redo, the depth is bounded.
#include <catch2/catch.hpp>

#include "gui/labs/edit_history.hpp"

using arbiter::gui::EditHistory;
using json = nlohmann::json;

TEST_CASE("undo goes back through the changes in order and redo forward again", "[gui][undo]") {
  EditHistory h;
  CHECK_FALSE(h.can_undo());
  CHECK_FALSE(h.undo(json{{"T", 1.0}}).has_value());
  // T 1 -> 2 -> 3
  h.changed(json{{"T", 1.0}});
  h.changed(json{{"T", 2.0}});
  json now = {{"T", 3.0}};
  auto back = h.undo(now);
  REQUIRE(back);
  CHECK(*back == json{{"T", 2.0}});
  now = *back;
  back = h.undo(now);
  REQUIRE(back);
  CHECK(*back == json{{"T", 1.0}});
  now = *back;
  CHECK_FALSE(h.can_undo());
  auto forward = h.redo(now);
  REQUIRE(forward);
  CHECK(*forward == json{{"T", 2.0}});
  now = *forward;
  forward = h.redo(now);
  REQUIRE(forward);
  CHECK(*forward == json{{"T", 3.0}});
  CHECK_FALSE(h.redo(*forward).has_value());
  // Undo once, then a new change: the undone state can no longer be redone.
  now = *forward;
  now = *h.undo(now);
  CHECK(now == json{{"T", 2.0}});
  CHECK(h.can_redo());
  h.changed(now);  // T 2 -> 5
  CHECK_FALSE(h.can_redo());
  CHECK(*h.undo(json{{"T", 5.0}}) == json{{"T", 2.0}});
  h.clear();
  CHECK_FALSE(h.can_undo());
  CHECK_FALSE(h.can_redo());
}

TEST_CASE("the history keeps the last kDepth changes", "[gui][undo]") {
  EditHistory h;
  for (int i = 0; i < static_cast<int>(EditHistory::kDepth) + 5; ++i) h.changed(json{{"i", i}});
  int undone = 0;
  json now = {{"i", -1}}, last;
  while (auto back = h.undo(now)) {
    last = *back;
    now = *back;
    ++undone;
  }
  CHECK(undone == static_cast<int>(EditHistory::kDepth));
  CHECK(last == json{{"i", 5}});  // the five oldest dropped
}
