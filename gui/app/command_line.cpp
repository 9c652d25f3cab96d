// Command-line parsing for arbiter-gui.
#include "gui/app/command_line.hpp"

#include <charconv>
#include <cstdlib>
#include "core/config_error.hpp"
#include "gui/app/scripted_input.hpp"

namespace arbiter::gui {

namespace {
int parse_int(const std::string& text, const std::string& option, int lo, int hi) {
  int v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v < lo || v > hi)
    throw core::ConfigError("", option, "an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]",
                            "\"" + text + "\"");
  return v;
}
}  // namespace

std::string usage() {
  return "usage: arbiter-gui [CONFIG.json] [--screenshot FILE.png [--frames N]] [--size WxH]\n"
         "  CONFIG.json        open this experiment config (its lab's tab is selected and starts playing)\n"
         "  --screenshot FILE  run N frames (default 60), write the window as a PNG, print frame times, exit\n"
         "  --frames N         number of frames before the screenshot\n"
         "  --size WxH         window size in pixels (default 1280x800)\n"
         "  --speed S          steps per frame for the opened lab (1/16 to 1000; default: the lab's own)\n"
         "  --presentation     start in presentation mode (large fonts, as F11)\n"
         "  --class            start in class mode (as F9)\n"
         "  --check-layout     with --screenshot: list text that did not fit and legends over data; exit 1 if any\n"
         "  --save-config FILE with --screenshot: at the end also save the lab's config as File > Save does\n"
         "  --export-csv FILE  with --screenshot: at the end also export the lab's data as File > Export CSV\n"
         "  --script TEXT      with --screenshot: \"FRAME ACTION [ARG]; ...\", ACTION one of key NAME (a-z, space,\n"
         "                     escape, enter, pagedown), click LABEL (a button the GUI names, e.g. Cancel), shot\n"
         "                     FILE.png, pause-at N (the toolbar's pause at), print (the open modal, the C(T)\n"
         "                     points a reset would wipe, the series drawn, the lab's count and the ghost, on\n"
         "                     stderr)\n"
         "  --state TEXT       open a shared state (File > Copy state: one line of JSON) instead of a CONFIG\n"
         "  --save-state FILE  with --screenshot: at the end also write the state text as File > Copy state\n"
         "  --high-contrast    start with View > High contrast (light text on a dark background)\n"
         "  --exit-when-done   quit when the opened run ends (exit 1 if it failed), printing on stdout the wall\n"
         "                     time from its first step to its end (a check of the teaching pace)\n"
         "Keys: space play/pause, s single step, r restart the run, b back to the preset, Ctrl+Z undo, Ctrl+Y redo, F9 class\n"
         "mode (v reveals what its lesson hides until the class has guessed), F11 presentation mode, PageDown /\n"
         "PageUp next / previous prompt, n / p next / previous lesson, Ctrl+1 ... Ctrl+9 the tabs, [ / ] (or\n"
         "left / right) nudge the lab's main control one step (Shift: ten; the first live number of its schema,\n"
         "e.g. T), Tab then arrows move between controls (Escape leaves them), click a legend entry to hide its\n"
         "series, double-click a chart to fill the views, Ctrl+Shift+V paste a state, g the ghost of the previous\n"
         "run (its curves drawn pale behind the new run's) on / off, F1 help. The toolbar's \"pause at\" pauses\n"
         "the run at that episode (time step): Space goes on.\n";
}

Options parse_command_line(const std::vector<std::string>& args) {
  Options o;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](const std::string& option) -> std::string {
      if (i + 1 >= args.size()) throw core::ConfigError("", option, "a value after " + option, "nothing");
      return args[++i];
    };
    if (a == "--help" || a == "-h") {
      o.help = true;
    } else if (a == "--screenshot") {
      o.screenshot = value(a);
    } else if (a == "--frames") {
      o.frames = parse_int(value(a), a, 1, 1000000);
    } else if (a == "--speed") {
      const std::string v = value(a);
      char* end = nullptr;
      o.speed = std::strtod(v.c_str(), &end);
      if (end != v.c_str() + v.size() || !(o.speed >= 1.0 / 16.0 && o.speed <= 1000.0))
        throw core::ConfigError("", a, "a number of steps per frame in [0.0625, 1000]", "\"" + v + "\"");
    } else if (a == "--presentation") {
      o.presentation = true;
    } else if (a == "--class") {
      o.class_mode = true;
    } else if (a == "--high-contrast") {
      o.high_contrast = true;
    } else if (a == "--exit-when-done") {
      o.exit_when_done = true;
    } else if (a == "--check-layout") {
      o.check_layout = true;
    } else if (a == "--save-config") {
      o.save_config = value(a);
    } else if (a == "--export-csv") {
      o.export_csv = value(a);
    } else if (a == "--script") {
      o.script = value(a);
      parse_script(o.script);
    } else if (a == "--state") {
      o.state = value(a);
      if (o.state.find_first_not_of(" \t\r\n") == std::string::npos)
        throw core::ConfigError("", a, "a state text (File > Copy state)", "nothing");
    } else if (a == "--save-state") {
      o.save_state = value(a);
    } else if (a == "--size") {
      const std::string s = value(a);
      const auto x = s.find('x');
      if (x == std::string::npos) throw core::ConfigError("", a, "WxH, e.g. 1280x800", "\"" + s + "\"");
      o.width = parse_int(s.substr(0, x), a, 200, 8192);
      o.height = parse_int(s.substr(x + 1), a, 150, 8192);
    } else if (!a.empty() && a[0] == '-') {
      throw core::ConfigError("unknown option " + a + "\n" + usage());
    } else if (o.config.empty()) {
      o.config = a;
    } else {
      throw core::ConfigError("only one CONFIG may be given (got \"" + o.config + "\" and \"" + a + "\")");
    }
  }
  if ((!o.save_config.empty() || !o.export_csv.empty() || !o.save_state.empty()) && o.screenshot.empty())
    throw core::ConfigError("--save-config, --export-csv and --save-state go with --screenshot (the GUI's menus do it "
                            "otherwise)");
  if (!o.state.empty() && !o.config.empty())
    throw core::ConfigError("give a CONFIG or --state, not both (a state text holds its config)");
  if (!o.script.empty() && o.screenshot.empty()) throw core::ConfigError("--script goes with --screenshot");
  if (o.check_layout && o.screenshot.empty()) throw core::ConfigError("--check-layout goes with --screenshot");
  return o;
}

}  // namespace arbiter::gui
