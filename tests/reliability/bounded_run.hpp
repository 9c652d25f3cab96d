// One config run in this process the way `arbiter run` would run it, within bounds: parsed from its text
// (depth and duplicate-key checks included), resolved, checked against its cost estimate, built, stepped
// until done or until `run_seconds` pass (then stopped as on Ctrl-C), finished and checked for numbers that
// are not finite. A single call (make, step, finish, destruction) that takes longer than `hang_seconds`
// is a hang: the process prints the case and exits (a watchdog thread), as does a crash (signal handler).
#pragma once
#include <string>
#include <nlohmann/json.hpp>

namespace arbiter::fuzz {

struct RunBounds {
  double run_seconds = 0.5;   // stepping stops after this (the run counts as cut short, not as a failure)
  double hang_seconds = 20.0; // one call taking longer is a hang
};

struct RunOutcome {
  enum class Kind {
    refused,     // core::InputError: the CLI exits 2 with this message
    failed,      // core::RunError from the run (exit 1): a run that failed, with its message
    completed,   // ran to its end, finite results
    cut_short,   // still running at run_seconds
    defect       // anything else: a non-finite result, another exception type, a refusal naming no place
  };
  Kind kind = Kind::defect;
  std::string message;
};

// The scale the bounds take in this build (about 5 under the address sanitizer, 1 otherwise).
double build_slowness();
// How much longer one call of tight numeric code takes in this build (a sanitizer build: up to about 20x): the
// factor of the hang bound, so a call the optimised build finishes well within it is not called a hang here.
double call_slowness();

// Runs `text` as the config file `file` (relative data paths are read from `config_dir`); `label` names the
// case in hang and crash reports.
RunOutcome bounded_run(const std::string& text, const std::string& file, const std::string& config_dir,
                       const RunBounds& bounds, const std::string& label);

// Limits this process's memory (where the build allows it) so that an allocation too large for the
// machine throws std::bad_alloc instead of bringing in the kernel's OOM killer.
void limit_memory(double gigabytes);

}  // namespace arbiter::fuzz
