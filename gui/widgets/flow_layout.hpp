// Rows of buttons and radio buttons that wrap instead of running past the panel's edge: the width of an
// item before it is drawn, and SameLine only when that width still fits on the current line.
#pragma once

namespace arbiter::gui {

float button_width(const char* label);        // ImGui::Button
float small_button_width(const char* label);  // ImGui::SmallButton
float radio_width(const char* label);         // ImGui::RadioButton and ImGui::Checkbox
// After an item: stays on its line (ImGui::SameLine) when `next_width` fits before the content region's
// right edge; otherwise the next item starts a new line.
void same_line_if_fits(float next_width);

}  // namespace arbiter::gui
