#include <iostream>

#include "apps/command_line.hpp"
#include "apps/interrupt.hpp"
#include "apps/progress_bar.hpp"
#include "experiments/runner.hpp"

namespace arbiter::apps {

int command_run(const Args& args) {
  ConfigOptions co;
  experiments::RunOptions ro;
  std::string out;
  bool quiet = false;
  po::options_description desc("Options");
  po::positional_options_description pos;
  add_config_options(desc, pos, co);
  desc.add_options()
    ("out,o", po::value<std::string>(&out), "output folder (default: results/<config name>)")
    ("force,f", po::bool_switch(&ro.force), "overwrite results already in the output folder")
    ("threads,j", po::value<int>(&ro.threads)->default_value(0),
     "worker threads (0 = every core); the numbers out do not depend on it")
    ("quiet,q", po::bool_switch(&quiet), "no progress bar");
  po::variables_map vm;
  if (!parse_command(args, "arbiter run CONFIG.json [options]",
                     "Validates CONFIG, runs the experiment and writes results.csv and summary.json (and any\n"
                     "other tables the kind produces) into the output folder. Ctrl-C stops cleanly.",
                     desc, pos, vm))
    return 0;
  if (co.config.empty()) throw UsageError("run: missing CONFIG.json\nUsage: arbiter run CONFIG.json [options]");
  read_seed(vm, co);
  if (ro.threads < 0) throw UsageError("--threads: expected a number >= 0, got " + std::to_string(ro.threads));
  ro.out_dir = out;

  const auto cfg = experiments::load_config(co.config, co.overrides, co.seed);
  ProgressBar bar(cfg.kind->name, !quiet);
  ro.on_progress = [&bar](double f) { bar.update(f); };
  install_interrupt_handler();
  const auto outcome = experiments::run_experiment(cfg, ro, &interrupted());
  bar.finish();
  if (!outcome.completed) {
    std::cerr << "arbiter: interrupted; no results were written\n";
    return 130;
  }
  if (!outcome.results.report.empty()) std::cout << outcome.results.report << "\n";
  std::cout << "results: " << outcome.out_dir.string() << "/ (results.csv, summary.json";
  for (const auto& [name, table] : outcome.results.tables) std::cout << ", " << name;
  std::cout << ") in " << outcome.wall_seconds << " s\n";
  return 0;
}

}  // namespace arbiter::apps
