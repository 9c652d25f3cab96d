// The key queue: a GLFW key callback that records presses and chains to Dear ImGui's.
#include "gui/app/key_queue.hpp"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>

namespace arbiter::gui {

namespace {
std::vector<KeyPress>& queue() {
  static std::vector<KeyPress> presses;
  return presses;
}

void on_key(GLFWwindow* window, int key, int scancode, int action, int mods) {
  if ((action == GLFW_PRESS || action == GLFW_REPEAT) && queue().size() < 256)
    queue().push_back({key, mods, action == GLFW_REPEAT});
  ImGui_ImplGlfw_KeyCallback(window, key, scancode, action, mods);
}
}  // namespace

void install_key_queue(GLFWwindow* window) { glfwSetKeyCallback(window, on_key); }

std::vector<KeyPress> take_key_presses() {
  std::vector<KeyPress> out;
  out.swap(queue());
  return out;
}

}  // namespace arbiter::gui
