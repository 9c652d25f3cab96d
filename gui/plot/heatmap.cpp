// Grid -> RGBA texture -> ImGui image, with a colour bar and a hover read-out.
#include "gui/plot/heatmap.hpp"

#include <GL/gl.h>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include "gui/plot/axes.hpp"
#include "gui/plot/frame.hpp"
#include "gui/plot/label_text.hpp"
#include "gui/plot/layout_report.hpp"
#include "gui/plot/theme.hpp"

namespace arbiter::gui::plot {

GridTexture::~GridTexture() {
  if (texture_ != 0) {
    const GLuint t = texture_;
    glDeleteTextures(1, &t);
  }
}

void GridTexture::upload(const experiments::Grid& grid, ColourMap map) {
  if (grid.rows <= 0 || grid.cols <= 0) return;
  // Unchanged since the last upload (a paused lab, or a frame that did not step): nothing to do.
  if (texture_ != 0 && grid.rows == rows_ && grid.cols == cols_ && map == map_ && grid.lo == lo_ &&
      grid.hi == hi_ && grid.values == values_)
    return;
  values_ = grid.values;
  map_ = map;
  lo_ = grid.lo;
  hi_ = grid.hi;
  const std::size_t cells = static_cast<std::size_t>(grid.rows) * static_cast<std::size_t>(grid.cols);
  rgba_.resize(cells * 4);
  const float span = grid.hi > grid.lo ? grid.hi - grid.lo : 1.0f;
  // A 256-entry table of the colour map (a 256 x 256 lattice is recoloured every frame).
  constexpr int kLevels = 256;
  ImU32 table[kLevels];
  for (int k = 0; k < kLevels; ++k) table[k] = colour_at(map, static_cast<float>(k) / (kLevels - 1));
  for (std::size_t i = 0; i < cells; ++i) {
    const float v = i < grid.values.size() ? grid.values[i] : grid.lo;
    const float t = std::clamp((v - grid.lo) / span, 0.0f, 1.0f);
    const ImU32 c = std::isfinite(v) ? table[static_cast<int>(t * (kLevels - 1) + 0.5f)] : IM_COL32(128, 128, 128, 255);
    rgba_[4 * i + 0] = static_cast<unsigned char>(c & 0xFF);
    rgba_[4 * i + 1] = static_cast<unsigned char>((c >> 8) & 0xFF);
    rgba_[4 * i + 2] = static_cast<unsigned char>((c >> 16) & 0xFF);
    rgba_[4 * i + 3] = 255;
  }
  if (texture_ == 0) {
    GLuint t = 0;
    glGenTextures(1, &t);
    texture_ = t;
  }
  glBindTexture(GL_TEXTURE_2D, texture_);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  if (grid.rows != rows_ || grid.cols != cols_) {
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, grid.cols, grid.rows, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba_.data());
    rows_ = grid.rows;
    cols_ = grid.cols;
  } else {
    glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, grid.cols, grid.rows, GL_RGBA, GL_UNSIGNED_BYTE, rgba_.data());
  }
}

ImTextureID GridTexture::id() const {
  return reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(texture_));
}

ImVec2 HeatmapView::cell_centre(int row, int col) const {
  const float s = cell_size();
  return ImVec2(image_min.x + (static_cast<float>(col) + 0.5f) * s, image_min.y + (static_cast<float>(row) + 0.5f) * s);
}

float HeatmapView::cell_size() const { return cols > 0 ? (image_max.x - image_min.x) / static_cast<float>(cols) : 0.0f; }

ColourMap default_colour_map(const experiments::Grid& grid) {
  using Scale = experiments::Grid::Scale;
  if (grid.scale != Scale::automatic) return grid.scale == Scale::diverging ? ColourMap::diverging : ColourMap::viridis;
  return grid.lo < 0.0f && grid.hi > 0.0f ? ColourMap::diverging : ColourMap::viridis;
}

ColourMap GridTexture::stable_map(const experiments::Grid& grid) {
  if (grid.scale != experiments::Grid::Scale::automatic) return default_colour_map(grid);
  if (chosen_) return *chosen_;
  const ColourMap map = default_colour_map(grid);
  if (grid.lo < grid.hi) chosen_ = map;
  return map;
}

