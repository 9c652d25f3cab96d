// Key presses queued as GLFW delivers them, between two frames. Dear ImGui 1.86 keeps only whether a key is
// down at the start of a frame, so a tap shorter than a frame (pressed and released between two frames)
// was lost; the shell's shortcuts read this queue instead. Install after ImGui_ImplGlfw_InitForOpenGL
// (install_callbacks = true): the queue's callback passes every event on to Dear ImGui's.
#pragma once
#include <vector>

struct GLFWwindow;

namespace arbiter::gui {

struct KeyPress {
  int key = 0;   // GLFW_KEY_...
  int mods = 0;  // GLFW_MOD_... at the press
  bool repeat = false;
};

void install_key_queue(GLFWwindow* window);
// The presses since the last call, in order.
std::vector<KeyPress> take_key_presses();

}  // namespace arbiter::gui
