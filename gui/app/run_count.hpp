// The run's own count for the status bar, in the run's unit and as its cards show it (pure: no drawing). It is
// the experiment's number that reads "N / M" ("step 300 / 1000", "epoch 3 / 15", "runs done 20 / 20"), else
// its count of episodes, sweeps, epochs or seeds done ("episodes (all runs) 300"), with how much of the run is
// done (Experiment::progress) when that count has no total. "" when the experiment reports no count (a
// computation done in one step: the softmax, a market).
#pragma once
#include <string>
#include "experiments/experiment.hpp"

namespace arbiter::gui {

// The number counting the run (nullptr if none).
const experiments::Number* run_count_number(const experiments::Observables& obs);
// "step 300 / 1000", "sweeps 188", "episodes (all runs) 13, 0.4% of the run"; "" if none.
std::string run_count_text(const experiments::Observables& obs, double progress);

}  // namespace arbiter::gui
