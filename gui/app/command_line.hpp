// The command line of arbiter-gui: [CONFIG] [--screenshot FILE.png [--frames N]] [--size WxH] [--speed S]
// [--presentation] [--class] [--check-layout] [--save-config FILE.json] [--export-csv FILE.csv]
// [--script "FRAME ACTION [ARG]; ..."] [--state TEXT] [--save-state FILE] [--exit-when-done] [--high-contrast].
// parse_command_line throws core::ConfigError (exit status 2) on a malformed command line.
#pragma once
#include <string>
#include <vector>

namespace arbiter::gui {

struct Options {
  std::string config;      // a config JSON to open (optional)
  std::string screenshot;  // write the window as PNG after `frames` frames and exit
  int frames = 60;
  int width = 1280, height = 800;
  double speed = 0.0;         // steps per frame for the opened lab (0: the lab's default)
  bool presentation = false;  // start in presentation mode (large fonts)
  bool class_mode = false;    // start in class mode (engineering controls hidden, the lesson's prompts shown)
  bool check_layout = false;  // with --screenshot: report clipped text and covered data, exit 1 if any
  std::string save_config;    // with --screenshot: also save the lab's config (File > Save config) at the end
  std::string export_csv;     // with --screenshot: also export the lab's data (File > Export CSV) at the end
  std::string script;         // with --screenshot: scripted input (scripted_input.hpp), checked when parsed
  std::string state;          // a state text to open (state_text.hpp; instead of CONFIG)
  std::string save_state;     // with --screenshot: also write the state text (File > Copy state) at the end
  bool exit_when_done = false;  // quit when the opened lab's run ends, printing its wall time (first step to end)
  bool high_contrast = false;   // start with View > High contrast
  bool help = false;
};

Options parse_command_line(const std::vector<std::string>& args);
std::string usage();

}  // namespace arbiter::gui
