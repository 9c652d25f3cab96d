// Scripted input for tests (`arbiter-gui --script "FRAME ACTION [ARG]; ..."` with --screenshot): at the given
// frame (1 = the first drawn) press a key (`key r`, `key escape`, `key space`, `key pagedown`), click a button
// the GUI has named as a target (`click Cancel`; the mouse goes down that frame and up the next), write the
// window as a PNG (`shot FILE.png`), type a count into the toolbar's "pause at" (`pause-at 300`; 0 clears it)
// or print what a test asserts (`print`: the open modal, the C(T) points at stake and the series drawn; the
// lab's count, whether it plays, and the ghost's plots).
// parse_script throws core::ConfigError (exit status 2) on a malformed script.
#pragma once
#include <string>
#include <vector>

namespace arbiter::gui {

struct ScriptStep {
  int frame = 0;
  std::string action;  // key, click, shot, pause-at, print
  std::string arg;
};

std::vector<ScriptStep> parse_script(const std::string& text);
// The GLFW key code for a script's key name (a to z, space, escape, enter, pagedown), or -1.
int script_key(const std::string& name);

// Buttons a script may click: call right after drawing one (ImGui::Button) with its label; the rectangle of
// the latest frame it was drawn in is kept. Costs a map update per named button.
void note_target(const std::string& label);
// The centre of the named target, false when it has never been drawn.
bool target_centre(const std::string& label, float& x, float& y);

}  // namespace arbiter::gui
