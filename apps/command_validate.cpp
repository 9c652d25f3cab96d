#include <iostream>

#include "apps/command_line.hpp"
#include "experiments/config_loader.hpp"
#include "experiments/runner.hpp"

namespace arbiter::apps {

int command_validate(const Args& args) {
  ConfigOptions co;
  bool print = false;
  po::options_description desc("Options");
  po::positional_options_description pos;
  add_config_options(desc, pos, co);
  desc.add_options()("print,p", po::bool_switch(&print), "print the resolved config (with every default filled in)");
  po::variables_map vm;
  if (!parse_command(args, "arbiter validate CONFIG.json [--set path=value ...] [--print]",
                     "Checks CONFIG against its kind's schema (keys, types, ranges, and the kind's own checks)\n"
                     "without running anything. Exit status 0 if valid, 2 if not.",
                     desc, pos, vm))
    return 0;
  if (co.config.empty()) throw UsageError("validate: missing CONFIG.json\nUsage: arbiter validate CONFIG.json");
  read_seed(vm, co);
  const auto cfg = experiments::load_config(co.config, co.overrides, co.seed);
  experiments::check_run_cost(cfg, true);  // a run that cannot fit in memory is refused here too
  experiments::make_experiment(cfg, 1);  // the kind's checks across keys
  if (print) std::cout << cfg.resolved.dump(2) << "\n";
  else std::cout << co.config << ": ok (" << cfg.kind->name << ")\n";
  return 0;
}

}  // namespace arbiter::apps
