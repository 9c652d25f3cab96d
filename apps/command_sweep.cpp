#include <chrono>
#include <iostream>

#include "apps/command_line.hpp"
#include "apps/interrupt.hpp"
#include "apps/progress_bar.hpp"
#include "apps/sweep_mpi.hpp"
#include "core/config_error.hpp"
#include "experiments/runner.hpp"

namespace arbiter::apps {

namespace {

const char* kAbout =
    "Expands CONFIG's \"sweep\" block into runs (every grid point x seeds), validates every expanded config\n"
    "before any work, runs them on a thread pool over all cores, and writes into the output folder:\n"
    "  results.csv   every run's rows, with columns sweep_run, seed and one per swept parameter first\n"
    "  summary.json  mean and 95% CI of each headline figure per grid point, and the runs that failed\n"
    "Each finished run is recorded in OUT/runs/ as it completes: after Ctrl-C or a crash, the same command\n"
    "resumes and gives the same final files. Under MPI (`mpirun -n N arbiter sweep CONFIG.json`) rank 0 hands\n"
    "out runs to the other ranks; the files are byte-identical to a single-process sweep.\n\n"
    "The sweep block (keys starting with \"/\" are config paths; axes are crossed):\n"
    "  \"sweep\": {\"/agent/alpha\": [0.025, 0.05, 0.1],\n"
    "            \"/temperature\": {\"log_range\": [0.1, 10, 25]},   (also {\"range\": [a, b, n]})\n"
    "            \"points\": [{\"/a\": 1, \"/b\": 2}, ...],            (optional list of points)\n"
    "            \"seeds\": 5, \"max_runs\": 1000}                     (run s uses seed + s)\n"
    "Exit status: 0 all runs done, 1 some runs failed (each is listed), 2 bad usage or config, 130 interrupted.";

}  // namespace

namespace {

// Every run must fit in memory; the runs together must not take very long unless --yes.
void check_sweep_cost(const experiments::SweepPlan& plan, bool yes) {
  double seconds = 0.0;
  for (const auto& run : plan.runs) seconds += experiments::check_run_cost(run.config, true).seconds;
  if (!yes && seconds > experiments::kLongRunSeconds)
    throw core::ConfigError(plan.file + ": the sweep's " + std::to_string(plan.runs.size()) +
                            " runs would take about " + experiments::seconds_text(seconds) +
                            " on one core; make them smaller, or pass --yes to run it anyway");
  if (seconds > experiments::kNoteRunSeconds)
    std::cerr << "arbiter: note: this sweep is estimated to take about " << experiments::seconds_text(seconds)
              << " on one core\n";
}

}  // namespace

int command_sweep(const Args& args) {
  ConfigOptions co;
  std::string out;
  bool force = false, yes = false, quiet = false, dry_run = false;
  int threads = 0;
  po::options_description desc("Options");
  po::positional_options_description pos;
  add_config_options(desc, pos, co);
  desc.add_options()
    ("out,o", po::value<std::string>(&out), "output folder (default: results/<config name>)")
    ("force,f", po::bool_switch(&force), "discard what the output folder holds and start over")
    ("threads,j", po::value<int>(&threads)->default_value(0),
     "worker threads (0 = every core); the files out do not depend on it")
    ("yes,y", po::bool_switch(&yes),
     "run even when the sweep expands to more than its max_runs, or is estimated to take very long (over 12 h)")
    ("dry-run,n", po::bool_switch(&dry_run), "validate and list the grid points without running")
    ("quiet,q", po::bool_switch(&quiet), "no progress bar");
  po::variables_map vm;
  if (!parse_command(args, "arbiter sweep CONFIG.json [options]", kAbout, desc, pos, vm)) return 0;
  if (co.config.empty()) throw UsageError("sweep: missing CONFIG.json\nUsage: arbiter sweep CONFIG.json [options]");
  read_seed(vm, co);
  check_threads(threads);

  MpiSweepRequest request;
  request.file = co.config;
  request.options.overrides = co.overrides;
  request.options.seed_override = co.seed;
  request.options.allow_many = yes;
  request.out_dir = out.empty() ? experiments::default_out_dir(co.config).string() : out;
  request.force = force;
  request.threads = threads;

  if (dry_run) {
    const auto plan = experiments::plan_sweep(request.file, request.options);
    std::cout << plan.file << ": " << plan.points.size() << " points x " << plan.seeds << " seeds = "
              << plan.runs.size() << " runs of " << plan.base.kind->name << " (sweep " << plan.hash << ")\n";
    for (std::size_t p = 0; p < plan.points.size(); ++p)
      std::cout << "  point " << p << ": " << experiments::describe_point(plan, p) << "\n";
    return 0;
  }

  install_interrupt_handler();
  const auto start = std::chrono::steady_clock::now();
  MpiSweepResult result;
  std::unique_ptr<ProgressBar> bar;
  auto progress = [&](double f) {
    if (bar) bar->update(f);
  };
  if (launched_under_mpi()) {
    bar = std::make_unique<ProgressBar>("sweep", !quiet);
    result = run_sweep_mpi(request, &interrupted(), progress);
    if (!result.is_root) return 0;
  } else {
    experiments::SweepOptions o = request.options;
    result.plan = std::make_unique<experiments::SweepPlan>(experiments::plan_sweep(request.file, o));
    check_sweep_cost(*result.plan, yes);
    result.folder = std::make_unique<experiments::SweepFolder>(request.out_dir, *result.plan, request.force);
    bar = std::make_unique<ProgressBar>("sweep " + result.plan->base.kind->name, !quiet);
    result.tally = experiments::run_sweep_threads(*result.plan, *result.folder, threads, &interrupted(), progress);
  }
  bar->finish();
  const auto& t = result.tally;
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (t.interrupted) {
    std::cerr << "arbiter: interrupted; " << t.skipped + t.ran << " of " << t.total << " runs are recorded in "
              << result.folder->dir().string() << "/runs/; run the same command again to resume\n";
    return 130;
  }
  if (!result.folder->write_final(*result.plan, &interrupted())) {
    std::cerr << "arbiter: interrupted; all " << t.total << " runs are recorded in " << result.folder->dir().string()
              << "/runs/; run the same command again to write results.csv and summary.json\n";
    return 130;
  }
  const auto records = result.folder->records();
  std::size_t failed = 0;
  for (const auto& r : records) {
    if (r.ok) continue;
    ++failed;
    const auto& run = result.plan->runs[r.index];
    std::cerr << "arbiter: run " << r.index << " failed (" << experiments::describe_point(*result.plan, run.point)
              << ", seed " << run.config.seed << "): " << r.error << "\n";
  }
  std::cout << "sweep: " << t.total << " runs (" << result.plan->points.size() << " points x " << result.plan->seeds
            << (result.plan->seeds == 1 ? " seed), " : " seeds), ") << t.ran << " run now, " << t.skipped << " already done";
  if (failed) std::cout << ", " << failed << " failed";
  std::cout << ", " << wall << " s\nresults: " << result.folder->dir().string() << "/ (results.csv, summary.json)\n";
  return failed ? 1 : 0;
}

}  // namespace arbiter::apps
