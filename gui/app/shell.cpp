// The shell: GLFW window and ImGui set-up, the frame loop (step the active lab within the budget, draw,
// render, optional capture), the shared toolbar, menus, shortcuts, help window and status bar.
#include "gui/app/shell.hpp"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <GL/gl.h>
#include <imgui.h>
#include <imgui_internal.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cfloat>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/config_error.hpp"
#include "experiments/config_loader.hpp"
#include "gui/app/file_dialog.hpp"
#include "gui/app/frame_stats.hpp"
#include "gui/app/key_queue.hpp"
#include "gui/app/lessons.hpp"
#include "gui/app/png_capture.hpp"
#include "gui/app/run_count.hpp"
#include "gui/app/scripted_input.hpp"
#include "gui/app/state_text.hpp"
#include "gui/app/tab_keys.hpp"
#include "gui/labs/lab.hpp"
#include "gui/labs/restart_guard.hpp"
#include "gui/widgets/class_controls.hpp"
#include "gui/plot/layout_report.hpp"
#include "gui/plot/panel_focus.hpp"
#include "gui/plot/reveal.hpp"
#include "gui/plot/theme.hpp"
#include "gui/widgets/slider_nudge.hpp"

namespace arbiter::gui {

namespace fs = std::filesystem;
using nlohmann::json;
using clock_type = std::chrono::steady_clock;

namespace {

std::string glfw_error_text;
void on_glfw_error(int code, const char* description) {
  glfw_error_text = "GLFW error " + std::to_string(code) + ": " + (description ? description : "");
}

double ms_since(clock_type::time_point t) {
  return std::chrono::duration<double, std::milli>(clock_type::now() - t).count();
}

// CPU time of the whole process (every thread) in milliseconds.
double process_cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) * 1e-6;
}

// imgui.ini under $XDG_CONFIG_HOME/arbiter (or ~/.config/arbiter); "" if neither is known.
std::string ini_path() {
  fs::path dir;
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg)
    dir = fs::path(xdg) / "arbiter";
  else if (const char* home = std::getenv("HOME"); home && *home)
    dir = fs::path(home) / ".config" / "arbiter";
  else
    return {};
  std::error_code ec;
  fs::create_directories(dir, ec);
  return ec ? std::string() : (dir / "imgui.ini").string();
}

