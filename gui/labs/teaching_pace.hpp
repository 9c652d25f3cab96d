// A teaching pace as pure arithmetic: how many steps a lab owes for some wall time at slow / normal / fast.
// A run with an end takes about 90 / 40 / 15 s whatever the machine (its total number of steps is estimated
// from the steps done and the progress, 0 < progress <= 1); a run without an end (progress 0, a live
// lattice) goes at 5 / 15 / 50 steps per second.
#pragma once

namespace arbiter::gui {

enum class Pace { per_frame, slow, normal, fast };

// Wall seconds a whole run takes at `pace` (0 for per_frame).
double run_seconds(Pace pace);
// Steps per second at `pace` for a run that has done `steps_done` steps and is `progress` done; 0 for
// per_frame or before the first step.
double steps_per_second(Pace pace, long long steps_done, double progress);

}  // namespace arbiter::gui
