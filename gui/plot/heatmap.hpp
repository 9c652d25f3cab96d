// Heatmaps of a lattice Grid: the values go into an OpenGL texture (one texel per cell, nearest
// filtering), drawn with square cells, a colour bar and a hover read-out. The returned view locates the
// image on screen, so a lab can draw over cells (arrows, walls) or react to a click on one.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>
#include <imgui.h>
#include "experiments/experiment.hpp"
#include "gui/plot/palette.hpp"
#include "gui/plot/unit.hpp"

namespace arbiter::gui::plot {

// One OpenGL texture holding a grid's colours; needs a current OpenGL context. Not copyable.
class GridTexture {
 public:
  GridTexture() = default;
  ~GridTexture();
  GridTexture(const GridTexture&) = delete;
  GridTexture& operator=(const GridTexture&) = delete;
  // Uploads the grid's values through the colour map (reallocating when the size changes); does nothing
  // when the values, range and map are those of the last upload.
  void upload(const experiments::Grid& grid, ColourMap map);
  ImTextureID id() const;
  // The grid's colour map, stable while this texture lives: the grid's declared scale, or for an
  // automatic one the choice made on the first call with lo < hi (default_colour_map then).
  ColourMap stable_map(const experiments::Grid& grid);

 private:
  unsigned texture_ = 0;
  int rows_ = 0, cols_ = 0;
  std::vector<unsigned char> rgba_;
  std::vector<float> values_;  // what the texture shows
  ColourMap map_{};
  float lo_ = 0.0f, hi_ = 0.0f;
  std::optional<ColourMap> chosen_;  // an automatic scale's map, once chosen
};

// Textures for the grids of a view, keyed by grid id (kept between frames).
using GridTextures = std::map<std::string, GridTexture>;

struct HeatmapView {
  ImVec2 image_min, image_max;  // the lattice on screen
  int rows = 0, cols = 0;
  int hover_row = -1, hover_col = -1;  // cell under the mouse, -1 if none
  bool clicked = false;                // left click on a cell this frame
  ImVec2 cell_centre(int row, int col) const;
  float cell_size() const;
};

struct HeatmapOptions {
  bool annotate = false;      // print each cell's value in it (when the cells are large enough)
  bool colour_bar = true;
  std::vector<std::string> row_labels, col_labels;  // optional, left of the rows / above the columns
  std::optional<ColourMap> map;                      // default: the grid's scale (GridTexture::stable_map)
};

// A diverging map when the scale straddles 0 (spins, signed values), viridis otherwise; a declared scale wins.
ColourMap default_colour_map(const experiments::Grid& grid);
// Draws the grid in a box of `size` at the cursor, with a colour bar labelled by the grid's unit, else by
// `value`'s (the unit of the cells' values), else by the grid's title.
HeatmapView heatmap(const experiments::Grid& grid, ImVec2 size, GridTextures& textures, const Unit& value,
                    const HeatmapOptions& options = {});

}  // namespace arbiter::gui::plot
