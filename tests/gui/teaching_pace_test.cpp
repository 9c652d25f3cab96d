// The teaching pace's clock (gui/labs/teaching_pace.hpp): a run with an end finishes in the pace's wall time
// whatever a step does, however long a frame takes and however few steps a frame's budget allows.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include "gui/labs/teaching_pace.hpp"

using namespace arbiter::gui;

namespace {
// Plays a run at `pace` in frames of `frame` seconds, at most `budget` steps per frame; step k (from 0) does
// progress_of(k) of the run. Returns the wall time from the end of the first frame (the first step) to the end.
template <class ProgressOf>
double play(Pace pace, double frame, int budget, ProgressOf progress_of) {
  PaceClock clock;
  long long steps = 0;
  double progress = 0.0, t = 0.0, first = -1.0;
  while (progress < 1.0 && t < 1000.0) {
    const long long due = std::min<long long>(clock.due(pace, frame, steps, progress), budget);
    for (long long i = 0; i < due && progress < 1.0; ++i) progress = std::min(1.0, progress + progress_of(steps++));
    t += frame;
    if (first < 0.0 && steps > 0) first = t;
  }
  return t - first;
}
}  // namespace

TEST_CASE("a paced run takes 90, 40 or 15 s of wall time, whatever its steps do", "[gui][pace]") {
  // 1000 equal steps, 60 frames a second: 40 s at normal (the last step is taken once the clock passes the
  // progress before it: the run is short by at most one step's share and a frame).
  const auto equal = [](long long) { return 1e-3; };
  CHECK(play(Pace::normal, 1.0 / 60.0, 100, equal) == Approx(40.0).margin(0.1));
  CHECK(play(Pace::slow, 1.0 / 60.0, 100, equal) == Approx(90.0).margin(0.1 + 90e-3));
  CHECK(play(Pace::fast, 1.0 / 60.0, 100, equal) == Approx(15.0).margin(0.1));
  // Steps that grow as the run goes (a step of the gridworld lesson does twice the episodes of the one
  // before, up to 4% of the run): the old rate from the first steps' progress ended it in half the time.
  const auto growing = [](long long k) { return std::min(0.04, 3e-4 * std::pow(2.0, static_cast<double>(k / 8))); };
  const double t = play(Pace::normal, 1.0 / 60.0, 100, growing);
  CHECK(t <= 40.0 + 1.0 / 60.0);
  CHECK(t >= 40.0 * (1.0 - 0.04) - 1.0 / 60.0);
}

TEST_CASE("a paced run keeps the wall time when frames are slow and few steps fit in one", "[gui][pace]") {
  // A loaded machine: 5 frames a second, and the budget allows 2 steps a frame; the steps a frame could
  // not do stay due, so 1000 steps still take 40 s (400 s of budget at 2 steps per frame would be 100 s).
  const auto equal = [](long long) { return 1e-3; };
  CHECK(play(Pace::normal, 0.2, 10, equal) == Approx(40.0).margin(0.25));
  CHECK(play(Pace::normal, 0.05, 2, equal) == Approx(40.0).margin(0.1));
  // A stalled frame counts at most 1 s: a 5 s stall does not jump the run by an eighth.
  PaceClock clock;
  CHECK(clock.due(Pace::normal, 0.0, 0, 0.0) == 1);
  CHECK(clock.due(Pace::normal, 0.0, 1, 1e-3) == 0);
  CHECK(clock.due(Pace::normal, 5.0, 1, 1e-3) == 24);  // 1 s of 40: 2.5% of the run, 25 steps of 0.1%, 1 done
}

TEST_CASE("a paced run ahead of its clock waits, a rebuilt run and a change of pace start the clock again",
          "[gui][pace]") {
  PaceClock clock;
  CHECK(clock.due(Pace::normal, 0.1, 0, 0.0) == 1);
  // The first step did half the run: nothing is due until 20 s have passed.
  CHECK(clock.due(Pace::normal, 0.0, 1, 0.5) == 0);
  CHECK(clock.due(Pace::normal, 19.9, 1, 0.5) == 0);  // counted as 1 s
  double waited = 1.0;
  long long due = 0;
  while ((due = clock.due(Pace::normal, 1.0, 1, 0.5)) == 0) waited += 1.0;
  CHECK(waited == Approx(20.0).margin(1.0));
  CHECK(due == 1);
  // Rebuilt (fewer steps than before): the clock starts where the new run is.
  CHECK(clock.due(Pace::normal, 0.1, 0, 0.0) == 1);
  CHECK(clock.due(Pace::normal, 0.0, 1, 0.01) == 0);
  CHECK(clock.due(Pace::normal, 0.4, 1, 0.01) == 0);  // 1% due: the first step did it
  CHECK(clock.due(Pace::normal, 0.4, 1, 0.01) == 1);  // 2% due: one more step of 1%
  // steps/frame took the run to 90%; a pace chosen then starts from 90%, not from where its clock was.
  CHECK(clock.due(Pace::per_frame, 0.1, 90, 0.9) == 0);
  CHECK(clock.due(Pace::normal, 0.0, 90, 0.9) == 0);
  CHECK(clock.due(Pace::normal, 0.4, 90, 0.9) == 1);
}

TEST_CASE("a paced run without an end goes at 5, 15 or 50 steps a second", "[gui][pace]") {
  for (const auto& [pace, rate] : {std::pair{Pace::slow, 5.0}, std::pair{Pace::normal, 15.0}, std::pair{Pace::fast, 50.0}}) {
    PaceClock clock;
    long long steps = 0;
    for (int frame = 0; frame < 600; ++frame) steps += clock.due(pace, 1.0 / 60.0, steps, 0.0);
    INFO("rate " << rate);
    CHECK(static_cast<double>(steps) == Approx(10.0 * rate).margin(1.0));
  }
}
