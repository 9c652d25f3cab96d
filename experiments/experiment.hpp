// The Experiment contract shared by the CLI and the live GUI. An experiment is built by its kind from a
// resolved (validated, defaults filled) config; it advances in bounded slices (`step` does a small amount
// of work and returns, a few milliseconds at most on one core, or about RunContext::slice_seconds in batch
// runs), exposes its current observables for live drawing, and `finish` produces its results. The CLI loops step() until done() with a progress bar; the
// GUI calls step() within a per-frame time budget. The same config and seed give the same numbers in both.
#pragma once
#include <atomic>
#include <cmath>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>
#include <nlohmann/json.hpp>
#include "core/table.hpp"

namespace arbiter::experiments {

// What the runner gives an experiment besides its config.
struct RunContext {
  std::uint64_t seed = 0;       // master seed: run r draws from core::RandomStream(seed, r)
  int threads = 0;              // worker threads for independent runs (<= 0: every core)
  const std::atomic<bool>* cancel = nullptr;  // set on Ctrl-C; long slices should stop early
  std::string config_dir;       // folder of the config file (relative data paths are read from here)
  std::string config_file;      // the config file itself (for messages about it; may be empty)
  // 0: a live view is watching (the GUI), slices stay at a few ms. > 0: a batch run (the CLI, sweeps,
  // benches), slices may take about this long, so slice-based kinds can batch their work; never changes
  // the numbers.
  double slice_seconds = 0.0;
};

// The slice length batch runs ask for: long enough to amortise per-slice work, short enough for Ctrl-C and
// the progress bar.
inline constexpr double kBatchSliceSeconds = 0.1;

// ---- Observables: what a live view draws. Plain data, copied out of the experiment. ----
struct Series {
  std::string name;
  std::vector<double> x, y;
  std::vector<double> y_err;  // optional half-widths (error bars / CI band), empty if none
};
struct Plot {
  std::string id, title, x_label, y_label;
  std::vector<Series> series;
  bool log_x = false, log_y = false;
  std::vector<double> x_markers;  // vertical reference lines (e.g. T_c, the current temperature)
};
struct BarGroup {
  std::string name;           // e.g. "softmax", "agent 1"
  std::vector<double> values; // one per label
};
struct Bars {
  std::string id, title;
  std::vector<std::string> labels;
  std::vector<BarGroup> groups;
  double y_max = 0.0;          // 0: automatic
};
struct Grid {
  std::string id, title;
  int rows = 0, cols = 0;
  std::vector<float> values;   // row-major, rows * cols
  float lo = 0.0f, hi = 1.0f;  // colour scale
  // How the colours read, chosen by the kind and kept for a run: sequential for a non-negative quantity,
  // diverging (centred on 0) for a signed one; automatic: decided once, from the first scale shown with
  // lo < hi (diverging when it straddles 0), as before. `unit` labels the colour bar.
  enum class Scale { automatic, sequential, diverging };
  Scale scale = Scale::automatic;
  std::string unit = {};
};
// A headline number: labs and tests find it by `id` (stable, snake_case: "temperature", "t_c",
// "share.bus"), people read `label` and `text`; `value` is the number itself (NaN when only the text has
// meaning, e.g. "100 / 1000"), `unit` what it is measured in ("" for a pure number).
struct Number {
  std::string id, label;
  double value = std::nan("");
  std::string text, unit;

  Number() = default;
  Number(std::string id_, std::string label_, double value_, std::string text_, std::string unit_ = {})
      : id(std::move(id_)), label(std::move(label_)), value(value_), text(std::move(text_)), unit(std::move(unit_)) {}
};
struct Observables {
  std::vector<Plot> plots;
  std::vector<Bars> bars;
  std::vector<Grid> grids;
  std::vector<Number> numbers;
};

// ---- Results: what `finish` produces and the runner writes. ----
struct Results {
  core::Table results;                          // -> results.csv (tidy)
  std::map<std::string, core::Table> tables;    // extra files, e.g. "estimates.csv"
  nlohmann::json summary = nlohmann::json::object();  // headline figures -> summary.json["results"]
  std::string report;                           // printed to stdout after the run (may be empty)
};

// What a run will cost, estimated by its kind from the resolved config before any work is done (a kind may
// declare ExperimentKind::cost). Rough (within a factor of a few) but never an underestimate by orders.
struct RunCost {
  double bytes = 0.0;    // peak memory the run's own data needs, in bytes
  double seconds = 0.0;  // wall time on one core, in seconds (0: not estimated)
  std::string keys;      // the config keys the cost grows with, for messages: "/runs, /steps"
};

class Experiment {
 public:
  virtual ~Experiment() = default;
  // Does one bounded slice of work. Calling step() when done() is a no-op.
  virtual void step() = 0;
  virtual bool done() const = 0;
  // Fraction of the work done, in [0, 1].
  virtual double progress() const = 0;
  virtual Observables observables() const = 0;
  // A change while running: `config` is the resolved config with only keys its schema marks live changed.
  // Returns true when the experiment took the change in place (it goes on from where it is with the new
  // values), false when it cannot (the caller rebuilds it from the new config). Throws nothing for a
  // config that resolved.
  virtual bool apply_live(const nlohmann::json& config) {
    (void)config;
    return false;
  }
  // A pause point for a live view: step() does no work past `count` of the run's own units (the ones
  // progress() measures: the bandit's time steps, every run's episodes), so a view can stop exactly there;
  // 0 lifts it. Returns true when the kind takes it, false (the default) when it cannot stop mid-slice.
  // Never changes the numbers (a slice's length does not).
  virtual bool stop_at(std::int64_t count) {
    (void)count;
    return false;
  }
  // Called once done() is true (or earlier, for a partial result in the GUI's export).
  virtual Results finish() = 0;
};

}  // namespace arbiter::experiments
