// The `arbiter` subcommands. Each takes the arguments after its name and returns the exit status; errors
// are thrown (ConfigError -> 2, anything else -> 1) and turned into a status once, in main.
#pragma once
#include <string>
#include <vector>

namespace arbiter::apps {

using Args = std::vector<std::string>;

int command_run(const Args& args);
int command_validate(const Args& args);
int command_list(const Args& args);
int command_describe(const Args& args);
int command_sweep(const Args& args);
int command_report(const Args& args);

// Thrown for bad command-line usage (exit status 2); the message is printed with a hint to --help.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace arbiter::apps
