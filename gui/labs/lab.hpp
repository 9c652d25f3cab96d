// A lab: one tab of arbiter-gui. A lab holds an ExperimentSession (a config and the Experiment built from
// it through the experiments registry), advances it within a per-frame time budget ("step within a
// budget") and draws its controls (left panel) and views (right panel). The base class gives the generic
// behaviour: schema-driven controls and a layout of every observable. Labs register themselves with
// RegisterLab in their own file; adding a lab is adding one file in gui/labs/.
#pragma once
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>
#include <nlohmann/json.hpp>
#include "gui/app/experiment_session.hpp"
#include "gui/labs/pause_point.hpp"
#include "gui/labs/presets.hpp"
#include "gui/labs/edit_history.hpp"
#include "gui/labs/teaching_pace.hpp"
#include "gui/plot/heatmap.hpp"
#include "gui/plot/unit.hpp"
#include "gui/widgets/schema_controls.hpp"

namespace arbiter::gui {

// A card: a number and what it is measured in (a unit, or explicitly a count, a probability, a ratio); the
// card shows the unit's symbol after the value (money to the cent) and nothing for a unitless one.
struct Card {
  experiments::Number number;
  plot::Unit unit;
};

class Lab {
 public:
  // `kinds`: the experiment kinds this lab shows (the first one registered is its default); empty: any.
  // `preset`: file name of its classroom preset in configs/classroom/ (used as the starting config).
  Lab(std::string title, std::vector<std::string> kinds, std::string preset);
  virtual ~Lab() = default;
  Lab(const Lab&) = delete;
  Lab& operator=(const Lab&) = delete;

  const std::string& title() const { return title_; }
  bool shows_kind(const std::string& kind) const;
  // True when an opened config belongs in this lab (its kind is one the lab shows; a lab may be pickier).
  virtual bool shows_config(const nlohmann::json& config) const;
  ExperimentSession& session() { return session_; }
  const ExperimentSession& session() const { return session_; }

  // Loads the starting config (the preset if found, else the default kind's schema defaults).
  void start();
  // Replaces the config (a loaded file, a new seed); the draft controls follow. False on error.
  bool load(const nlohmann::json& config, const std::string& file, const std::string& dir);
  void set_seed(std::uint64_t seed);
  // Restart the run: the experiment rebuilt from the current config (edits kept, results so far gone).
  void reset();
  // Back to the preset: the config as it was loaded (edits and results gone). False if nothing was loaded.
  bool back_to_preset();
  // Undo the last control change (a slider drag counts as one change), and redo what undo took back, up to
  // EditHistory::kDepth changes; a new change clears the redo. False if there is none.
  bool undo();
  bool redo();
  bool can_undo() const { return history_.can_undo(); }
  bool can_redo() const { return history_.can_redo(); }
  // Sets one value of the config at a JSON pointer as a control change (a key nudging the main control):
  // live where the schema allows, undone by undo(). False (the session's error says why) if it fails.
  bool set_value(const std::string& pointer, const nlohmann::json& value);

  // Step within a budget: advances the experiment by up to `max_steps` steps within `budget_ms`.
  virtual int step_within(int max_steps, double budget_ms);
  // One frame of play at `speed` steps per frame (below 1: one step every 1/speed frames), or, at a teaching
  // pace, the steps due for `seconds` of wall time (machine-independent; see Pace). Stops AT the pause
  // point (set_pause_at) and pauses there (playing false).
  int play_frame(double budget_ms, double seconds = 0.0);

  // The run's count in the lab's own unit, as its cards show it, and the unit's name: the observables'
  // number "episodes" (episode) or "step" (step). None: the lab has no "pause at".
  struct RunCount {
    long long value = 0;
    std::string unit;
  };
  virtual std::optional<RunCount> run_count() const;
  // Pause at (the toolbar's field), in run_count()'s unit; 0: no pause. A point the run has passed waits
  // for the next run.
  void set_pause_at(long long at);
  long long pause_at() const { return pause_.at(); }
  // While the run stands paused at the point: "paused at episode 300: Space to go on"; otherwise "".
  std::string pause_text() const;
  // The previous run's plot `id` for a chart to draw as its ghost (LineOptions::ghost); nullptr when there
  // is none or View > Ghost of the previous run is off.
  const experiments::Plot* ghost_plot(const std::string& id) const;
  // The config File > Save writes (default: the session's config) and a note shown after saving.
  virtual nlohmann::json config_to_save() const;
  virtual std::string save_note() const;
  // Draw: the left panel (controls) and the right panel (views).
  virtual void draw_controls();
  virtual void draw_views();
  // What the toolbar's progress bar says instead of "running 40%" ("" for that default).
  virtual std::string progress_label() const { return {}; }
  // False for a run that never ends (a live lattice): its status-bar count then gives no share of the run done.
  virtual bool run_has_end() const { return true; }
  // True for labs whose whole experiment is cheap: every control change rebuilds and recomputes it.
  virtual bool recompute_on_change() const { return false; }
  // One line on what the views show now, for a class ("T = 0.5: the softmax puts p = 0.91 on a"); "" if
  // the lab has none.
  virtual std::string state_text() const { return {}; }

