// What the drawing did not fit, reported by the widgets as they draw: text cut or clipped by its box or
// window (a card's label, a chart title shortened to "...", a control past the panel's edge), charts whose
// data area is under three text lines high, and legends left over plotted points. `arbiter-gui --check-layout` prints a frame's reports and exits 1 when there are
// any; the screenshot tests (label gui) run every preset that way. Reporting costs nothing when unread.
#pragma once
#include <string>
#include <imgui.h>
#include <vector>
#include "gui/plot/unit.hpp"

namespace arbiter::gui::plot {

struct LayoutProblem {
  std::string where;  // the window, chart or card
  std::string text;   // the text that did not fit (or the legend's chart)
  float overflow = 0.0f;  // pixels past the edge (legends: the points hidden)
};

// Text `text` needing `needed` pixels was drawn in `available` (reported only when needed > available).
void report_text_fit(const std::string& where, const std::string& text, float needed, float available);
// A title or label shortened to fit (the drawing cut it).
void report_cut(const std::string& where, const std::string& text);
// A card's value or a chart's axis `what` drawn in `unit`: reported when the unit is Unit::unstated() (a
// view whose lab did not say what it is measured in, nor that it is a count, a probability or a ratio).
void report_unit(const std::string& where, const std::string& what, const Unit& unit);
// A legend drawn over `hidden` plotted points.
void report_legend_overlap(const std::string& chart, std::size_t hidden);
// After an ImGui item: reports it when its rectangle passes the right edge of the current clip rectangle
// (the window's visible region, or a table cell).
void check_last_item(const char* what);
// A view a lesson is about, drawn at [min, max] (screen pixels) in the current window: reported when part of
// it lies below the window's visible region with the window scrolled to the top (below the fold: the class
// would have to scroll to see the lesson's point).
void check_in_view(const std::string& what, ImVec2 min, ImVec2 max);
// At the end of a frame (before ImGui::Render): every visible window whose content passes its right edge
// (no horizontal scrolling anywhere) or, for a window without a scroll bar, its bottom edge.
void check_windows();
// After ImGui::Render: every glyph of text drawn past the left or right edge of its clip rectangle (a window,
// a child, a chart) and cut there by the renderer, reported with the run of text around it. Catches text that
// runs off a window (ImGui::Text, a draw list's AddText); a widget's own label cut to its frame (a progress
// bar's overlay, a combo's preview) is clipped before drawing and is checked where it is drawn (report_text_fit).
// The same walk reports a raw key name drawn as a word (ground_degeneracy; T_c and C_v are notation).
void check_clipped_text();

// Text a user typed (a product's name in its field): shown as typed, so check_clipped_text does not take
// it for a raw key name this frame.
void note_typed_text(const std::string& text);

// This frame's reports, and the start of a new frame.
const std::vector<LayoutProblem>& layout_problems();
void clear_layout_problems();

}  // namespace arbiter::gui::plot
