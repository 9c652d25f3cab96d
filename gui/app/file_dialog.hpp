// The shell's file popups (ImGui has no native file dialog): a path field, and for loading a list of the
// config files found under configs/ to pick from. Load / save config, export CSV, export PNG.
#pragma once
#include <string>
#include <vector>

namespace arbiter::gui {

enum class FileAction { none, load_config, save_config, export_csv, export_png };

class FileDialog {
 public:
  // Opens the popup for `action` with `suggestion` as the path.
  void open(FileAction action, const std::string& suggestion);
  // Draws the popup if open; returns the action confirmed this frame (with path()) or none.
  FileAction draw();
  const std::string& path() const { return path_; }
  // A message shown under the path field (e.g. the error of the last attempt).
  void set_message(std::string message) { message_ = std::move(message); }
  // Closes the popup (at the next draw), after the confirmed action succeeded.
  void close() { close_requested_ = true; }

 private:
  FileAction action_ = FileAction::none;
  bool pending_open_ = false, close_requested_ = false;
  std::string path_, message_;
  std::vector<std::string> configs_;
};

// Every *.json under ./configs and the source tree's configs/ (sorted, at most a few hundred).
std::vector<std::string> list_config_files();

}  // namespace arbiter::gui
