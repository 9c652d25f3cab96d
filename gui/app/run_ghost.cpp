// RunGhost: a copy of the replaced run's plots, the older copy dropped.
#include "gui/app/run_ghost.hpp"

#include <algorithm>

namespace arbiter::gui {

void RunGhost::run_replaced(const experiments::Observables& ended, bool had_steps) {
  if (!had_steps) return;
  plots_ = ended.plots;
}

const experiments::Plot* RunGhost::plot(const std::string& id) const {
  for (const auto& p : plots_) {
    if (p.id != id) continue;
    const bool drawn = std::any_of(p.series.begin(), p.series.end(),
                                   [](const experiments::Series& s) { return !s.x.empty() && !s.y.empty(); });
    return drawn ? &p : nullptr;
  }
  return nullptr;
}

bool& ghost_shown() {
  static bool shown = true;
  return shown;
}

}  // namespace arbiter::gui
