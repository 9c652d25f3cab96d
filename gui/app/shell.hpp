// The arbiter-gui shell (after Box2D's samples app): one window with a tab per lab, and, once for every
// lab, play / pause / single step / restart, the pace (slow / normal / fast, or steps per frame) and
// per-frame time budget, the seed, undo and back-to-preset, loading and saving configs, CSV and PNG export,
// the lessons (menu, band with prompts and state line, next / previous), presentation and class mode, the
// help window and the status bar.
// run_gui returns the process exit status: 0, 1 (a screenshot could not be written), 2 (bad command-line
// config, or no display).
#pragma once
#include "gui/app/command_line.hpp"

namespace arbiter::gui {

int run_gui(const Options& options);

}  // namespace arbiter::gui
