// Layout reports: a list filled while a frame draws; windows checked through Dear ImGui's internal state.
#include "gui/plot/layout_report.hpp"

#include <imgui.h>
#include <imgui_internal.h>

namespace arbiter::gui::plot {

namespace {
std::vector<LayoutProblem>& problems() {
  static std::vector<LayoutProblem> list;
  return list;
}
constexpr float kTolerance = 0.5f;  // sub-pixel rounding is not clipping
}  // namespace

void report_text_fit(const std::string& where, const std::string& text, float needed, float available) {
  if (needed > available + kTolerance) problems().push_back({where, text, needed - available});
}

void report_cut(const std::string& where, const std::string& text) { problems().push_back({where, text, 0.0f}); }

void report_legend_overlap(const std::string& chart, std::size_t hidden) {
  if (hidden > 0) problems().push_back({chart, "legend over plotted points", static_cast<float>(hidden)});
}

void check_last_item(const char* what) {
  const float right = ImGui::GetItemRectMax().x;
  const float edge = ImGui::GetWindowDrawList()->GetClipRectMax().x;
  const float left = ImGui::GetWindowDrawList()->GetClipRectMin().x;
  if (right < left) return;  // scrolled out of view, not clipped
  if (right > edge + kTolerance)
    problems().push_back({ImGui::GetCurrentWindow()->Name, what ? what : "", right - edge});
}

void check_windows() {
  const ImGuiContext& g = *ImGui::GetCurrentContext();
  for (const ImGuiWindow* w : g.Windows) {
    if (!w->Active || w->Hidden || w->SkipItems) continue;
    const float right = w->DC.CursorMaxPos.x - w->InnerClipRect.Max.x;
    if (right > kTolerance && !w->ScrollbarX) problems().push_back({w->Name, "content past the right edge", right});
    const float bottom = w->DC.CursorMaxPos.y - w->InnerClipRect.Max.y;
    if (bottom > kTolerance && (w->Flags & ImGuiWindowFlags_NoScrollbar) != 0)
      problems().push_back({w->Name, "content past the bottom edge", bottom});
  }
}

const std::vector<LayoutProblem>& layout_problems() { return problems(); }
void clear_layout_problems() { problems().clear(); }

}  // namespace arbiter::gui::plot
