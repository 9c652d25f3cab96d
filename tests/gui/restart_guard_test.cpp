// Reset asks before it wipes what a class built up (gui/labs/restart_guard): the visited C(T) points.
#include <catch2/catch.hpp>
#include "gui/labs/restart_guard.hpp"

using arbiter::experiments::Observables;
using arbiter::experiments::Plot;
using arbiter::gui::accumulated_points;
using arbiter::gui::restart_loses;

namespace {
Observables with_visited(std::size_t n) {
  Plot p;
  p.id = "c_of_T";
  p.series.push_back({"L = 32, visited", {}, {}, {}});
  for (std::size_t i = 0; i < n; ++i) {
    p.series[0].x.push_back(1.5 + 0.1 * static_cast<double>(i));
    p.series[0].y.push_back(0.5);
  }
  p.series.push_back({"now (T = 2.269)", {2.269}, {1.2}, {}});
  Observables obs;
  obs.plots.push_back(std::move(p));
  return obs;
}
}  // namespace

TEST_CASE("restarting with visited C(T) points names how many it would wipe", "[gui][restart]") {
  CHECK(restart_loses(with_visited(12)) == "the 12 C(T) points measured so far");
  CHECK(restart_loses(with_visited(2)) == "the 2 C(T) points measured so far");
  // The count the scripted screenshot test prints: the visited points, not the running "now" point.
  CHECK(accumulated_points(with_visited(12)) == 12u);
  CHECK(accumulated_points(with_visited(0)) == 0u);
  CHECK(accumulated_points(Observables{}) == 0u);
}

TEST_CASE("restarting with fewer than two points, or no C(T) plot, asks nothing", "[gui][restart]") {
  CHECK(restart_loses(with_visited(1)).empty());
  CHECK(restart_loses(with_visited(0)).empty());
  CHECK(restart_loses(Observables{}).empty());
  Observables other = with_visited(12);
  other.plots[0].id = "energy";
  CHECK(restart_loses(other).empty());
}
