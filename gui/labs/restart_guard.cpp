// Counting the accumulated points: the first series of c_of_T holds the visited temperatures.
#include "gui/labs/restart_guard.hpp"

namespace arbiter::gui {

std::size_t accumulated_points(const experiments::Observables& obs) {
  for (const auto& p : obs.plots)
    if (p.id == "c_of_T" && !p.series.empty()) return p.series.front().x.size();
  return 0;
}

std::string restart_loses(const experiments::Observables& obs) {
  const std::size_t n = accumulated_points(obs);
  return n >= 2 ? "the " + std::to_string(n) + " C(T) points measured so far" : std::string();
}

}  // namespace arbiter::gui
