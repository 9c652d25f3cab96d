// A lab's control changes for undo and redo, as pure logic: each undo entry is the config before a change,
// each redo entry the config an undo left. A new change clears the redo entries; at most kDepth are kept
// (the oldest dropped). Nothing throws.
#pragma once
#include <cstddef>
#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

namespace arbiter::gui {

class EditHistory {
 public:
  static constexpr std::size_t kDepth = 100;
  // A change began from `before`.
  void changed(nlohmann::json before);
  // The config to go back to (nullopt: nothing to undo); `now` becomes redoable.
  std::optional<nlohmann::json> undo(const nlohmann::json& now);
  // The config an undo left (nullopt: nothing to redo); `now` becomes undoable.
  std::optional<nlohmann::json> redo(const nlohmann::json& now);
  bool can_undo() const { return !undo_.empty(); }
  bool can_redo() const { return !redo_.empty(); }
  void clear();

 private:
  std::vector<nlohmann::json> undo_, redo_;
};

}  // namespace arbiter::gui