const char* find_font() {
  for (const char* f : {"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                        "/usr/share/fonts/TTF/DejaVuSans.ttf", "/usr/share/fonts/dejavu/DejaVuSans.ttf"}) {
    std::error_code ec;
    if (fs::is_regular_file(f, ec)) return f;
  }
  return nullptr;
}

std::string safe_name(std::string s) {
  for (char& c : s)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '-';
  return s;
}

class Shell {
 public:
  Shell(const Options& options, GLFWwindow* window) : options_(options), window_(window) {}
  int run(const json* config, const std::string& config_file, const SharedState* state = nullptr);

 private:
  void setup_fonts_and_style();
  void apply_presentation_mode();
  // The light theme or the high-contrast one (View menu): the widgets' colours and the charts' (plot/theme.hpp).
  void set_high_contrast(bool on);
  void handle_shortcuts();
  // [ and ] (and the left / right arrows while no control has the keyboard highlight) nudge the lab's main
  // control one step (slider_nudge.hpp), Shift ten.
  void nudge_main_control(Lab& lab);
  // Before ImGui's frame: while keyboard navigation is not showing, the left / right arrows are the nudge's,
  // not navigation's (Tab starts navigation; then the arrows move between controls).
  void keep_arrows_for_nudging();
  void draw_frame();
  void draw_menu_bar();
  void draw_toolbar(Lab& lab);
  // The stepping budget (automatic or fixed ms): a developer's control, hidden in presentation mode.
  template <class SameLineIfFits>
  void draw_budget_controls(const SameLineIfFits& same_line_if_fits);
  // The seed and "+1": an engineer's controls, hidden in class mode.
  template <class SameLineIfFits>
  void draw_seed_controls(Lab& lab, const SameLineIfFits& same_line_if_fits);
  void draw_status_bar();
  // The status bar's lab piece: "Bandit: step 300 / 1000", the run's own count as its cards show it
  // (run_count.hpp), or the lab's title alone when the run reports no count.
  std::string lab_count_piece(const Lab& lab) const;
  // --exit-when-done: notes the wall time of the active run's first step; once the run has ended, prints the
  // wall time from that step to the end on stdout and returns true (status 1 if the run failed).
  bool run_ended(int& status);
  // The lesson band under the toolbar: "Lesson k of n: title", one prompt at a time, and what the views
  // show now. Shown when the lab's config is a lesson's preset.
  void draw_lesson_band(Lab& lab);
  int lesson_index(const Lab& lab) const { return lesson_of(lab.session().file()); }
  void open_lesson(int index);
  void set_class_mode(bool on);
  // Play / pause; on a finished run, a message saying how to run again instead.
  void toggle_play(Lab& lab);
  // The ghost of the previous run on / off (g, View menu).
  void toggle_ghost() {
    ghost_shown() = !ghost_shown();
    status_message_ = ghost_shown() ? "ghost on: the previous run's curves drawn pale behind the new run's"
                                    : "ghost off: only this run's curves";
  }
  // The toolbar's "pause at" field (in the lab's own unit): Enter, or leaving it, sets the point.
  void draw_pause_at(Lab& lab, float width);
  // Reset (r, the toolbar, the menu) or, with `to_preset`, back to the preset (b, the menu): at once, or
  // first asks when it would wipe what a class built up (restart_guard.hpp); the question is a modal drawn
  // by draw_restart_question.
  void request_restart(Lab& lab, bool to_preset = false);
  void draw_restart_question();
  void draw_help_window();
  void handle_file_action(FileAction action);
  // File > Save config and File > Export CSV; false (with status_message_ saying why) on failure.
  bool save_config(const Lab& lab, const std::string& path);
  bool export_csv(Lab& lab, const std::string& path);
  bool load_config_file(const std::string& path);
  // File > Copy state: the active lab's config (as Save config writes it), lesson, prompt and tab as one line.
  std::string current_state_text();
  // File > Paste state, --state: opens the state's config in its tab at its lesson prompt. False (with
  // status_message_ saying why, nothing changed) on a text that is not a state or a config that fails.
  bool restore_state(const SharedState& state);
  void paste_state();
  void select_lab_for(const json& config, const std::string& file, const std::string& dir);
  Lab* active() { return active_ < labs_.size() ? labs_[active_].get() : nullptr; }
  // This frame's stepping budget in milliseconds.
  double budget() const {
    return auto_budget_ ? std::clamp(kFrameTargetMs - rest_ms_, 1.0, 16.0) : static_cast<double>(budget_ms_);
  }

  const Options& options_;
  GLFWwindow* window_;
  std::vector<std::unique_ptr<Lab>> labs_;
  std::size_t active_ = 0;
  int select_next_ = -1;  // tab to select on the next frame
  float budget_ms_ = 6.0f;           // stepping time per frame when not automatic
  bool auto_budget_ = true;          // automatic: the frame target minus what drawing and rendering take
  double rest_ms_ = 8.0;             // running average of a frame's time outside stepping
  static constexpr double kFrameTargetMs = 15.0;
  bool presentation_ = false, show_help_ = false, want_png_ = false, quit_ = false;
  bool high_contrast_ = false;
  bool class_mode_ = false;  // engineering controls hidden, the lesson's prompts in large type
  int prompt_ = 0;           // the lesson prompt shown
  std::string revealed_;     // the lesson (its file) whose withheld series the lecturer revealed (v)
  double frame_seconds_ = 0.0;  // wall time of the last frame (teaching pace)
  bool nav_was_visible_ = false;  // keyboard navigation's highlight showed after the last frame's input
  std::vector<KeyPress> keys_;  // this frame's key presses (key_queue.hpp: quick taps are not lost)
  // True when `key` was pressed since the last frame, with Ctrl held or not as `ctrl` says (repeats too
  // if `repeat`).
  bool pressed(int key, bool ctrl = false, bool repeat = false) const {
    for (const KeyPress& k : keys_)
      if (k.key == key && ((k.mods & GLFW_MOD_CONTROL) != 0) == ctrl && (repeat || !k.repeat)) return true;
    return false;
  }
  int presentation_height_ = 0;  // the window height presentation mode was fitted to
  std::string png_path_, status_message_;
  std::string restart_question_;  // what Reset would wipe, while its confirmation is asked
  char pause_text_[24] = {};      // the "pause at" field's text while it is edited
  bool open_restart_question_ = false, restart_to_preset_ = false;
  bool restart_question_drawn_ = false;  // the confirmation was drawn this frame
  std::vector<ScriptStep> script_;       // --script
  std::string script_release_;           // a scripted click's button, released this frame
  ImFont* normal_font_ = nullptr;
  ImFont* large_font_ = nullptr;
  ImGuiStyle base_style_;
  FileDialog dialog_;
  FrameStats stats_;
  double last_step_ms_ = 0.0;
  int last_steps_ = 0;
  std::optional<clock_type::time_point> run_first_step_;  // --exit-when-done: when the run took its first step
};

void Shell::setup_fonts_and_style() {
  ImGuiIO& io = ImGui::GetIO();
  if (const char* font = find_font()) {
    normal_font_ = io.Fonts->AddFontFromFileTTF(font, 17.0f);
    large_font_ = io.Fonts->AddFontFromFileTTF(font, 30.0f);
  }
  if (normal_font_ == nullptr) {
    io.Fonts->Clear();
    normal_font_ = io.Fonts->AddFontDefault();
    large_font_ = nullptr;
  }
  io.FontDefault = normal_font_;
  ImGuiStyle& style = ImGui::GetStyle();
  // Square corners: a software renderer (Mesa's llvmpipe under Xvfb) pays per triangle, and an
  // anti-aliased rounded frame takes about 46 triangles where a square one takes 10.
  style.WindowRounding = 0.0f;
  style.ChildRounding = 0.0f;
  style.FrameRounding = 0.0f;
  style.GrabRounding = 0.0f;
  style.TabRounding = 0.0f;
  style.ScrollbarRounding = 0.0f;
  style.FramePadding = ImVec2(6.0f, 4.0f);
  style.ItemSpacing = ImVec2(8.0f, 6.0f);
  base_style_ = style;
  set_high_contrast(false);
}

void Shell::set_high_contrast(bool on) {
  high_contrast_ = on;
  const plot::ChartTheme& theme = on ? plot::high_contrast_theme() : plot::light_theme();
  plot::set_chart_theme(theme);
  ImGuiStyle& style = base_style_;
  if (theme.dark) {
    ImGui::StyleColorsDark(&style);
    const plot::Rgb bg = plot::rgb_of(theme.background), text = plot::rgb_of(theme.text);
    style.Colors[ImGuiCol_WindowBg] = ImVec4(bg.r / 255.0f, bg.g / 255.0f, bg.b / 255.0f, 1.0f);
    style.Colors[ImGuiCol_Text] = ImVec4(text.r / 255.0f, text.g / 255.0f, text.b / 255.0f, 1.0f);
    style.Colors[ImGuiCol_TextDisabled] = ImVec4(0.75f, 0.75f, 0.78f, 1.0f);
  } else {
    ImGui::StyleColorsLight(&style);
    style.Colors[ImGuiCol_WindowBg] = ImVec4(0.95f, 0.95f, 0.96f, 1.0f);
  }
  style.Colors[ImGuiCol_ChildBg] = ImVec4(0.0f, 0.0f, 0.0f, 0.0f);
  // A slider's grab is see-through, so that it never hides the value it sits on.
  style.Colors[ImGuiCol_SliderGrab].w = 0.45f;
  style.Colors[ImGuiCol_SliderGrabActive].w = 0.65f;
  apply_presentation_mode();
}

void Shell::apply_presentation_mode() {
  ImGuiIO& io = ImGui::GetIO();
  ImGuiStyle& style = ImGui::GetStyle();
  style = base_style_;
  if (!presentation_) {
    io.FontDefault = normal_font_;
    io.FontGlobalScale = 1.0f;
    return;
  }
  // The large font is sized for a 1080-line projector; a smaller window scales it down (to 0.75 of it at
  // most), so that the views keep room at 1280 x 800.
  int w = 0, h = 0;
  glfwGetFramebufferSize(window_, &w, &h);
  presentation_height_ = h;
  const float fit = std::clamp(static_cast<float>(h) / 1080.0f, 0.75f, 1.0f);
  if (large_font_ != nullptr) {
    io.FontDefault = large_font_;
    io.FontGlobalScale = fit;
  } else {
    io.FontGlobalScale = 1.8f * fit;
  }
  style.ScaleAllSizes(1.6f * fit);
}

void Shell::handle_shortcuts() {
  ImGuiIO& io = ImGui::GetIO();
  if (pressed(GLFW_KEY_F11)) {
    presentation_ = !presentation_;
    apply_presentation_mode();
  }
  if (pressed(GLFW_KEY_F1)) show_help_ = !show_help_;
  if (pressed(GLFW_KEY_F9)) set_class_mode(!class_mode_);
  if (io.WantTextInput || ImGui::IsPopupOpen(nullptr, ImGuiPopupFlags_AnyPopupId)) return;
  for (const KeyPress& k : keys_)
    if (k.key == GLFW_KEY_V && !k.repeat && (k.mods & GLFW_MOD_CONTROL) && (k.mods & GLFW_MOD_SHIFT)) paste_state();
  if (pressed(GLFW_KEY_ESCAPE)) {
    // Escape: back from a focused panel, and out of keyboard navigation (its highlight hidden, so that space
    // plays and pauses again).
    plot::panel_focus().escape();
    GImGui->NavDisableHighlight = true;
  }
  Lab* lab = active();
  if (lab == nullptr) return;
  const int lesson = lesson_index(*lab);
  if (pressed(GLFW_KEY_PAGE_DOWN)) ++prompt_;
  if (pressed(GLFW_KEY_PAGE_UP)) prompt_ = std::max(0, prompt_ - 1);
  if (pressed(GLFW_KEY_V) && lesson >= 0) revealed_ = lessons()[static_cast<std::size_t>(lesson)].file;
  if (pressed(GLFW_KEY_N))
    open_lesson(lesson < 0 ? 0 : std::min(lesson + 1, static_cast<int>(lessons().size()) - 1));
  if (pressed(GLFW_KEY_P)) open_lesson(lesson <= 0 ? 0 : lesson - 1);
  const bool redo_key = pressed(GLFW_KEY_Y, true) || std::any_of(keys_.begin(), keys_.end(), [](const KeyPress& k) {
                          return k.key == GLFW_KEY_Z && !k.repeat && (k.mods & GLFW_MOD_CONTROL) != 0 &&
                                 (k.mods & GLFW_MOD_SHIFT) != 0;
                        });
  if (redo_key)
    status_message_ = lab->redo() ? "redone: the control change undone last" : "nothing to redo";
  else if (pressed(GLFW_KEY_Z, true))
    status_message_ = lab->undo() ? "undone: the last control change" : "nothing to undo";
  if (pressed(GLFW_KEY_B)) request_restart(*lab, true);
  if (pressed(GLFW_KEY_G)) toggle_ghost();
  // Ctrl+1 ... Ctrl+9: the first nine tabs shown (class mode hides the Experiment tab).
  for (int d = 1; d <= 9; ++d)
    if (pressed(GLFW_KEY_0 + d, true)) {
      std::vector<std::string> titles;
      for (const auto& l : labs_) titles.push_back(l->title());
      if (const int i = lab_for_tab_key(titles, class_mode_, d); i >= 0) select_next_ = i;
    }
  nudge_main_control(*lab);
  // While a control has the keyboard highlight (arrows or Tab moved it there), space presses that control.
  if (pressed(GLFW_KEY_SPACE) && !io.NavVisible) toggle_play(*lab);
  if (pressed(GLFW_KEY_S, false, true)) {
    lab->playing = false;
    lab->step_within(1, 1e9);
  }
  if (pressed(GLFW_KEY_R)) request_restart(*lab);
}

void Shell::nudge_main_control(Lab& lab) {
  const bool nav = std::exchange(nav_was_visible_, ImGui::GetIO().NavVisible);
  int direction = 0;
  bool big = false;
  for (const KeyPress& k : keys_) {
    if ((k.mods & (GLFW_MOD_CONTROL | GLFW_MOD_ALT)) != 0) continue;
    const bool arrows = !nav && (k.key == GLFW_KEY_LEFT || k.key == GLFW_KEY_RIGHT);
    if (k.key == GLFW_KEY_LEFT_BRACKET || (arrows && k.key == GLFW_KEY_LEFT)) --direction;
    else if (k.key == GLFW_KEY_RIGHT_BRACKET || (arrows && k.key == GLFW_KEY_RIGHT)) ++direction;
    else continue;
    big = big || (k.mods & GLFW_MOD_SHIFT) != 0;
  }
  if (direction == 0 || lab.session().kind() == nullptr) return;
  const MainControl main = main_control(lab.session().kind()->schema, lab.session().config());
  if (main.param == nullptr) {
    status_message_ = "this lab has no number control for [ and ]";
    return;
  }
  double value = lab.session().config().at(nlohmann::json::json_pointer(main.pointer)).get<double>();
  for (int i = 0; i < std::abs(direction); ++i) value = nudged_value(*main.param, value, direction, big);
  const std::string name = main.param->title.empty() ? main.pointer : main.param->title;
  const json v = main.param->type == core::ParamType::integer ? json(std::llround(value)) : json(value);
  if (lab.set_value(main.pointer, v)) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%g", value);
    status_message_ = name + " = " + buf + " ([ / ] or the arrows; Shift: ten steps; Ctrl+Z: undo)";
  } else {
    status_message_ = name + " not changed: " + lab.session().error();
  }
}

