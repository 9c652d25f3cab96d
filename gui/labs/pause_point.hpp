// Pause at a chosen count: the toolbar's "pause at" field in the lab's own unit (episodes, time steps, as
// its cards count them). The run pauses when it gets there; Space goes on past it; a new run
// pauses there again. 0: no pause. Plain logic, no drawing; nothing throws.
#pragma once

namespace arbiter::gui {

class PausePoint {
 public:
  // A new point for a run that stands at `count`: a point already passed waits for the next run.
  void set(long long at, long long count);
  long long at() const { return at_; }
  // The stop point to hand the experiment (ExperimentSession::stop_at) for a run at `count`: the point
  // while it is ahead of the run, else 0 (none).
  long long stop_for(long long count) const { return at_ > 0 && !reached_ && count < at_ ? at_ : 0; }
  // After stepping: true once, when the run has got to the point (the lab pauses there).
  bool reached_now(long long count);
  // True after the run paused at the point (until a new run or a new point).
  bool reached() const { return reached_; }
  // A new run (restart, edit, preset): it pauses at the point again.
  void new_run() { reached_ = false; }

 private:
  long long at_ = 0;
  bool reached_ = false;
};

}  // namespace arbiter::gui