HeatmapView heatmap(const experiments::Grid& input, ImVec2 size, GridTextures& textures, const Unit& value,
                    const HeatmapOptions& options) {
  GridTexture& tex = textures[input.id.empty() ? input.title : input.id];
  const ColourMap map = options.map ? *options.map : tex.stable_map(input);
  // A diverging map is centred on 0 (white), so a sign reads as a colour whatever the range.
  experiments::Grid centred;
  const bool recentre = map == ColourMap::diverging && input.hi != -input.lo;
  if (recentre) {
    centred = input;
    const float m = std::max(std::abs(input.lo), std::abs(input.hi));
    centred.lo = -m;
    centred.hi = m;
  }
  const experiments::Grid& grid = recentre ? centred : input;
  HeatmapView view;
  view.rows = grid.rows;
  view.cols = grid.cols;
  const std::string chart = grid.id.empty() ? grid.title : grid.id;
  if (grid.unit.empty()) report_unit(chart, "cell values", value);
  ChartFrame f = begin_chart(chart, grid.title, size, 0, false, "", "");
  if (grid.rows <= 0 || grid.cols <= 0) return view;
  tex.upload(grid, map);

  // Square cells, centred, leaving room for the labels and a colour bar on the right.
  const float line = ImGui::GetTextLineHeight();
  float row_label_w = 0.0f;
  for (const auto& l : options.row_labels) row_label_w = std::max(row_label_w, ImGui::CalcTextSize(words(l).c_str()).x);
  if (row_label_w > 0.0f) row_label_w += 6.0f;
  // Column labels, and the colour bar's label, go in a band above the image.
  const float col_label_h = options.col_labels.empty() && !options.colour_bar ? 0.0f : line + 4.0f;
  const float bar_w = line * 0.8f;
  // The colour bar's tick labels as they will be printed ("-0.5972" is wider than "-0.000").
  const std::string tick_hi = tick_label(grid.hi), tick_lo = tick_label(grid.lo);
  const float tick_w = std::max({ImGui::CalcTextSize(tick_hi.c_str()).x, ImGui::CalcTextSize(tick_lo.c_str()).x,
                                 ImGui::CalcTextSize("-0.000").x});
  const float bar_room = options.colour_bar ? bar_w + tick_w + 14.0f : 0.0f;
  const float avail_w = f.area_max.x - f.area_min.x - bar_room - row_label_w;
  const float avail_h = f.area_max.y - f.area_min.y - 4.0f - col_label_h;
  const float cell = pixel_cell(std::min(avail_w / static_cast<float>(grid.cols), avail_h / static_cast<float>(grid.rows)),
                                ImGui::GetIO().DisplayFramebufferScale.x);
  const float w = cell * static_cast<float>(grid.cols), h = cell * static_cast<float>(grid.rows);
  view.image_min = ImVec2(std::round(f.area_min.x + row_label_w + (avail_w - w) * 0.5f),
                          std::round(f.area_min.y + col_label_h + (avail_h - h) * 0.5f));
  view.image_max = ImVec2(view.image_min.x + w, view.image_min.y + h);
  f.draw->AddImage(tex.id(), view.image_min, view.image_max);
  f.draw->AddRect(view.image_min, view.image_max, chart_theme().muted_text);
  const ImU32 text = chart_theme().text;
  for (std::size_t r = 0; r < options.row_labels.size() && r < static_cast<std::size_t>(grid.rows); ++r) {
    const ImVec2 ts = ImGui::CalcTextSize(words(options.row_labels[r]).c_str());
    f.draw->AddText(ImVec2(view.image_min.x - ts.x - 6.0f, view.image_min.y + (static_cast<float>(r) + 0.5f) * cell - ts.y * 0.5f),
                    text, words(options.row_labels[r]).c_str());
  }
  // Column labels centred over their columns; one that would touch the label before it is left out.
  float last_right = -1e30f;
  for (std::size_t c = 0; c < options.col_labels.size() && c < static_cast<std::size_t>(grid.cols); ++c) {
    const ImVec2 ts = ImGui::CalcTextSize(words(options.col_labels[c]).c_str());
    const float x = view.image_min.x + (static_cast<float>(c) + 0.5f) * cell - ts.x * 0.5f;
    if (x < last_right + ImGui::CalcTextSize(" ").x) continue;
    f.draw->AddText(ImVec2(x, view.image_min.y - ts.y - 3.0f), text, words(options.col_labels[c]).c_str());
    last_right = x + ts.x;
  }
  if (options.annotate && cell > line * 1.4f) {
    for (int r = 0; r < grid.rows; ++r)
      for (int c = 0; c < grid.cols; ++c) {
        const std::size_t i = static_cast<std::size_t>(r) * static_cast<std::size_t>(grid.cols) + static_cast<std::size_t>(c);
        if (i >= grid.values.size()) continue;
        char buf[24];
        std::snprintf(buf, sizeof buf, "%.3g", static_cast<double>(grid.values[i]));
        ImVec2 ts = ImGui::CalcTextSize(buf);
        if (ts.x > cell - 4.0f) {
          std::snprintf(buf, sizeof buf, "%.2g", static_cast<double>(grid.values[i]));
          ts = ImGui::CalcTextSize(buf);
        }
        if (ts.x > cell - 2.0f) continue;
        const float t = grid.hi > grid.lo ? (grid.values[i] - grid.lo) / (grid.hi - grid.lo) : 0.5f;
        // Dark text on the light middle of the diverging map and the bright end of viridis.
        const bool light_cell = map == ColourMap::diverging ? (t > 0.25f && t < 0.75f) : t > 0.6f;
        const ImVec2 centre = view.cell_centre(r, c);
        f.draw->AddText(ImVec2(centre.x - ts.x * 0.5f, centre.y - ts.y * 0.5f),
                        light_cell ? IM_COL32(20, 20, 30, 255) : IM_COL32(255, 255, 255, 255), buf);
      }
  }

  if (options.colour_bar) {
    const ImVec2 b0(view.image_max.x + 12.0f, view.image_min.y), b1(b0.x + bar_w, view.image_max.y);
    const int steps = 32;
    for (int i = 0; i < steps; ++i) {
      const float t0 = static_cast<float>(i) / steps, t1 = static_cast<float>(i + 1) / steps;
      f.draw->AddRectFilled(ImVec2(b0.x, b1.y - t1 * h), ImVec2(b1.x, b1.y - t0 * h), colour_at(map, (t0 + t1) * 0.5f));
    }
    f.draw->AddRect(b0, b1, chart_theme().muted_text);
    f.draw->AddText(ImVec2(b1.x + 4.0f, b0.y), text, tick_hi.c_str());
    f.draw->AddText(ImVec2(b1.x + 4.0f, b1.y - line), text, tick_lo.c_str());
    if (map == ColourMap::diverging && h > line * 4.0f) {  // the centre of a diverging map is 0
      const float mid = 0.5f * (b0.y + b1.y);
      f.draw->AddLine(ImVec2(b0.x, mid), ImVec2(b1.x, mid), chart_theme().muted_text);
      f.draw->AddText(ImVec2(b1.x + 4.0f, mid - line * 0.5f), text, "0");
    }
    // The label above the bar, ending at the chart's right edge (clipped to the chart): the unit, or the
    // title when it is short (a long one is the chart's title already).
    const bool short_title = ImGui::CalcTextSize(grid.title.c_str()).x <= bar_room * 1.5f;
    const std::string& unit = grid.unit.empty() ? value.symbol() : grid.unit;
    const std::string& label = unit.empty() && short_title ? grid.title : unit;
    const float lw = ImGui::CalcTextSize(label.c_str()).x;
    const float lx = std::max(f.area_min.x, std::min(b0.x, f.outer_max.x - 4.0f - lw));
    f.draw->PushClipRect(f.outer_min, f.outer_max, true);
    f.draw->AddText(ImVec2(lx, b0.y - line - 3.0f), text, label.c_str());
    f.draw->PopClipRect();
  }

  const ImVec2 mouse = ImGui::GetIO().MousePos;
  if (f.hovered && mouse.x >= view.image_min.x && mouse.x < view.image_max.x && mouse.y >= view.image_min.y &&
      mouse.y < view.image_max.y) {
    view.hover_col = std::clamp(static_cast<int>((mouse.x - view.image_min.x) / cell), 0, grid.cols - 1);
    view.hover_row = std::clamp(static_cast<int>((mouse.y - view.image_min.y) / cell), 0, grid.rows - 1);
    view.clicked = ImGui::IsMouseClicked(ImGuiMouseButton_Left);  // f.hovered: also when the panel is focused
    const std::size_t i = static_cast<std::size_t>(view.hover_row) * static_cast<std::size_t>(grid.cols) +
                          static_cast<std::size_t>(view.hover_col);
    if (i < grid.values.size()) {
      ImGui::BeginTooltip();
      const auto r = static_cast<std::size_t>(view.hover_row), c = static_cast<std::size_t>(view.hover_col);
      if (r < options.row_labels.size() && c < options.col_labels.size())
        ImGui::Text("%s, %s: %s", words(options.row_labels[r]).c_str(), words(options.col_labels[c]).c_str(),
                    format_value(grid.values[i]).c_str());
      else
        ImGui::Text("row %d, col %d: %s", view.hover_row, view.hover_col, format_value(grid.values[i]).c_str());
      ImGui::EndTooltip();
    }
  }
  return view;
}

}  // namespace arbiter::gui::plot
