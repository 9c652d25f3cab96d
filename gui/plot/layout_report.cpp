// Layout reports: a list filled while a frame draws; windows checked through Dear ImGui's internal state.
#include "gui/plot/layout_report.hpp"

#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <utility>
#include "gui/plot/label_text.hpp"

namespace arbiter::gui::plot {

namespace {
std::vector<LayoutProblem>& problems() {
  static std::vector<LayoutProblem> list;
  return list;
}
std::vector<std::string>& typed_texts() {
  static std::vector<std::string> list;
  return list;
}
constexpr float kTolerance = 0.5f;  // sub-pixel rounding is not clipping
}  // namespace

void report_text_fit(const std::string& where, const std::string& text, float needed, float available) {
  if (needed > available + kTolerance) problems().push_back({where, text, needed - available});
}

void report_cut(const std::string& where, const std::string& text) { problems().push_back({where, text, 0.0f}); }

void report_unit(const std::string& where, const std::string& what, const Unit& unit) {
  if (!unit.stated()) problems().push_back({where, "no unit: " + what, 0.0f});
}

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

void check_in_view(const std::string& what, ImVec2 min, ImVec2 max) {
  const ImGuiWindow* w = ImGui::GetCurrentWindow();
  const float scroll = w->Scroll.y;
  const float below = max.y + scroll - w->InnerClipRect.Max.y;
  const float above = w->InnerClipRect.Min.y - (min.y + scroll);
  if (below > kTolerance) problems().push_back({w->Name, "below the fold: " + what, below});
  else if (above > kTolerance) problems().push_back({w->Name, "above the window: " + what, above});
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

namespace {
// The atlas's glyphs by the top-left corner of their texture rectangle (every loaded font and size).
const std::map<std::pair<float, float>, unsigned>& glyphs_by_uv() {
  static std::map<std::pair<float, float>, unsigned> table;
  static const void* atlas_pixels = nullptr;
  ImFontAtlas* atlas = ImGui::GetIO().Fonts;
  if (atlas->TexPixelsAlpha8 != atlas_pixels || table.empty()) {
    table.clear();
    atlas_pixels = atlas->TexPixelsAlpha8;
    for (const ImFont* font : atlas->Fonts)
      for (const ImFontGlyph& g : font->Glyphs)
        if (g.Visible) table.emplace(std::make_pair(g.U0, g.V0), g.Codepoint);
  }
  return table;
}

struct Glyph {
  ImVec2 min, max;
  unsigned codepoint;
};

// The text of the line of glyphs around glyphs[at] (neighbours closer than two font heights), spaces where the
// gap is wider than a quarter of one.
std::string text_around(const std::vector<Glyph>& glyphs, std::size_t at) {
  float h = 1.0f;  // the tallest glyph near it: about the font's height
  for (const Glyph& g : glyphs)
    if (std::abs(g.max.y - glyphs[at].max.y) < 40.0f) h = std::max(h, g.max.y - g.min.y);
  auto joins = [&](const Glyph& a, const Glyph& b) {
    return b.min.x >= a.min.x && b.min.x - a.max.x < 2.0f * h && std::abs(b.max.y - a.max.y) < h;
  };
  std::size_t first = at, last = at;
  while (first > 0 && joins(glyphs[first - 1], glyphs[first])) --first;
  while (last + 1 < glyphs.size() && joins(glyphs[last], glyphs[last + 1])) ++last;
  std::string text;
  for (std::size_t i = first; i <= last; ++i) {
    if (i > first && glyphs[i].min.x - glyphs[i - 1].max.x > 0.25f * h) text += ' ';
    const unsigned c = glyphs[i].codepoint;
    text += c < 0x80 ? static_cast<char>(c) : '?';
  }
  return text;
}
}  // namespace

void check_clipped_text() {
  const ImDrawData* data = ImGui::GetDrawData();
  if (data == nullptr) return;
  const auto& table = glyphs_by_uv();
  const ImTextureID font_texture = ImGui::GetIO().Fonts->TexID;
  for (int l = 0; l < data->CmdListsCount; ++l) {
    const ImDrawList* list = data->CmdLists[l];
    const std::string owner = list->_OwnerName ? list->_OwnerName : "";
    for (const ImDrawCmd& cmd : list->CmdBuffer) {
      if (cmd.UserCallback != nullptr || cmd.TextureId != font_texture) continue;
      // Glyph quads as ImFont::RenderText writes them: indices i, i+1, i+2, i, i+2, i+3 over the corners
      // top-left, top-right, bottom-right, bottom-left, the top-left's uv a glyph's (U0, V0).
      std::vector<Glyph> glyphs;
      std::vector<std::size_t> cut;
      const ImDrawIdx* idx = list->IdxBuffer.Data + cmd.IdxOffset;
      for (unsigned i = 0; i + 6 <= cmd.ElemCount;) {
        const unsigned a = idx[i];
        const bool quad = idx[i + 1] == a + 1 && idx[i + 2] == a + 2 && idx[i + 3] == a && idx[i + 4] == a + 2 &&
                          idx[i + 5] == a + 3;
        const auto found = quad ? table.find({list->VtxBuffer[static_cast<int>(cmd.VtxOffset + a)].uv.x,
                                              list->VtxBuffer[static_cast<int>(cmd.VtxOffset + a)].uv.y})
                                : table.end();
        if (found == table.end()) {
          i += 3;
          continue;
        }
        const ImVec2 p0 = list->VtxBuffer[static_cast<int>(cmd.VtxOffset + a)].pos;
        const ImVec2 p2 = list->VtxBuffer[static_cast<int>(cmd.VtxOffset + a + 2)].pos;
        glyphs.push_back({p0, p2, found->second});
        if (p0.x < cmd.ClipRect.x - kTolerance || p2.x > cmd.ClipRect.z + kTolerance) cut.push_back(glyphs.size() - 1);
        i += 6;
      }
      // Raw key names shown as words (ground_degeneracy): a lowercase word of two letters or more joined by
      // "_" to another (T_c and C_v are notation, not keys). One report per line of text.
      std::string last_key_line;
      for (std::size_t at = 0; at < glyphs.size(); ++at) {
        if (glyphs[at].codepoint != '_') continue;
        const std::string line = text_around(glyphs, at);
        if (line == last_key_line || !has_raw_key(line)) continue;
        if (std::find(typed_texts().begin(), typed_texts().end(), line) != typed_texts().end()) continue;
        problems().push_back({owner + " (a raw key name as a label)", line, 0.0f});
        last_key_line = line;
      }
      std::string last_text;
      for (std::size_t at : cut) {
        const std::string text = text_around(glyphs, at);
        if (text == last_text) continue;
        last_text = text;
        const float over = std::max(cmd.ClipRect.x - glyphs[at].min.x, glyphs[at].max.x - cmd.ClipRect.z);
        problems().push_back({owner + " (text cut at its edge)", text, over});
      }
    }
  }
}

const std::vector<LayoutProblem>& layout_problems() { return problems(); }
void note_typed_text(const std::string& text) { typed_texts().push_back(text); }
void clear_layout_problems() {
  problems().clear();
  typed_texts().clear();
}

}  // namespace arbiter::gui::plot
