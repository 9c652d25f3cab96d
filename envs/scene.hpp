// What an environment looks like now, for drawing: plain data, no graphics, in the environment's own units.
// An environment fills the member that fits it (a map of cells, or a cart and pole) and leaves the others
// empty; the experiment turns the scene into observables and a GUI draws those.
#pragma once
#include <optional>
#include <vector>

namespace arbiter::envs {

// A cell of a map. `switched`: a cell where the actions' effects are reversed (the short corridor's).
enum class CellType { open, wall, start, goal, cliff, switched };

// A map of cells, row-major (a corridor is one row). A tabular environment drawn this way numbers its
// states like the cells (state = row * cols + col).
struct GridScene {
  int rows = 0, cols = 0;
  std::vector<CellType> cells;
};

// A cart on a track with a pole hinged on it: its state, the pole's full length (m), and the limits past
// which an episode ends (track half-width in m, pole angle in radians either side of vertical).
struct CartPoleScene {
  double x = 0.0, x_dot = 0.0, theta = 0.0, theta_dot = 0.0;
  double pole_length = 1.0, track_limit = 2.4, angle_limit = 0.2094;
};

struct Scene {
  std::optional<GridScene> grid;
  std::optional<CartPoleScene> cart_pole;
};

}  // namespace arbiter::envs
