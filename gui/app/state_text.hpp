// A shared state (File > Copy state / Paste state, arbiter-gui --state TEXT): one line of JSON, the config as
// File > Save config writes it (kind, every key, the seed) plus {"gui": {"lesson", "prompt", "tab"}}, where
// the lecturer is. `arbiter run` takes the text saved to a file as a config (the loader checks "gui" and the
// run ignores it). parse_state_text throws core::ConfigError (exit status 2) on text that is not such a state.
#pragma once
#include <string>
#include <nlohmann/json.hpp>

namespace arbiter::gui {

struct SharedState {
  nlohmann::json config;  // the experiment's config, without "gui"
  std::string lesson;     // the lesson's preset file name in configs/classroom/ ("" when not in a lesson)
  int prompt = 0;         // the lesson prompt shown (0-based)
  std::string tab;        // the lab's tab title ("" lets the config's kind choose)
  bool high_contrast = false;  // View > High contrast was on (written only when true; pasting turns it on)
};

// The state as one line of text (no newline): the config's keys in sorted order, numbers as JSON writes them
// exactly (the same doubles read back).
std::string state_text(const SharedState& state);
// Reads a state text (spaces and newlines around it are allowed): JSON, a config the kind accepts (as
// `arbiter run` checks it), a "gui" object whose lesson is a known lesson (the shell checks the tab).
SharedState parse_state_text(const std::string& text);
// The folder the state's config is resolved against: its lesson preset's folder, else ".".
std::string state_config_dir(const SharedState& state);
// The config with its data files named so that the state runs from anywhere (File > Copy state): when `from`
// (the folder the config was read from) is not `to` (state_config_dir), every string that names a file
// relative to `from` (a "data" CSV, calibration "logits") becomes its absolute path. Other strings stay.
nlohmann::json with_data_paths(const nlohmann::json& config, const std::string& from, const std::string& to);

}  // namespace arbiter::gui
