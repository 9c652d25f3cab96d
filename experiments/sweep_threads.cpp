#include "experiments/sweep_threads.hpp"

#include <chrono>
#include <memory>
#include <system_error>
#include <thread>

#include "core/parallel_for.hpp"

namespace arbiter::experiments {

std::vector<std::size_t> pending_runs(const SweepPlan& plan, const SweepFolder& folder) {
  const auto done = folder.finished();
  std::vector<std::size_t> pending;
  for (std::size_t i = 0; i < plan.runs.size(); ++i)
    if (!done[i]) pending.push_back(i);
  return pending;
}

SweepTally run_sweep_threads(const SweepPlan& plan, const SweepFolder& folder, int threads,
                             const std::atomic<bool>* cancel, const std::function<void(double)>& on_progress) {
  const std::vector<std::size_t> pending = pending_runs(plan, folder);
  SweepTally tally;
  tally.total = plan.runs.size();
  tally.skipped = tally.total - pending.size();
  if (pending.empty()) return tally;

  const auto fractions = std::make_unique<std::atomic<double>[]>(pending.size());
  std::atomic<std::size_t> ran{0}, failed{0};
  std::atomic<bool> finished{false};
  std::exception_ptr error;
  auto run_all = [&] {
    try {
      core::parallel_for(pending.size(), threads, [&](std::size_t k) {
        auto record = execute_run(plan, pending[k], cancel, [&](double f) { fractions[k].store(f); });
        if (!record) return;
        folder.save(*record);
        fractions[k].store(1.0);
        if (!record->ok) ++failed;
        ++ran;
      }, cancel);
    } catch (...) {
      error = std::current_exception();
    }
    finished.store(true);
  };
  // The pool runs beside this thread, which reports progress; if the system refuses that thread, the pool
  // runs here without progress reports.
  std::thread pool;
  try {
    pool = std::thread(run_all);
  } catch (const std::system_error&) {
    run_all();
  }
  auto report = [&] {
    if (!on_progress) return;
    double sum = static_cast<double>(tally.skipped);
    for (std::size_t k = 0; k < pending.size(); ++k) sum += fractions[k].load();
    on_progress(sum / static_cast<double>(tally.total));
  };
  while (!finished.load()) {
    report();
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  if (pool.joinable()) pool.join();
  if (error) std::rethrow_exception(error);
  report();
  tally.ran = ran.load();
  tally.failed = failed.load();
  tally.interrupted = cancel && cancel->load() && tally.ran < pending.size();
  return tally;
}

}  // namespace arbiter::experiments
