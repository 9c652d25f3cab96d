// Zoom and focus, as pure logic: a double-click on a panel (a chart, heat map or lattice view) makes it fill
// the lab's views area; a second double-click or Escape goes back to the lab's own layout. Rectangles are in
// pixels (y down); nothing here throws.
#pragma once
#include <string>

namespace arbiter::gui::plot {

struct PanelRect { float x0 = 0, y0 = 0, x1 = 0, y1 = 0; };

class PanelFocus {
 public:
  // At the start of a frame: a focused panel that was not drawn in the last frame (another tab shown, another
  // config loaded) is let go, so that a lab never shows an empty views area.
  void begin_frame();
  // The lab's views area this frame (where a focused panel goes).
  void set_area(PanelRect views) { area_ = views; }
  // A double-click on `panel`: it fills the views area, or goes back when it already does.
  void double_click(const std::string& panel);
  // Escape: back to the lab's own layout; true when a panel was focused.
  bool escape();
  bool active() const { return !panel_.empty(); }
  const std::string& panel() const { return panel_; }
  // Where `panel` is drawn this frame: the whole views area when it is the focused panel (which marks it
  // drawn), else `slot`, its place in the lab's own layout (hidden while another panel is focused).
  PanelRect place(const std::string& panel, PanelRect slot);

 private:
  std::string panel_;
  PanelRect area_;
  bool drawn_ = false;  // the focused panel was drawn in this frame
};

// The GUI's one focus (begin_chart reads and writes it, the shell gives it the views area and Escape).
PanelFocus& panel_focus();

}  // namespace arbiter::gui::plot
