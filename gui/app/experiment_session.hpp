// One live experiment as the GUI sees it: a config (resolved against its kind's schema through the
// experiments runner), the Experiment built from it, and a copy of its latest observables. The session
// never simulates anything itself: it calls Experiment::step() within a time budget. An edited config whose
// changes are all in keys the schema marks live goes to the running experiment (Experiment::apply_live);
// any other change rebuilds it. A config or run error is kept as a message for the GUI to show; the
// previous experiment (if any) stays in place. A rebuild keeps the replaced run's curves as its ghost
// (run_ghost.hpp), for the charts to draw behind the new run's.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <nlohmann/json.hpp>
#include "experiments/config_loader.hpp"
#include "experiments/experiment.hpp"
#include "gui/app/run_ghost.hpp"

namespace arbiter::gui {

class ExperimentSession {
 public:
  // Resolves `config` (kind, seed, parameters; defaults are filled in) and builds a fresh experiment.
  // Returns false, keeping the previous experiment, if the config is invalid or the kind refuses it.
  bool configure(const nlohmann::json& config, const std::string& file = "(gui)", const std::string& dir = ".");
  // Rebuilds the experiment from the current config (a reset). Returns false on failure.
  bool rebuild();
  // What change() did with an edited config.
  enum class Change {
    none,     // the config resolved to the current one: nothing to do
    live,     // only live keys changed and the experiment took them in place (generation and steps go on)
    rebuilt,  // a key that is not live changed, or the experiment declined the live change: a fresh experiment
    failed    // the config does not resolve or the kind refuses it: error() says why, the old experiment stays
  };
  // Applies an edited config (a control change) to the running experiment, live where the schema allows.
  Change change(const nlohmann::json& config);
  // Calls step() until `max_steps` steps were done, the next step would likely end past `budget_ms`
  // milliseconds (by the running average of one step's time; the first step always runs), the experiment
  // is done, or it stands at its stop point (stop_at). Returns the number of steps done; a failed step
  // records the error and returns early.
  int advance(int max_steps, double budget_ms);
  // A pause point in the run's own count (Experiment::stop_at: the bandit's time steps, the episodes of
  // every run); 0 lifts it. True when the experiment stops its slices exactly there; false when its kind
  // cannot (the caller then pauses at the first slice that reaches it). A rebuild lifts it.
  bool stop_at(long long count);
  // True when the experiment took a stop point and step() has reached it (it does no more work until the
  // point is lifted or raised).
  bool at_stop() const { return at_stop_; }
  // The curves of the run replaced by the last rebuild (or the one before, when that one did no work).
  const RunGhost& ghost() const { return ghost_; }
  // Drops the ghost (another config was opened: its curves are no "before" of this one).
  void forget_ghost() { ghost_.clear(); }

  bool ready() const { return experiment_ != nullptr; }
  // Counts the experiments built so far (changes whenever a new experiment replaces the old one).
  std::uint64_t generation() const { return generation_; }
  bool done() const;
  double progress() const;
  long long steps() const { return steps_; }
  // The latest observables (refreshed after every advance and rebuild).
  const experiments::Observables& observables() const { return observables_; }
  // The resolved config: written out, `arbiter run` reproduces this experiment exactly.
  const nlohmann::json& config() const { return loaded_.resolved; }
  const experiments::ExperimentKind* kind() const { return loaded_.kind; }
  const std::string& file() const { return loaded_.file; }
  const std::string& config_dir() const { return loaded_.config_dir; }
  std::uint64_t seed() const { return loaded_.seed; }
  // The last config or run error ("" when the last operation succeeded).
  const std::string& error() const { return error_; }
  bool run_failed() const { return run_failed_; }

  // The experiment's results so far as tidy CSV (Experiment::finish on a copy-free partial result).
  std::string results_csv();

  // True once a live change was made since the experiment was built.
  bool live_changed() const { return live_changed_; }
  // Re-reads the observables (after a live change).
  void refresh_observables() { if (experiment_) refresh(); }

 private:
  void refresh();

  experiments::LoadedConfig loaded_;
  std::unique_ptr<experiments::Experiment> experiment_;
  experiments::Observables observables_;
  std::string error_;
  long long steps_ = 0;
  double step_ms_ = 0.0;  // running average of one step()'s wall time (0 before the first)
  bool run_failed_ = false;
  bool live_changed_ = false;
  std::uint64_t generation_ = 0;
  long long stop_at_ = 0;  // the stop point the experiment took (0: none)
  bool at_stop_ = false;
  RunGhost ghost_;
};

}  // namespace arbiter::gui
