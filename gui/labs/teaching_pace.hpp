// A teaching pace as pure arithmetic: how many steps a lab owes for some wall time at slow / normal / fast.
// A run with an end takes about 90 / 40 / 15 s whatever the machine: its progress (0 < progress <= 1) is kept
// up with the wall time played, so neither the size of a step nor the frame rate (a software renderer under
// load draws slowly) changes it; a run without an end (progress 0, a live lattice) goes at 5 / 15 / 50 steps
// per second.
#pragma once

namespace arbiter::gui {

enum class Pace { per_frame, slow, normal, fast };

// Wall seconds a whole run takes at `pace` (0 for per_frame).
double run_seconds(Pace pace);
// Steps per second at `pace` for a run that has done `steps_done` steps and is `progress` done; 0 for
// per_frame or before the first step.
double steps_per_second(Pace pace, long long steps_done, double progress);

// The pace's clock for one lab: where the run should be after the wall time played so far, and the steps
// due to get there. Steps the budget of a frame did not allow stay due (the run catches up); a run ahead of
// its clock (a step that did much of the run, single steps) waits for it. The clock starts where the run is
// when a pace is chosen after steps/frame, and again when the run is rebuilt (fewer steps than before).
class PaceClock {
 public:
  // The steps due after `seconds` more of wall time (at most 1 s is counted for one call: a stalled window
  // does not make the run jump) for a run at `pace` that has done `steps_done` steps and is `progress` done.
  // Before the first step: 1 (the first step tells how far one step goes). 0 for per_frame.
  long long due(Pace pace, double seconds, long long steps_done, double progress);

 private:
  double target_ = -1.0;        // the progress (a run with an end) or the steps (no end) due by now; < 0: unset
  long long last_steps_ = 0;    // steps_done at the last call (fewer now: the run was rebuilt)
};

}  // namespace arbiter::gui
