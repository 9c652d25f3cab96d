#include "gui/labs/edit_history.hpp"

#include <utility>

namespace arbiter::gui {

namespace {
void push(std::vector<nlohmann::json>& stack, nlohmann::json config) {
  if (stack.size() == EditHistory::kDepth) stack.erase(stack.begin());
  stack.push_back(std::move(config));
}
// Takes the newest config of `from` (nullopt if none) and puts `now` on `to`.
std::optional<nlohmann::json> move_back(std::vector<nlohmann::json>& from, std::vector<nlohmann::json>& to,
                                        const nlohmann::json& now) {
  if (from.empty()) return std::nullopt;
  nlohmann::json config = std::move(from.back());
  from.pop_back();
  push(to, now);
  return config;
}

}  // namespace

void EditHistory::changed(nlohmann::json before) {
  push(undo_, std::move(before));
  redo_.clear();
}

std::optional<nlohmann::json> EditHistory::undo(const nlohmann::json& now) { return move_back(undo_, redo_, now); }

std::optional<nlohmann::json> EditHistory::redo(const nlohmann::json& now) { return move_back(redo_, undo_, now); }

void EditHistory::clear() {
  undo_.clear();
  redo_.clear();
}

}  // namespace arbiter::gui
