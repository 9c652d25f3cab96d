// A sweep's results folder. `sweep.json` names the expanded sweep (its hash); `runs/NNNNNN.json` holds one
// record per finished run, written atomically as the run completes, so an interrupted sweep resumes where
// it stopped. The final `results.csv` (every run's rows, sweep columns first) and `summary.json` (mean and
// 95% CI of each headline figure per grid point, and the failed runs) are assembled from the records alone,
// so an interrupted-and-resumed sweep, any thread count and any number of MPI ranks give the same bytes.
#pragma once
#include <atomic>
#include <filesystem>
#include <memory>
#include <vector>
#include <nlohmann/json.hpp>
#include "experiments/output_folder.hpp"
#include "experiments/sweep_run.hpp"

namespace arbiter::experiments {

class SweepFolder {
 public:
  // Opens (or creates) `dir` for `plan` and holds it (OutputFolder: a second process is refused as busy;
  // temporary files a killed run left are removed). Throws ConfigError if it holds another sweep (a
  // different hash) or a plain run's results, unless `force`, which discards what is there.
  SweepFolder(std::filesystem::path dir, const SweepPlan& plan, bool force);

  const std::filesystem::path& dir() const { return dir_; }
  // Indices of runs with a successful record already (failed runs are run again).
  std::vector<bool> finished() const;
  void save(const RunRecord& record) const;
  // Every record present, in run order (missing runs are absent).
  std::vector<RunRecord> records() const;
  // Writes results.csv and summary.json from the records, both or neither, summary.json last. Returns
  // false, having written neither, when *cancel became true.
  bool write_final(const SweepPlan& plan, const std::atomic<bool>* cancel = nullptr) const;

 private:
  std::filesystem::path record_path(std::size_t index) const;
  std::filesystem::path dir_;
  std::unique_ptr<OutputFolder> lock_;
  std::size_t runs_ = 0;
};

// summary.json of a sweep from its records (exposed for tests and `arbiter report`).
nlohmann::json sweep_summary(const SweepPlan& plan, const std::vector<RunRecord>& records);
// results.csv of a sweep: the records' rows in run order; columns are the union, in order of appearance.
std::string sweep_results_csv(const std::vector<RunRecord>& records);

}  // namespace arbiter::experiments
