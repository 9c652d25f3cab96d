// The ghost of the previous run: the curves (plots) of the run that ended or was cut short when the
// experiment was rebuilt (r, an edit that restarts it, b back to the preset, a new seed), kept for one run
// only so that the charts can draw them faintly behind the new run's (before / after). Plain data, no
// drawing; nothing throws.
#pragma once
#include <string>
#include <vector>
#include "experiments/experiment.hpp"

namespace arbiter::gui {

class RunGhost {
 public:
  // The run whose observables are `ended` was replaced. A run that did no work (`had_steps` false: r
  // pressed twice, a slider dragged through several values) leaves the ghost as it was, so the ghost is
  // always the last run that drew something; otherwise `ended`'s plots replace the ghost (the run before is
  // dropped).
  void run_replaced(const experiments::Observables& ended, bool had_steps);
  // The previous run's plot with this id, or nullptr (no previous run, no such plot, or no points in it).
  const experiments::Plot* plot(const std::string& id) const;
  bool empty() const { return plots_.empty(); }
  void clear() { plots_.clear(); }

 private:
  std::vector<experiments::Plot> plots_;
};

// Whether the charts draw the ghost (View > Ghost of the previous run, key g); on by default.
bool& ghost_shown();

}  // namespace arbiter::gui
