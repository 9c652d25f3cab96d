#include "gui/labs/edit_history.hpp"

#include <utility>

namespace arbiter::gui {

namespace {
void push(std::vector<nlohmann::json>& stack, nlohmann::json config) {
  if (stack.size() == EditHistory::kDepth) stack.erase(stack.begin());
  stack.push_back(std::move(config));
}
}  // namespace

void EditHistory::changed(nlohmann::json before) {
  push(undo_, std::move(before));
  redo_.clear();
}

std::optional<nlohmann::json> EditHistory::undo(const nlohmann::json& now) {
  if (undo_.empty()) return std::nullopt;
  nlohmann::json back = std::move(undo_.back());
  undo_.pop_back();
  push(redo_, now);
  return back;
}

std::optional<nlohmann::json> EditHistory::redo(const nlohmann::json& now) {
  if (redo_.empty()) return std::nullopt;
  nlohmann::json forward = std::move(redo_.back());
  redo_.pop_back();
  push(undo_, now);
  return forward;
}

void EditHistory::clear() {
  undo_.clear();
  redo_.clear();
}

}  // namespace arbiter::gui
