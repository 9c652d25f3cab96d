// One run of a sweep, executed to completion on the calling thread, and its record: the run's results.csv
// rows with the sweep's columns (sweep_run, seed, one per swept parameter) in front, its headline figures
// (see headline_figures), or the error it threw (a run whose results hold a number that is not finite
// fails, as require_finite_results says).
// Records are what threads or MPI ranks hand back, what the results folder keeps for resuming, and what the
// final files are assembled from; they hold no wall time, so the same plan gives the same records anywhere.
#pragma once
#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <nlohmann/json.hpp>
#include "core/table.hpp"
#include "experiments/sweep_plan.hpp"

namespace arbiter::experiments {

struct RunRecord {
  std::size_t index = 0;
  bool ok = false;
  std::string error;                                   // what the run threw, when !ok
  std::string results_csv;                             // header line and rows, sweep columns first
  nlohmann::json figures = nlohmann::json::object();   // the run's headline figures, name -> number

  nlohmann::json to_json() const;
  // Throws std::runtime_error on a record that is not one.
  static RunRecord from_json(const nlohmann::json& j);
};

// A JSON scalar as a table cell: integers and numbers as themselves, strings as text, anything else dumped.
core::Cell json_cell(const nlohmann::json& v);

// The scalar numbers of a run's summary, flattened to "a/b/c" names; a list of objects is entered by each
// object's "label" (else its index), lists of numbers (curves) are left out, and so are figures that measure
// time (names ending in "seconds" or "per_second", or under "timing"), which differ between machines.
nlohmann::json headline_figures(const nlohmann::json& summary);

// Runs plan.runs[index] single-threaded; exceptions become a failed record. Returns nullopt when *cancel
// became true before the run finished. `on_progress` (may be empty) gets the run's fraction done.
std::optional<RunRecord> execute_run(const SweepPlan& plan, std::size_t index, const std::atomic<bool>* cancel,
                                     const std::function<void(double)>& on_progress = {});

}  // namespace arbiter::experiments
