// Teaching pace: a run's total steps from its progress, spread over the pace's wall time.
#include "gui/labs/teaching_pace.hpp"

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

}  // namespace arbiter::gui
