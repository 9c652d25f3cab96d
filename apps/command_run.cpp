#include <filesystem>
#include <iostream>
#include <vector>

#include "apps/command_line.hpp"
#include "apps/interrupt.hpp"
#include "apps/progress_bar.hpp"
#include "apps/run_mpi.hpp"
#include "core/atomic_file.hpp"
#include "core/config_error.hpp"
#include "experiments/runner.hpp"

namespace arbiter::apps {
namespace {

// A rank other than 0 under MPI: the same experiment, stepped to its end (its collectives match rank 0's),
// with nothing written or printed. False when interrupted.
bool run_without_output(const experiments::LoadedConfig& cfg, int threads, const std::atomic<bool>* cancel) {
  auto experiment = experiments::make_experiment(cfg, threads, cancel, experiments::kBatchSliceSeconds);
  while (!experiment->done()) {
    if (cancel && cancel->load()) return false;
    experiment->step();
  }
  return !(cancel && cancel->load());
}

int run_once(const Args& args, const RankSession* ranks) {
  const bool root = !ranks || ranks->is_root();
  ConfigOptions co;
  experiments::RunOptions ro;
  std::string out;
  bool quiet = false, yes = false;
  std::string save_agent, load_agent;
  po::options_description desc("Options");
  po::positional_options_description pos;
  add_config_options(desc, pos, co);
  desc.add_options()
    ("out,o", po::value<std::string>(&out), "output folder (default: results/<config name>)")
    ("force,f", po::bool_switch(&ro.force), "overwrite results already in the output folder")
    ("threads,j", po::value<int>(&ro.threads)->default_value(0),
     "worker threads (0 = every core); the numbers out do not depend on it")
    ("save-agent", po::value<std::string>(&save_agent),
     "save the trained agent's parameters to this JSON file when the run finishes (RL kinds)")
    ("load-agent", po::value<std::string>(&load_agent),
     "start from the agent parameters in this JSON file (written by --save-agent)")
    ("quiet,q", po::bool_switch(&quiet), "no progress bar")
    ("yes,y", po::bool_switch(&yes), "run even when the run is estimated to take very long (over 12 h)");
  po::variables_map vm;
  if (!parse_command(args, "arbiter run CONFIG.json [options]",
                     "Validates CONFIG, runs the experiment and writes results.csv and summary.json (and any\n"
                     "other tables the kind produces) into the output folder. Ctrl-C stops cleanly.",
                     desc, pos, vm))
    return 0;
  if (co.config.empty()) throw UsageError("run: missing CONFIG.json\nUsage: arbiter run CONFIG.json [options]");
  read_seed(vm, co);
  check_threads(ro.threads);
  ro.out_dir = out;

  // --save-agent / --load-agent set the kind's save and load keys (absolute paths).
  struct AgentFlag {
    const char* flag;
    std::vector<const char*> keys;
    const std::string& value;
  };
  for (const AgentFlag& a : {AgentFlag{"--save-agent", {"/save_agent", "/output/save_agent"}, save_agent},
                             AgentFlag{"--load-agent", {"/load_agent", "/agent/load"}, load_agent}}) {
    if (a.value.empty()) continue;
    const auto plain = experiments::load_config(co.config, co.overrides, co.seed);
    const char* key = nullptr;
    for (const char* k : a.keys)
      if (!key && plain.kind->schema.find(k)) key = k;
    if (!key) throw UsageError(std::string(a.flag) + ": kind " + plain.kind->name + " has no agent to save or load");
    co.overrides.push_back(std::string(key) + "=" +
                           nlohmann::json(std::filesystem::absolute(a.value).lexically_normal().string()).dump());
  }
  const auto cfg = experiments::load_config(co.config, co.overrides, co.seed);
  // Where the kind will save its agent must be writable before any work is done.
  for (const char* key : {"/save_agent", "/output/save_agent"}) {
    const nlohmann::json::json_pointer ptr(key);
    if (!cfg.resolved.contains(ptr) || !cfg.resolved[ptr].is_string() || cfg.resolved[ptr].get<std::string>().empty())
      continue;
    const std::string file = cfg.resolved[ptr].get<std::string>();
    const std::string problem = core::file_write_problem(file);
    if (!problem.empty())
      throw core::ConfigError((save_agent.empty() ? co.config + ": " + key : std::string("--save-agent")) +
                              ": cannot write " + file + ": " + problem);
  }
  const experiments::RunCost cost = experiments::check_run_cost(cfg, yes);
  if (!root) {
    install_interrupt_handler();
    return run_without_output(cfg, ro.threads, &interrupted()) ? 0 : 130;
  }
  if (cost.seconds > experiments::kNoteRunSeconds)
    std::cerr << "arbiter: note: this run is estimated to take about " << experiments::seconds_text(cost.seconds)
              << " on one core and about " << experiments::bytes_text(cost.bytes) << " of memory\n";
  if (cfg.resolved.contains("sweep"))
    std::cerr << "arbiter: note: " << co.config << " has a sweep block; `run` runs the base config once "
              << "(use `arbiter sweep` to run the sweep)\n";
  ProgressBar bar(cfg.kind->name, !quiet);
  ro.on_progress = [&bar](double f) { bar.update(f); };
  install_interrupt_handler();
  const auto outcome = experiments::run_experiment(cfg, ro, &interrupted());
  bar.finish();
  if (!outcome.completed) {
    if (!ranks) std::cerr << "arbiter: interrupted; no results were written\n";
    return 130;
  }
  if (!outcome.results.report.empty()) std::cout << outcome.results.report << "\n";
  std::cout << "results: " << outcome.out_dir.string() << "/ (results.csv, summary.json";
  for (const auto& [name, table] : outcome.results.tables) std::cout << ", " << name;
  std::cout << ") in " << outcome.wall_seconds << " s\n";
  return 0;
}

}  // namespace

int command_run(const Args& args) {
  const auto ranks = start_rank_session();
  if (!ranks) return run_once(args, nullptr);
  int status = 0;
  std::string message;
  try {
    status = run_once(args, ranks.get());
  } catch (const AnotherRankFailed&) {
    if (interrupted().load()) status = 130;  // this rank's Ctrl-C stopped them all
  } catch (const UsageError& e) {
    status = 2;
    message = std::string("arbiter: ") + e.what() + "\n";
  } catch (const core::InputError& e) {
    status = 2;
    message = std::string("arbiter: ") + e.what() + "\n";
  } catch (const std::exception& e) {
    status = 1;
    message = std::string("arbiter: error: ") + e.what() + "\n";
  }
  if (status == 130) message = "arbiter: interrupted; no results were written\n";
  return ranks->conclude(status, message);
}

}  // namespace arbiter::apps