  // The teaching pace (teaching_pace.hpp); per_frame: `speed` steps per frame.
  using Pace = gui::Pace;
  bool playing = false;
  float speed = 1.0f;  // steps per frame while playing at Pace::per_frame (the toolbar's speed control)
  Pace pace = Pace::per_frame;

 protected:
  // Applies a control edit: when due, the draft goes to the session, which hands a change of live keys to
  // the running experiment and rebuilds it for any other.
  void apply(ControlEdit edit);
  // The generic controls for every schema parameter (minus `skip`).
  void draw_schema_controls(const std::set<std::string>& skip = {});
  // The config error (if any) in red, with the draft left for the user to fix.
  void draw_error();
  // Every observable: numbers on top, then grids, bars and plots in a grid of panels.
  void draw_observables(const experiments::Observables& obs);
  // The numbers of an observables set as a compact table (`columns` label/value pairs per row).
  void draw_numbers(const experiments::Observables& obs, int columns);
  // Numbers as a row of cards (label small, value large, then the card's unit), all of the same width.
  void draw_number_cards(const std::vector<Card>& cards);
  // The config's "description" (if any), wrapped, in the muted text colour.
  void draw_description();

  nlohmann::json draft_;  // the config being edited (applied to the session on commit)
  EditHistory history_;                        // the control changes, for undo and redo
  bool in_edit_ = false;                       // a change (e.g. a slider drag) is under way
  plot::GridTextures textures_;
  double pending_steps_ = 0.0;  // fractional steps carried between frames
  PaceClock pace_clock_;        // the steps a teaching pace owes (teaching_pace.hpp)

 private:
  // Applies an undone or redone config (nullopt: nothing to do, false).
  bool go_to(const std::optional<nlohmann::json>& config);
  std::string title_;
  std::vector<std::string> kinds_;
  std::string preset_;
  ExperimentSession session_;
  // The frame's steps (play_frame without the pause point).
  int frame_steps(double budget_ms, double seconds);

  PausePoint pause_;
  std::uint64_t pause_generation_ = 0;  // the run the pause point last saw (a new run pauses there again)
  long long paused_count_ = -1;         // the count the run paused at (pause_text)
  nlohmann::json loaded_config_;  // the config as last loaded (back_to_preset), with its file and folder
  std::string loaded_file_, loaded_dir_;
};

// Observables by id (nullptr if absent).
const experiments::Plot* find_plot(const experiments::Observables& obs, const std::string& id);
const experiments::Bars* find_bars(const experiments::Observables& obs, const std::string& id);
const experiments::Grid* find_grid(const experiments::Observables& obs, const std::string& id);
const experiments::Number* find_number(const experiments::Observables& obs, const std::string& id);
// The unit a number's experiment declares for it, or `otherwise` when it declares none.
plot::Unit declared_unit(const experiments::Number& number, const plot::Unit& otherwise);
// A number's display text by id ("" if absent).
std::string number_text(const experiments::Observables& obs, const std::string& id);
// How a card or table shows a number: its text, but money (a unit "money", "money per ...") to the cent
// (5394.98, not 5394.9767).
std::string display_text(const experiments::Number& number);

// A control group's heading: a gap, the text, a rule.
void control_heading(const char* text);
// True when a radio button labelled `label` still fits on the current line after SameLine.
bool fits_on_line(const char* label);


// The list of labs, in tab order. A lab type whose kinds are not registered makes no tab.
struct LabType {
  std::string title;
  int order = 100;
  std::function<std::unique_ptr<Lab>()> make;  // may return nullptr (its kinds are not registered)
};
std::vector<LabType>& lab_types();
struct RegisterLab {
  explicit RegisterLab(LabType type);
};
// True when an experiment kind of this name is registered.
bool kind_registered(const std::string& name);

}  // namespace arbiter::gui
