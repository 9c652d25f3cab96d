// arbiter: the command-line front end. Parses the command, calls experiments, and turns errors into exit
// statuses once, here: 2 for bad usage or config, 1 for a failed run, 130 when interrupted.
#include <iostream>
#include <map>

#include "apps/commands.hpp"
#include "core/config_error.hpp"
#include "experiments/runner.hpp"

namespace {

using arbiter::apps::Args;

struct Command {
  int (*fn)(const Args&);
  const char* summary;
};

const std::map<std::string, Command>& commands() {
  static const std::map<std::string, Command> table = {
      {"run", {arbiter::apps::command_run, "run an experiment from a JSON config"}},
      {"validate", {arbiter::apps::command_validate, "check a config without running it"}},
      {"list", {arbiter::apps::command_list, "list the experiment kinds"}},
      {"describe", {arbiter::apps::command_describe, "show a kind's config keys, types and defaults"}},
      {"sweep", {arbiter::apps::command_sweep, "run a config's parameter sweep on every core (or under MPI)"}},
      {"report", {arbiter::apps::command_report, "print a results folder's summary as a table (CSV, Markdown)"}},
  };
  return table;
}

void print_help() {
  std::cout << "arbiter " << arbiter::experiments::arbiter_version()
            << ": one softmax core, three worlds (reinforcement learning, choice modelling, statistical physics).\n\n"
               "Usage: arbiter COMMAND [options]\n\nCommands:\n";
  for (const auto& [name, c] : commands()) std::cout << "  " << name << std::string(10 - name.size(), ' ') << c.summary << "\n";
  std::cout << "\n`arbiter COMMAND --help` explains a command. Example:\n"
               "  arbiter run configs/quickstart.json --set /temperature=0.5 --out results/hot\n"
               "  arbiter sweep configs/sweeps/softmax_temperature.json && arbiter report results/softmax_temperature\n"
               "Exit status: 0 ok, 1 the run failed (or some runs of a sweep), 2 bad usage or config, 130 interrupted.\n";
}

}  // namespace

int main(int argc, char** argv) {
  Args args(argv + 1, argv + argc);
  try {
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
      print_help();
      return args.empty() ? 2 : 0;
    }
    if (args[0] == "--version") {
      std::cout << "arbiter " << arbiter::experiments::arbiter_version() << "\n";
      return 0;
    }
    const auto it = commands().find(args[0]);
    if (it == commands().end()) throw arbiter::apps::UsageError("unknown command \"" + args[0] + "\"; try `arbiter --help`");
    return it->second.fn(Args(args.begin() + 1, args.end()));
  } catch (const arbiter::apps::UsageError& e) {
    std::cerr << "arbiter: " << e.what() << "\n";
    return 2;
  } catch (const arbiter::core::InputError& e) {
    std::cerr << "arbiter: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "arbiter: error: " << e.what() << "\n";
    return 1;
  }
}
