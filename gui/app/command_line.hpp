// The command line of arbiter-gui: [CONFIG] [--screenshot FILE.png [--frames N]] [--size WxH].
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
  bool help = false;
};

Options parse_command_line(const std::vector<std::string>& args);
std::string usage();

}  // namespace arbiter::gui
