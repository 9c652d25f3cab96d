// File popups for the shell.
#include "gui/app/file_dialog.hpp"

#include <algorithm>
#include <filesystem>
#include <imgui.h>
#include <imgui_stdlib.h>

namespace arbiter::gui {

namespace fs = std::filesystem;

namespace {
const char* title_of(FileAction a) {
  switch (a) {
    case FileAction::load_config: return "Load config";
    case FileAction::save_config: return "Save config";
    case FileAction::export_csv: return "Export CSV";
    case FileAction::export_png: return "Export PNG";
    default: return "File";
  }
}
}  // namespace

std::vector<std::string> list_config_files() {
  std::vector<std::string> out;
  std::error_code ec;
  std::vector<fs::path> roots{fs::path("configs")};
  const fs::path source = fs::path(ARBITER_SOURCE_DIR) / "configs";
  if (!fs::equivalent(source, fs::path("configs"), ec)) roots.push_back(source);
  for (const auto& root : roots) {
    if (!fs::is_directory(root, ec)) continue;
    for (auto it = fs::recursive_directory_iterator(root, ec); it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (ec || out.size() >= 400) break;
      if (it->is_regular_file(ec) && it->path().extension() == ".json") out.push_back(it->path().string());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

void FileDialog::open(FileAction action, const std::string& suggestion) {
  action_ = action;
  path_ = suggestion;
  message_.clear();
  pending_open_ = true;
  close_requested_ = false;
  if (action == FileAction::load_config) configs_ = list_config_files();
}

FileAction FileDialog::draw() {
  if (action_ == FileAction::none) return FileAction::none;
  const char* title = title_of(action_);
  if (pending_open_) {
    ImGui::OpenPopup(title);
    pending_open_ = false;
  }
  FileAction confirmed = FileAction::none;
  const ImVec2 centre = ImGui::GetMainViewport()->GetCenter();
  ImGui::SetNextWindowPos(centre, ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(ImGui::GetFontSize() * 40.0f, 0.0f), ImGuiCond_Appearing);
  if (ImGui::BeginPopupModal(title, nullptr, ImGuiWindowFlags_NoSavedSettings)) {
    if (close_requested_) {
      close_requested_ = false;
      action_ = FileAction::none;
      ImGui::CloseCurrentPopup();
      ImGui::EndPopup();
      return FileAction::none;
    }
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    ImGui::SetNextItemWidth(-1.0f);
    const bool enter = ImGui::InputText("##path", &path_, ImGuiInputTextFlags_EnterReturnsTrue);
    if (action_ == FileAction::load_config && !configs_.empty()) {
      ImGui::TextDisabled("Configs found (click to pick, double-click to load):");
      if (ImGui::BeginListBox("##configs", ImVec2(-1.0f, ImGui::GetTextLineHeightWithSpacing() * 12.0f))) {
        for (const auto& c : configs_) {
          if (ImGui::Selectable(c.c_str(), c == path_, ImGuiSelectableFlags_AllowDoubleClick)) {
            path_ = c;
            if (ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) confirmed = action_;
          }
        }
        ImGui::EndListBox();
      }
    }
    if (!message_.empty()) {
      ImGui::PushTextWrapPos(0.0f);
      ImGui::TextColored(ImVec4(0.75f, 0.1f, 0.1f, 1.0f), "%s", message_.c_str());
      ImGui::PopTextWrapPos();
    }
    if (ImGui::Button("OK", ImVec2(ImGui::GetFontSize() * 6.0f, 0.0f)) || enter) confirmed = action_;
    ImGui::SameLine();
    if (ImGui::Button("Cancel", ImVec2(ImGui::GetFontSize() * 6.0f, 0.0f)) || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
      action_ = FileAction::none;
      ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
  } else {
    action_ = FileAction::none;
  }
  return confirmed;
}

}  // namespace arbiter::gui
