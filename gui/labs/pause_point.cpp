// PausePoint: when a run reaches the chosen count, and when it has gone past it.
#include "gui/labs/pause_point.hpp"

namespace arbiter::gui {

void PausePoint::set(long long at, long long count) {
  at_ = at > 0 ? at : 0;
  reached_ = at_ > 0 && count >= at_;
}

bool PausePoint::reached_now(long long count) {
  if (at_ <= 0 || reached_ || count < at_) return false;
  reached_ = true;
  return true;
}

}  // namespace arbiter::gui
