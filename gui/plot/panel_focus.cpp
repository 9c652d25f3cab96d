// The focused panel's id, the views area, and whether the panel was drawn since the frame began.
#include "gui/plot/panel_focus.hpp"

namespace arbiter::gui::plot {

void PanelFocus::begin_frame() {
  if (!drawn_) panel_.clear();
  drawn_ = false;
}

void PanelFocus::double_click(const std::string& panel) {
  if (panel_ == panel) {
    panel_.clear();
    return;
  }
  panel_ = panel;
  drawn_ = true;  // focused while being drawn: kept for the next frame
}

bool PanelFocus::escape() {
  const bool was = active();
  panel_.clear();
  return was;
}

PanelRect PanelFocus::place(const std::string& panel, PanelRect slot) {
  if (!active() || panel != panel_) return slot;
  drawn_ = true;
  return area_;
}

PanelFocus& panel_focus() {
  static PanelFocus focus;
  return focus;
}

}  // namespace arbiter::gui::plot