void Shell::keep_arrows_for_nudging() {
  ImGuiIO& io = ImGui::GetIO();
  if (nav_was_visible_ || io.WantTextInput) return;
  io.KeysDown[GLFW_KEY_LEFT] = false;
  io.KeysDown[GLFW_KEY_RIGHT] = false;
}

void Shell::toggle_play(Lab& lab) {
  if (!lab.playing && lab.session().done()) {
    status_message_ = "finished: press r to restart the run (with your edits), b to go back to the preset";
    return;
  }
  lab.playing = !lab.playing;
}

void Shell::request_restart(Lab& lab, bool to_preset) {
  const std::string loses = restart_loses(lab.session().observables());
  if (loses.empty()) {
    if (!to_preset)
      lab.reset();
    else if (lab.back_to_preset())
      status_message_ = "back to the preset: its settings, and a new run";
    return;
  }
  restart_question_ = loses;
  restart_to_preset_ = to_preset;
  open_restart_question_ = true;
}

void Shell::draw_restart_question() {
  constexpr const char* kTitle = "Restart the run?";
  if (open_restart_question_) {
    ImGui::OpenPopup(kTitle);
    open_restart_question_ = false;
  }
  restart_question_drawn_ = false;
  if (!ImGui::BeginPopupModal(kTitle, nullptr, ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings))
    return;
  restart_question_drawn_ = true;
  ImGui::Text("%s wipes %s.", restart_to_preset_ ? "Going back to the preset" : "Restarting", restart_question_.c_str());
  ImGui::TextDisabled(restart_to_preset_ ? "The preset's settings come back; the measurements start again from none."
                                         : "Your settings stay; the measurements start again from none.");
  Lab* lab = active();
  const bool confirmed = ImGui::Button(restart_to_preset_ ? "Back to the preset" : "Reset");
  note_target("Reset");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("wipes them");
  if (confirmed && lab != nullptr) {
    if (restart_to_preset_)
      lab->back_to_preset();
    else
      lab->reset();
    status_message_ = (restart_to_preset_ ? "back to the preset: " : "restarted: ") + restart_question_ + " wiped";
    ImGui::CloseCurrentPopup();
  }
  ImGui::SameLine();
  const bool cancelled = ImGui::Button("Cancel");
  note_target("Cancel");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Escape: keeps them");
  if (cancelled || pressed(GLFW_KEY_ESCAPE)) {
    status_message_ = "kept: " + restart_question_;
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
}

void Shell::set_class_mode(bool on) {
  class_mode_ = on;
  // The Experiment tab is an engineer's: class mode leaves it for the first lab.
  if (Lab* lab = active(); on && lab && lab->title() == "Experiment" && !labs_.empty()) select_next_ = 0;
}

void Shell::open_lesson(int index) {
  if (index < 0 || index >= static_cast<int>(lessons().size())) return;
  const std::string path = find_preset(lessons()[static_cast<std::size_t>(index)].file);
  if (path.empty()) {
    status_message_ = "lesson preset not found: " + lessons()[static_cast<std::size_t>(index)].file;
    return;
  }
  if (load_config_file(path)) {
    prompt_ = 0;
    revealed_.clear();
    if (Lab* lab = active()) lab->pace = Lab::Pace::normal;
  }
}

void Shell::draw_menu_bar() {
  if (!ImGui::BeginMenuBar()) return;
  Lab* lab = active();
  if (ImGui::BeginMenu("File")) {
    if (ImGui::MenuItem("Load config...")) dialog_.open(FileAction::load_config, "configs/classroom/");
    if (ImGui::MenuItem("Save config as...", nullptr, false, lab && lab->session().ready())) {
      const auto& cfg = lab->session().config();
      dialog_.open(FileAction::save_config,
                   safe_name(cfg.value("kind", "experiment")) + "-seed" + std::to_string(lab->session().seed()) + ".json");
    }
    if (ImGui::MenuItem("Export data as CSV...", nullptr, false, lab && lab->session().ready()))
      dialog_.open(FileAction::export_csv, safe_name(lab->title()) + "-results.csv");
    if (ImGui::MenuItem("Export window as PNG..."))
      dialog_.open(FileAction::export_png, "arbiter-" + safe_name(lab ? lab->title() : "gui") + ".png");
    ImGui::Separator();
    if (ImGui::MenuItem("Copy state", nullptr, false, lab && lab->session().ready())) {
      ImGui::SetClipboardText(current_state_text().c_str());
      status_message_ = "copied the state (config, seed, lesson prompt, tab) as one line: Paste state or "
                        "arbiter-gui --state restores it";
    }
    if (ImGui::MenuItem("Paste state", "Ctrl+Shift+V")) paste_state();
    ImGui::Separator();
    if (ImGui::MenuItem("Quit", "Ctrl+Q")) quit_ = true;
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("Lessons")) {
    const int current = lab ? lesson_index(*lab) : -1;
    for (std::size_t i = 0; i < lessons().size(); ++i) {
      const std::string item = std::to_string(i + 1) + ". " + lessons()[i].title;
      if (ImGui::MenuItem(item.c_str(), nullptr, current == static_cast<int>(i))) open_lesson(static_cast<int>(i));
    }
    ImGui::Separator();
    if (ImGui::MenuItem("Next lesson", "n")) open_lesson(current < 0 ? 0 : std::min(current + 1, static_cast<int>(lessons().size()) - 1));
    if (ImGui::MenuItem("Previous lesson", "p")) open_lesson(current <= 0 ? 0 : current - 1);
    ImGui::Separator();
    if (ImGui::MenuItem("Undo the last control change", "Ctrl+Z", false, lab && lab->can_undo()))
      status_message_ = lab->undo() ? "undone: the last control change" : "nothing to undo";
    if (ImGui::MenuItem("Redo the control change undone last", "Ctrl+Y", false, lab && lab->can_redo()))
      status_message_ = lab->redo() ? "redone: the control change undone last" : "nothing to redo";
    if (ImGui::MenuItem("Back to the preset", "b", false, lab != nullptr)) request_restart(*lab, true);
    if (ImGui::MenuItem("Restart the run", "r", false, lab != nullptr)) request_restart(*lab);
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("View")) {
    if (ImGui::MenuItem("Presentation mode", "F11", presentation_)) {
      presentation_ = !presentation_;
      apply_presentation_mode();
    }
    if (ImGui::MenuItem("Class mode", "F9", class_mode_)) set_class_mode(!class_mode_);
    if (ImGui::MenuItem("High contrast", nullptr, high_contrast_)) set_high_contrast(!high_contrast_);
    if (ImGui::MenuItem("Ghost of the previous run", "g", ghost_shown())) toggle_ghost();
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("Help")) {
    if (ImGui::MenuItem("Keyboard shortcuts", "F1", show_help_)) show_help_ = !show_help_;
    ImGui::EndMenu();
  }
  ImGui::EndMenuBar();
}

void Shell::draw_toolbar(Lab& lab) {
  ExperimentSession& s = lab.session();
  const float unit = ImGui::GetFontSize();
  const ImGuiStyle& style = ImGui::GetStyle();
  // The next item stays on this line if it fits (it wraps in presentation mode or a narrow window).
  auto same_line_if_fits = [&](float item_w, const char* label = nullptr) {
    const float label_w = label ? style.ItemInnerSpacing.x + ImGui::CalcTextSize(label, nullptr, true).x : 0.0f;
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    if (ImGui::GetItemRectMax().x + style.ItemSpacing.x + item_w + label_w <= right) ImGui::SameLine();
  };
  auto button_w = [&](const char* text) { return ImGui::CalcTextSize(text).x + 2.0f * style.FramePadding.x; };
  if (ImGui::Button(lab.playing ? "Pause" : "Play", ImVec2(unit * 4.5f, 0.0f))) toggle_play(lab);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("space");
  same_line_if_fits(button_w("Step"));
  if (ImGui::Button("Step")) {
    lab.playing = false;
    lab.step_within(1, 1e9);
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("s: one step() of the experiment");
  same_line_if_fits(button_w("Reset"));
  if (ImGui::Button("Reset")) request_restart(lab);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("r: rebuild the experiment from its config");
  // The pace: slow / normal / fast for a class (wall time, whatever the machine), or steps per frame.
  const char* paces[] = {"steps/frame", "slow", "normal", "fast"};
  const float pace_w = ImGui::CalcTextSize("steps/frame").x + ImGui::GetFrameHeight() + 2.0f * style.FramePadding.x;
  same_line_if_fits(pace_w, "pace");
  ImGui::SetNextItemWidth(pace_w);
  int pace = static_cast<int>(lab.pace);
  if (ImGui::Combo("pace", &pace, paces, 4)) lab.pace = static_cast<Lab::Pace>(pace);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("slow / normal / fast: a whole run takes about 90 / 40 / 15 s (a live lattice: 5 / 15 / 50 "
                      "steps per second) on any machine; steps/frame: as fast as the slider says");
  if (lab.pace == Lab::Pace::per_frame && !class_mode_) {
    same_line_if_fits(unit * 9.0f, "steps/frame");
    ImGui::SetNextItemWidth(unit * 9.0f);
    ImGui::SliderFloat("steps/frame", &lab.speed, 1.0f / 16.0f, 1000.0f, lab.speed < 1.0f ? "%.3f" : "%.0f",
                       ImGuiSliderFlags_Logarithmic | ImGuiSliderFlags_AlwaysClamp);
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("speed: step() calls per frame (below 1: one every 1/speed frames), within the budget");
  }
  if (const std::optional<Lab::RunCount> count = lab.run_count()) {
    const float w = unit * 5.0f;
    same_line_if_fits(w, "pause at");
    draw_pause_at(lab, w);
  }
  if (!presentation_ && !class_mode_) draw_budget_controls(same_line_if_fits);
  if (!class_mode_) draw_seed_controls(lab, same_line_if_fits);
  char overlay[96];
  const std::string label = lab.progress_label();
  if (const std::string paused = lab.pause_text(); !paused.empty())
    std::snprintf(overlay, sizeof overlay, "%s", paused.c_str());
  else if (label.empty())
    std::snprintf(overlay, sizeof overlay, "%s %.0f%%", s.done() ? "done" : (lab.playing ? "running" : "paused"),
                  s.progress() * 100.0);
  else
    std::snprintf(overlay, sizeof overlay, "%s, %s", lab.playing ? "running" : "paused", label.c_str());
  // The bar is at least as wide as what it says: it starts a new line rather than cut its words.
  const float overlay_w = ImGui::CalcTextSize(overlay).x + 2.0f * style.ItemInnerSpacing.x;
  same_line_if_fits(std::max(unit * 10.0f, overlay_w));
  plot::report_text_fit("toolbar progress", overlay, overlay_w, ImGui::GetContentRegionAvail().x);
  ImGui::ProgressBar(label.empty() ? static_cast<float>(s.progress()) : 0.0f, ImVec2(-1.0f, 0.0f), overlay);
  if (s.done() && ImGui::IsItemHovered())
    ImGui::SetTooltip("finished: press r to restart the run (with your edits), b to go back to the preset");
}

void Shell::draw_pause_at(Lab& lab, float width) {
  const std::optional<Lab::RunCount> count = lab.run_count();
  if (!count) return;
  ImGui::SetNextItemWidth(width);
  const bool editing = ImGui::GetActiveID() == ImGui::GetID("pause at");
  if (!editing) {
    if (lab.pause_at() > 0)
      std::snprintf(pause_text_, sizeof pause_text_, "%lld", lab.pause_at());
    else
      pause_text_[0] = '\0';
  }
  const bool enter = ImGui::InputTextWithHint("pause at", count->unit.c_str(), pause_text_, sizeof pause_text_,
                                              ImGuiInputTextFlags_CharsDecimal | ImGuiInputTextFlags_EnterReturnsTrue);
  if (enter || ImGui::IsItemDeactivatedAfterEdit()) {
    const long long at = std::strtoll(pause_text_, nullptr, 10);
    lab.set_pause_at(at);
    status_message_ = at > 0 ? "pauses at " + count->unit + " " + std::to_string(at) : "no pause point";
  }
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("pause the run when it gets to this %s (Enter; empty or 0: no pause); Space goes on",
                      count->unit.c_str());
}

template <class SameLineIfFits>
void Shell::draw_seed_controls(Lab& lab, const SameLineIfFits& same_line_if_fits) {
  ExperimentSession& s = lab.session();
  const float unit = ImGui::GetFontSize();
  const ImGuiStyle& style = ImGui::GetStyle();
  auto button_w = [&](const char* text) { return ImGui::CalcTextSize(text).x + 2.0f * style.FramePadding.x; };
  same_line_if_fits(unit * 7.0f, "seed");
  std::uint64_t seed = s.seed();
  ImGui::SetNextItemWidth(unit * 7.0f);
  if (ImGui::InputScalar("seed", ImGuiDataType_U64, &seed, nullptr, nullptr, "%llu",
                         ImGuiInputTextFlags_EnterReturnsTrue))
    lab.set_seed(seed);
  same_line_if_fits(button_w("+1"));
  if (ImGui::Button("+1")) lab.set_seed(s.seed() + 1);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("next seed (rebuilds the experiment)");
}

template <class SameLineIfFits>
void Shell::draw_budget_controls(const SameLineIfFits& same_line_if_fits) {
  const float unit = ImGui::GetFontSize();
  same_line_if_fits(ImGui::GetFrameHeight(), "auto");
  ImGui::Checkbox("auto", &auto_budget_);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("automatic budget: stepping gets what is left of a %.0f ms frame after drawing and rendering",
                      kFrameTargetMs);
  same_line_if_fits(unit * 5.0f, "budget ms");
  ImGui::SetNextItemWidth(unit * 5.0f);
  float shown = auto_budget_ ? static_cast<float>(budget()) : budget_ms_;
  ImGui::BeginDisabled(auto_budget_);
  if (ImGui::SliderFloat("budget ms", &shown, 1.0f, 16.0f, "%.1f")) budget_ms_ = shown;
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("time allowed for stepping in each frame");
}

void Shell::draw_status_bar() {
  Lab* lab = active();
  const double frame = stats_.recent_mean_ms();
  ImGui::Separator();
  // One line of pieces, most important first; a piece that does not fit is left out (its text stays in the
  // tooltip of the line), and a message too long for the line is shortened at the front.
  struct Piece {
    std::string text;
    bool muted;
  };
  std::vector<Piece> pieces;
  char buf[160];
  if (!status_message_.empty()) pieces.push_back({status_message_, false});
  if (lab) {
    pieces.push_back({lab_count_piece(*lab), false});
    if (!lab->session().file().empty()) pieces.push_back({fs::path(lab->session().file()).filename().string(), true});
  }
  if (!presentation_ && !class_mode_) {
    // The count of step() calls is an engineer's number (a step is a slice of work: 10 bandit time steps,
    // several sweeps), beside the frame times; the lab's piece counts in the run's own unit.
    const long long steps = lab ? lab->session().steps() : 0;
    std::snprintf(buf, sizeof buf, "frame %.1f ms (%.0f fps), stepping %.1f ms/frame, %lld step() call%s, %.0f/s",
                  frame, frame > 0 ? 1000.0 / frame : 0.0, stats_.recent_step_ms(), steps, steps == 1 ? "" : "s",
                  stats_.recent_steps_per_second());
    pieces.push_back({buf, true});
  }
  const float avail = ImGui::GetContentRegionAvail().x;
  const float sep_w = ImGui::CalcTextSize("  |  ").x;
  float used = 0.0f;
  std::string whole;
  bool first = true;
  for (Piece& piece : pieces) {
    whole += (whole.empty() ? "" : "  |  ") + piece.text;
    float w = ImGui::CalcTextSize(piece.text.c_str()).x + (first ? 0.0f : sep_w);
    if (first && w > avail) {  // the message alone is too long: keep its end ("...saved to NAME.json")
      while (piece.text.size() > 8 && ImGui::CalcTextSize(("..." + piece.text).c_str()).x > avail)
        piece.text.erase(0, 1);
      piece.text = "..." + piece.text;
      w = ImGui::CalcTextSize(piece.text.c_str()).x;
    }
    if (used + w > avail) continue;
    if (!first) {
      ImGui::SameLine(0.0f, 0.0f);
      ImGui::TextDisabled("  |  ");
      ImGui::SameLine(0.0f, 0.0f);
    }
    if (piece.muted) ImGui::TextDisabled("%s", piece.text.c_str());
    else ImGui::TextUnformatted(piece.text.c_str());
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", whole.c_str());
    used += w;
    first = false;
  }
}

std::string Shell::lab_count_piece(const Lab& lab) const {
  const std::string count = run_count_text(lab.session().observables(), lab.run_has_end() ? lab.session().progress() : 0.0);
  return count.empty() ? lab.title() : lab.title() + ": " + count;
}

bool Shell::run_ended(int& status) {
  const Lab* lab = active();
  if (lab == nullptr || !run_first_step_ || !(lab->session().done() || lab->session().run_failed())) return false;
  const double seconds = std::chrono::duration<double>(clock_type::now() - *run_first_step_).count();
  if (lab->session().run_failed()) {
    std::cerr << "arbiter-gui: the run failed: " << lab->session().error() << "\n";
    status = 1;
    return true;
  }
  static const char* const kPaces[] = {"steps/frame", "slow", "normal", "fast"};
  std::printf("arbiter-gui: run finished: %lld step() calls, %.2f s from the first step to the end (pace %s)\n",
              lab->session().steps(), seconds, kPaces[static_cast<int>(lab->pace)]);
  std::fflush(stdout);
  return true;
}

void Shell::draw_lesson_band(Lab& lab) {
  const int index = lesson_index(lab);
  // Class mode shows the lesson's own controls only and withholds its reveal's series until revealed.
  set_class_controls(class_mode_ && index >= 0 ? lessons()[static_cast<std::size_t>(index)].controls
                                               : std::vector<std::string>());
  plot::begin_reveal_frame({});
  if (index < 0) return;
  const Lesson& lesson = lessons()[static_cast<std::size_t>(index)];
  const int n = static_cast<int>(lesson.notice.size());
  prompt_ = std::clamp(prompt_, 0, std::max(0, n - 1));
  const std::vector<std::string> withheld =
      plot::withheld_now(lesson.reveal, class_mode_, prompt_, revealed_ == lesson.file);
  plot::begin_reveal_frame(withheld);
  ImGui::PushTextWrapPos(0.0f);
  ImGui::Text("Lesson %d of %zu: %s", index + 1, lessons().size(), lesson.title.c_str());
  if (n > 0) {
    ImGui::SameLine();
    ImGui::TextDisabled(withheld.empty() ? "(%d/%d, PageDown: next)" : "(%d/%d, PageDown: next; press v to reveal)",
                        prompt_ + 1, n);
    // In class mode the prompt is in the large type of the cards' values.
    if (class_mode_) ImGui::SetWindowFontScale(1.25f);
    ImGui::TextUnformatted(lesson.notice[static_cast<std::size_t>(prompt_)].c_str());
    if (class_mode_) ImGui::SetWindowFontScale(1.0f);
  }
  const std::string state = lab.state_text();
  if (!state.empty()) {
    const plot::Rgb accent = plot::rgb_of(plot::chart_theme().accent_text);
    ImGui::TextColored(ImVec4(accent.r / 255.0f, accent.g / 255.0f, accent.b / 255.0f, 1.0f), "Now: %s", state.c_str());
  }
  ImGui::PopTextWrapPos();
}

void Shell::draw_help_window() {
  if (!show_help_) return;
  const ImVec2 screen = ImGui::GetMainViewport()->WorkSize;
  ImGui::SetNextWindowSize(ImVec2(std::min(ImGui::GetFontSize() * 32.0f, screen.x * 0.92f), 0.0f), ImGuiCond_Always);
  ImGui::SetNextWindowSizeConstraints(ImVec2(0.0f, 0.0f), ImVec2(screen.x * 0.92f, screen.y * 0.92f));
  ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  if (ImGui::Begin("Help: keyboard shortcuts", &show_help_, ImGuiWindowFlags_NoSavedSettings)) {
    if (ImGui::BeginTable("keys", 2, ImGuiTableFlags_RowBg)) {
      ImGui::TableSetupColumn("key", ImGuiTableColumnFlags_WidthFixed);
      ImGui::TableSetupColumn("does", ImGuiTableColumnFlags_WidthStretch);
      const char* rows[][2] = {{"space", "play / pause the current lab"},
                               {"s", "single step (pauses)"},
                               {"r", "restart the run: the experiment rebuilt from the current settings"},
                               {"b", "back to the preset: its settings, and a new run"},
                               {"g", "the ghost of the previous run (its curves pale behind the new run's) on / off"},
                               {"pause at", "toolbar: the run pauses at that episode / time step (Space goes on)"},
                               {"Ctrl+Z", "undo the last control change"},
                               {"Ctrl+Y", "redo what Ctrl+Z undid (or Ctrl+Shift+Z)"},
                               {"n / p", "next / previous lesson"},
                               {"PageDown / PageUp", "next / previous prompt of the lesson (a clicker)"},
                               {"Ctrl+1 ... Ctrl+9", "the first nine lab tabs"},
                               {"[ / ]  (left / right)", "nudge the lab's main control (T, a step size) one step; Shift: ten"},
                               {"Tab, then arrows", "move between controls (space presses the one highlighted; Escape leaves)"},
                               {"F9", "class mode: the engineering controls hidden, the prompts large"},
                               {"v", "class mode: reveal what the lesson hides until the class has guessed"},
                               {"F11", "presentation mode (large fonts for a projector)"},
                               {"F1", "this help"},
                               {"Ctrl+Shift+V", "paste a state (File > Copy state: config, seed, lesson, tab)"},
                               {"Ctrl+Q", "quit"},
                               {"Ctrl+click a slider", "type an exact value"},
                               {"hover a chart", "read the values under the mouse"},
                               {"click a legend entry", "hide / show that series"},
                               {"double-click a chart", "it fills the views; double-click again or Escape to go back"}};
      for (const auto& r : rows) {
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(r[0]);
        ImGui::TableNextColumn();
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted(r[1]);
        ImGui::PopTextWrapPos();
      }
      ImGui::EndTable();
    }
    ImGui::Separator();
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("Every lab steps the same Experiment objects as `arbiter run`. File > Save config "
                        "writes the current settings (with the seed) as a config that `arbiter run` "
                        "reproduces exactly.");
    ImGui::PopTextWrapPos();
  }
  ImGui::End();
}

bool Shell::load_config_file(const std::string& path) {
  try {
    const json config = experiments::read_json_file(path);
    std::string dir = fs::path(path).parent_path().string();
    select_lab_for(config, path, dir.empty() ? "." : dir);
    Lab* lab = active();
    if (lab && !lab->session().error().empty() && lab->session().file() != path) {
      status_message_ = "could not load " + path;
      return false;
    }
    status_message_ = "loaded " + path;
    if (lesson_of(path) >= 0 && lab) {  // a lesson opens at the teaching pace, on its first prompt
      lab->pace = Lab::Pace::normal;
      prompt_ = 0;
    }
    return true;
  } catch (const std::exception& e) {
    status_message_ = e.what();
    return false;
  }
}

std::string Shell::current_state_text() {
  Lab* lab = active();
  if (lab == nullptr || !lab->session().ready()) return {};
  SharedState state;
  state.config = lab->config_to_save();
  const int lesson = lesson_index(*lab);
  if (lesson >= 0) {
    state.lesson = lessons()[static_cast<std::size_t>(lesson)].file;
    const int n = static_cast<int>(lessons()[static_cast<std::size_t>(lesson)].notice.size());
    state.prompt = std::clamp(prompt_, 0, std::max(0, n - 1));
  }
  state.tab = lab->title();
  state.high_contrast = high_contrast_;
  state.config = with_data_paths(state.config, lab->session().config_dir(), state_config_dir(state));
  return state_text(state);
}

bool Shell::restore_state(const SharedState& state) {
  std::size_t target = labs_.size();
  for (std::size_t i = 0; i < labs_.size() && target == labs_.size(); ++i)
    if (labs_[i]->title() == state.tab && labs_[i]->shows_config(state.config)) target = i;
  if (!state.tab.empty() && target == labs_.size()) {
    status_message_ = "state not pasted: the " + state.tab + " tab does not show " +
                      state.config.value("kind", std::string("this kind"));
    return false;
  }
  if (target == labs_.size()) {
    for (std::size_t i = 0; i < labs_.size() && target == labs_.size(); ++i)
      if (labs_[i]->shows_config(state.config) && labs_[i]->title() != "Experiment") target = i;
    for (std::size_t i = 0; i < labs_.size() && target == labs_.size(); ++i)
      if (labs_[i]->title() == "Experiment") target = i;
  }
  if (target == labs_.size()) {
    status_message_ = "state not pasted: no tab shows it";
    return false;
  }
  // A lesson's state names its preset's file, so that the lesson band, Next and Prev know where the class is.
  const std::string preset = state.lesson.empty() ? std::string() : find_preset(state.lesson);
  Lab& lab = *labs_[target];
  const bool was_playing = lab.playing;
  if (!lab.load(state.config, preset.empty() ? "(state text)" : preset, state_config_dir(state))) {
    status_message_ = "state not pasted: " + lab.session().error();
    lab.playing = was_playing;
    return false;
  }
  active_ = target;
  select_next_ = static_cast<int>(target);
  prompt_ = state.prompt;
  if (!state.lesson.empty()) lab.pace = Lab::Pace::normal;
  if (state.high_contrast && !high_contrast_) set_high_contrast(true);
  status_message_ = "pasted the state" + (state.lesson.empty() ? std::string() : " (lesson " + state.lesson + ")");
  return true;
}

void Shell::paste_state() {
  const char* text = ImGui::GetClipboardText();
  try {
    restore_state(parse_state_text(text ? text : ""));
  } catch (const std::exception& e) {
    status_message_ = std::string("state not pasted: ") + e.what();
  }
}

void Shell::select_lab_for(const json& config, const std::string& file, const std::string& dir) {
  std::size_t target = labs_.size();
  for (std::size_t i = 0; i < labs_.size() && target == labs_.size(); ++i)
    if (labs_[i]->shows_config(config) && labs_[i]->title() != "Experiment") target = i;
  for (std::size_t i = 0; i < labs_.size() && target == labs_.size(); ++i)
    if (labs_[i]->title() == "Experiment") target = i;
  if (target == labs_.size()) return;
  labs_[target]->load(config, file, dir);
  active_ = target;
  select_next_ = static_cast<int>(target);
}

void Shell::handle_file_action(FileAction action) {
  const std::string& path = dialog_.path();
  Lab* lab = active();
  switch (action) {
    case FileAction::load_config:
      if (load_config_file(path)) {
        dialog_.close();
        if (active()) active()->playing = true;
      } else {
        dialog_.set_message(status_message_);
      }
      break;
    case FileAction::save_config:
      if (!lab) break;
      if (save_config(*lab, path)) dialog_.close();
      else dialog_.set_message(status_message_);
      break;
    case FileAction::export_csv:
      if (!lab) break;
      if (export_csv(*lab, path)) dialog_.close();
      else dialog_.set_message(status_message_);
      break;
    case FileAction::export_png:
      png_path_ = path;
      want_png_ = true;  // captured after this frame is rendered, without the popup
      dialog_.close();
      break;
    default:
      break;
  }
}

bool Shell::save_config(const Lab& lab, const std::string& path) {
  if (!lab.session().ready()) {
    status_message_ = "nothing to save: no experiment";
    return false;
  }
  std::ofstream out(path);
  out << lab.config_to_save().dump(2) << "\n";
  if (!out) {
    status_message_ = "cannot write " + path;
    return false;
  }
  status_message_ = "saved " + path + ": " + lab.save_note();
  return true;
}

bool Shell::export_csv(Lab& lab, const std::string& path) {
  try {
    const std::string csv = lab.session().results_csv();
    std::ofstream out(path);
    out << csv;
    if (!out) throw std::runtime_error("cannot write " + path);
    status_message_ = "exported " + path;
    return true;
  } catch (const std::exception& e) {
    status_message_ = e.what();
    return false;
  }
}

void Shell::draw_frame() {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                 ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_MenuBar |
                                 ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoBackground;
  // No window background: glClear paints the same colour, and every full-window layer costs a software
  // renderer (Mesa's llvmpipe under Xvfb) several milliseconds.
  ImGui::Begin("arbiter", nullptr, flags);
  plot::panel_focus().begin_frame();
  draw_menu_bar();
  const float status_h = ImGui::GetFrameHeightWithSpacing() + ImGui::GetStyle().ItemSpacing.y;
  if (ImGui::BeginTabBar("labs")) {
    for (std::size_t i = 0; i < labs_.size(); ++i) {
      Lab& lab = *labs_[i];
      if (class_mode_ && lab.title() == "Experiment") continue;
      ImGuiTabItemFlags tab_flags = 0;
      if (select_next_ == static_cast<int>(i)) tab_flags |= ImGuiTabItemFlags_SetSelected;
      if (ImGui::BeginTabItem(lab.title().c_str(), nullptr, tab_flags)) {
        // Only the shown lab steps; a lab keeps its play state while another tab is shown. While a
        // programmatic selection is pending (it takes effect next frame), the tab bar's old choice is not
        // taken as the user's.
        if (select_next_ < 0) active_ = i;
        draw_toolbar(lab);
        draw_lesson_band(lab);
        const ImVec2 avail = ImGui::GetContentRegionAvail();
        const float body_h = std::max(50.0f, avail.y - status_h);
        const float left_w = std::clamp(avail.x * 0.28f, ImGui::GetFontSize() * 16.0f, ImGui::GetFontSize() * 30.0f);
        ImGui::BeginChild("controls", ImVec2(left_w, body_h), true);
        lab.draw_controls();
        ImGui::EndChild();
        ImGui::SameLine();
        // A focused panel (double-clicked) fills the views area; the lab's own layout is drawn clipped away
        // (nothing of it shows or takes the mouse) so that the lab keeps its state.
        plot::PanelFocus& focus = plot::panel_focus();
        const bool focused = focus.active();
        ImGui::BeginChild("views", ImVec2(0.0f, body_h), false,
                          focused ? ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse : 0);
        const ImVec2 views_min = ImGui::GetWindowPos(), views_size = ImGui::GetWindowSize();
        focus.set_area({views_min.x, views_min.y, views_min.x + views_size.x, views_min.y + views_size.y});
        if (focused) ImGui::PushClipRect(views_min, views_min, false);
        lab.draw_views();
        if (focused) ImGui::PopClipRect();
        ImGui::EndChild();
        ImGui::EndTabItem();
      }
    }
    ImGui::EndTabBar();
  }
  select_next_ = -1;
  draw_status_bar();
  draw_restart_question();
  const FileAction action = dialog_.draw();
  if (action != FileAction::none) handle_file_action(action);
  ImGui::End();
  draw_help_window();
}

int Shell::run(const json* config, const std::string& config_file, const SharedState* state) {
  ImGuiIO& io = ImGui::GetIO();
  static std::string ini;
  ini = options_.screenshot.empty() ? ini_path() : std::string();
  io.IniFilename = ini.empty() ? nullptr : ini.c_str();
  io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;  // Tab and the arrows move between controls
  setup_fonts_and_style();

  for (const auto& type : lab_types()) {
    if (auto lab = type.make()) {
      lab->start();
      labs_.push_back(std::move(lab));
    }
  }
  if (config != nullptr) {
    std::string dir = fs::path(config_file).parent_path().string();
    select_lab_for(*config, config_file, dir.empty() ? "." : dir);
    if (Lab* lab = active()) {
      lab->playing = true;
      if (lesson_of(config_file) >= 0) lab->pace = Lab::Pace::normal;  // a lesson opens at the teaching pace
    }
  }
  if (state != nullptr && !restore_state(*state)) {
    std::cerr << "arbiter-gui: --state: " << status_message_ << "\n";
    labs_.clear();
    return 2;
  }
  if (!options_.screenshot.empty())
    if (Lab* lab = active()) lab->playing = true;
  if (options_.speed > 0.0)
    if (Lab* lab = active()) {
      lab->speed = static_cast<float>(options_.speed);
      lab->pace = Lab::Pace::per_frame;  // an explicit speed is steps per frame
    }
  if (options_.class_mode) set_class_mode(true);
  if (options_.high_contrast) set_high_contrast(true);
  if (options_.presentation) {
    presentation_ = true;
    apply_presentation_mode();
  }

  const bool screenshot = !options_.screenshot.empty();
  if (!options_.script.empty()) script_ = parse_script(options_.script);
  int frame = 0;
  int status = 0;
  while (!glfwWindowShouldClose(window_) && !quit_) {
    const auto frame_start = clock_type::now();
    const double cpu_start = process_cpu_ms();
    glfwPollEvents();
    keys_ = take_key_presses();
    for (const ScriptStep& step : script_) {
      if (step.frame == frame + 1 && step.action == "key") keys_.push_back({script_key(step.arg), 0, false});
      if (step.frame == frame + 1 && step.action == "pause-at" && active() != nullptr)
        active()->set_pause_at(std::stoll(step.arg));
    }
    if (presentation_) {
      int w = 0, h = 0;
      glfwGetFramebufferSize(window_, &w, &h);
      if (h != presentation_height_) apply_presentation_mode();
    }
    // Step the active lab within the budget, before drawing, so the views show the newest state.
    last_steps_ = 0;
    const auto step_start = clock_type::now();
    const double step_cpu_start = process_cpu_ms();
    if (Lab* lab = active(); lab && lab->playing) {
      last_steps_ = lab->play_frame(budget(), frame_seconds_);
      if (lab->session().done() || lab->session().run_failed()) lab->playing = false;
    }
    if (!run_first_step_ && last_steps_ > 0) run_first_step_ = step_start;
    if (options_.exit_when_done && run_ended(status)) break;
    last_step_ms_ = ms_since(step_start);
    const double step_cpu_ms = process_cpu_ms() - step_cpu_start;

    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    // A screenshot shows no hover read-out wherever the (virtual) pointer happens to be.
    if (screenshot) io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
    // A scripted click: the mouse down on the button this frame, up (the click) the next.
    std::string click = std::exchange(script_release_, std::string());
    const bool release = !click.empty();
    for (const ScriptStep& step : script_)
      if (step.frame == frame + 1 && step.action == "click") click = step.arg;
    if (!click.empty()) {
      float x = 0.0f, y = 0.0f;
      if (!target_centre(click, x, y)) {
        std::cerr << "arbiter-gui: script frame " << frame + 1 << ": no button \"" << click << "\" drawn so far\n";
        status = 1;
      } else {
        io.MousePos = ImVec2(x, y);
        io.MouseDown[0] = !release;
        if (!release) script_release_ = click;
      }
    }
    keep_arrows_for_nudging();
    ImGui::NewFrame();
    plot::clear_layout_problems();
    handle_shortcuts();
    if (pressed(GLFW_KEY_Q, true)) quit_ = true;
    const auto draw_start = clock_type::now();
    draw_frame();
    plot::check_windows();
    ImGui::Render();
    if (options_.check_layout) plot::check_clipped_text();  // a walk over every glyph: only when it is read
    const double draw_ms = ms_since(draw_start);
    int w = 0, h = 0;
    glfwGetFramebufferSize(window_, &w, &h);
    glViewport(0, 0, w, h);
    const plot::Rgb clear = plot::rgb_of(plot::chart_theme().background);
    glClearColor(clear.r / 255.0f, clear.g / 255.0f, clear.b / 255.0f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    ++frame;
    for (const ScriptStep& step : script_) {
      if (step.frame != frame) continue;
      std::string error;
      if (step.action == "shot" && !write_framebuffer_png(step.arg, w, h, error)) {
        std::cerr << "arbiter-gui: script frame " << frame << ": " << error << "\n";
        status = 1;
      }
      if (step.action == "print") {
        const Lab* lab = active();
        std::cerr << "arbiter-gui: script frame " << frame << ": restart question "
                  << (restart_question_drawn_ ? "shown" : "not shown") << ", C(T) points "
                  << (lab ? accumulated_points(lab->session().observables()) : 0) << "\n";
        std::string drawn;
        for (const std::string& name : plot::drawn_series()) drawn += (drawn.empty() ? "" : " | ") + name;
        std::cerr << "arbiter-gui: script frame " << frame << ": series drawn: " << drawn << "\n";
        if (lab) {
          const std::optional<Lab::RunCount> count = lab->run_count();
          std::size_t ghosts = 0;
          for (const auto& p : lab->session().observables().plots) ghosts += lab->ghost_plot(p.id) != nullptr;
          std::cerr << "arbiter-gui: script frame " << frame << ": count " << (count ? count->value : -1) << " "
                    << (count ? count->unit : "") << ", " << (lab->playing ? "playing" : "not playing")
                    << ", ghost plots " << ghosts << ", \"" << lab->pause_text() << "\"\n";
        }
      }
    }
    const bool last = screenshot && frame >= options_.frames;
    const bool writes_png = want_png_ || last;  // encoding the PNG is not a frame's cost: left out of the stats
    if (writes_png) {
      const std::string path = last ? options_.screenshot : png_path_;
      std::string error;
      if (write_framebuffer_png(path, w, h, error)) {
        status_message_ = "wrote " + path;
      } else {
        status_message_ = error;
        if (last) {
          std::cerr << "arbiter-gui: " << error << "\n";
          status = 1;
        }
      }
      want_png_ = false;
    }
    glfwSwapBuffers(window_);
    const double frame_ms = ms_since(frame_start);
    frame_seconds_ = frame_ms * 1e-3;
    if (!writes_png) {
      stats_.add(frame_ms, last_step_ms_, last_steps_, draw_ms, process_cpu_ms() - cpu_start, step_cpu_ms);
      rest_ms_ += 0.1 * (std::max(0.0, frame_ms - last_step_ms_) - rest_ms_);
    }
    if (last) {
      const auto* renderer = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
      std::cerr << "arbiter-gui: " << w << "x" << h << " (" << (renderer ? renderer : "unknown renderer") << "), lab \""
                << (active() ? active()->title() : "") << "\" at "
                << static_cast<int>(std::floor((active() ? active()->session().progress() : 0.0) * 100.0)) << "% done, "
                << stats_.report(std::min(10, options_.frames / 4))
                << "; last frame " << io.MetricsRenderVertices << " vertices, " << io.MetricsRenderIndices / 3
                << " triangles\n";
      if (status == 0) std::cerr << "arbiter-gui: wrote " << options_.screenshot << "\n";
      if (options_.check_layout) {
        for (const auto& p : plot::layout_problems())
          std::cerr << "arbiter-gui: layout: " << p.where << ": \"" << p.text << "\" (" << p.overflow << ")\n";
        if (!plot::layout_problems().empty()) status = 1;
        std::cerr << "arbiter-gui: layout check: " << plot::layout_problems().size() << " problem(s)\n";
      }
      if (Lab* lab = active()) {
        for (const auto& [path, save] : {std::pair{options_.save_config, true}, std::pair{options_.export_csv, false}}) {
          if (path.empty()) continue;
          const bool ok = save ? save_config(*lab, path) : export_csv(*lab, path);
          std::cerr << "arbiter-gui: " << status_message_ << "\n";
          if (!ok) status = 1;
        }
        if (!options_.save_state.empty()) {
          std::ofstream out(options_.save_state);
          out << current_state_text() << "\n";
          std::cerr << "arbiter-gui: " << (out ? "wrote the state text to " : "cannot write ") << options_.save_state
                    << "\n";
          if (!out) status = 1;
        }
      }
      break;
    }
  }
  labs_.clear();  // textures go while the GL context is current
  return status;
}

}  // namespace

int run_gui(const Options& options) {
  // A config on the command line is checked before any window opens: errors exit with status 2.
  json config;
  const json* config_ptr = nullptr;
  SharedState state;
  const SharedState* state_ptr = nullptr;
  if (!options.state.empty()) {
    try {
      state = parse_state_text(options.state);
      const std::string dir = state_config_dir(state);
      experiments::make_experiment(experiments::resolve_config(state.config, "state text", dir), 1);
      state_ptr = &state;
    } catch (const std::exception& e) {
      std::cerr << "arbiter-gui: --state: " << e.what() << "\n";
      return 2;
    }
  }
  if (!options.config.empty()) {
    try {
      const experiments::LoadedConfig loaded = experiments::load_config(options.config);
      experiments::make_experiment(loaded, 1);
      config = experiments::read_json_file(options.config);
      config_ptr = &config;
    } catch (const core::ConfigError& e) {
      std::cerr << "arbiter-gui: " << e.what() << "\n";
      return 2;
    } catch (const std::exception& e) {
      std::cerr << "arbiter-gui: " << options.config << ": " << e.what() << "\n";
      return 2;
    }
  }

  glfwSetErrorCallback(on_glfw_error);
  const char* display = std::getenv("DISPLAY");
  const char* wayland = std::getenv("WAYLAND_DISPLAY");
  if (((!display || !*display) && (!wayland || !*wayland)) || !glfwInit()) {
    std::cerr << "arbiter-gui: no display: cannot open a window (DISPLAY=" << (display ? display : "unset")
              << (glfw_error_text.empty() ? "" : "; " + glfw_error_text) << ").\n"
              << "Run it in a desktop session, or headless under Xvfb, e.g.\n"
              << "  xvfb-run -a -s \"-screen 0 1920x1080x24\" arbiter-gui CONFIG --screenshot out.png --frames 60\n";
    return 2;
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  GLFWwindow* window = glfwCreateWindow(options.width, options.height, "Arbiter", nullptr, nullptr);
  if (window == nullptr) {
    std::cerr << "arbiter-gui: cannot create an OpenGL 3 window"
              << (glfw_error_text.empty() ? "" : ": " + glfw_error_text) << "\n";
    glfwTerminate();
    return 2;
  }
  glfwMakeContextCurrent(window);
  glfwSwapInterval(options.screenshot.empty() ? 1 : 0);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  install_key_queue(window);
  ImGui_ImplOpenGL3_Init("#version 130");
  int status = 0;
  {
    Shell shell(options, window);
    status = shell.run(config_ptr, options.config, state_ptr);
  }
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window);
  glfwTerminate();
  return status;
}

}  // namespace arbiter::gui
