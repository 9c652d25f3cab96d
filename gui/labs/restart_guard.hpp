// What restarting a run would wipe that a class took time to build, so that Reset asks first: the C(T)
// points of the temperatures a lattice visited (plot c_of_T). Pure logic over a lab's observables.
#pragma once
#include <string>
#include "experiments/experiment.hpp"

namespace arbiter::gui {

// The number of C(T) points measured so far (plot c_of_T's first series), 0 without that plot.
std::size_t accumulated_points(const experiments::Observables& obs);
// "the 12 C(T) points measured so far", or "" when fewer than two are at stake (nothing worth a question).
std::string restart_loses(const experiments::Observables& obs);

}  // namespace arbiter::gui
