// Teaching pace: a run with an end kept at progress = wall time played / the pace's run time; a run without
// one at a fixed rate of steps.
#include "gui/labs/teaching_pace.hpp"

#include <algorithm>
#include <cmath>

namespace arbiter::gui {

namespace {
int index_of(Pace pace) { return pace == Pace::slow ? 0 : pace == Pace::normal ? 1 : 2; }
}  // namespace

double run_seconds(Pace pace) {
  constexpr double kRunSeconds[] = {90.0, 40.0, 15.0};
  return pace == Pace::per_frame ? 0.0 : kRunSeconds[index_of(pace)];
}

double steps_per_second(Pace pace, long long steps_done, double progress) {
  constexpr double kEndlessRate[] = {5.0, 15.0, 50.0};
  if (pace == Pace::per_frame || steps_done <= 0) return 0.0;
  if (progress > 0.0 && progress <= 1.0) return static_cast<double>(steps_done) / progress / run_seconds(pace);
  return kEndlessRate[index_of(pace)];
}

long long PaceClock::due(Pace pace, double seconds, long long steps_done, double progress) {
  if (steps_done < last_steps_) target_ = -1.0;
  last_steps_ = steps_done;
  if (pace == Pace::per_frame) {
    target_ = -1.0;
    return 0;
  }
  if (steps_done <= 0) {  // a new run: its clock starts at its start
    target_ = 0.0;
    return 1;
  }
  const double dt = std::clamp(seconds, 0.0, 1.0);
  if (progress > 0.0 && progress <= 1.0) {
    if (target_ < 0.0) target_ = progress;
    target_ = std::min(1.0, target_ + dt / run_seconds(pace));
    if (progress >= target_) return 0;
    // Enough steps to reach the target at the run's mean progress per step so far.
    const double per_step = progress / static_cast<double>(steps_done);
    return std::max(1LL, static_cast<long long>(std::ceil((target_ - progress) / per_step - 1e-9)));
  }
  if (target_ < 0.0) target_ = static_cast<double>(steps_done);
  target_ += dt * steps_per_second(pace, steps_done, 0.0);
  return std::max(0LL, static_cast<long long>(std::floor(target_)) - steps_done);
}

}  // namespace arbiter::gui
