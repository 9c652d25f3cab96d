// A gridworld read from a text map: '#' wall, 'S' start (exactly one), 'G' goal (one or more, terminal),
// 'C' cliff, '.' or ' ' open. Actions 0 up, 1 right, 2 down, 3 left; moving into a wall or off the map stays
// put. Entering a cell gives that cell's reward (open/start: step reward, goal: goal reward, cliff: cliff
// reward); entering a cliff sends the agent back to the start (or ends the episode). Observation: the state
// index row * cols + col. A bad map throws GridworldMapError; cells may be changed while learning.
#pragma once
#include <stdexcept>
#include <string>
#include <vector>
#include "core/input_error.hpp"
#include "envs/environment.hpp"
#include "envs/scene.hpp"

namespace arbiter::envs {

// A map that cannot be used: an error in the argument "map", saying what was expected and what was found
// (the caller places it at its config path).
class GridworldMapError : public core::ArgumentError {
 public:
  GridworldMapError(std::string expected, std::string got)
      : core::ArgumentError("map", std::move(expected), std::move(got)) {}
};

struct GridworldRewards {
  double step = -1.0;     // entering an open or start cell (and bumping into a wall)
  double goal = 0.0;      // entering a goal
  double cliff = -100.0;  // entering a cliff
};

class Gridworld : public Environment {
 public:
  static constexpr int up = 0, right = 1, down = 2, left = 3;

  // Throws GridworldMapError for ragged rows, unknown characters, no start or several, no goal, or a goal
  // the start cannot reach without crossing a wall or a cliff. max_steps > 0 truncates episodes.
  Gridworld(const std::vector<std::string>& map, GridworldRewards rewards, bool cliff_ends_episode = false,
            int max_steps = 0);

  std::string name() const override { return "gridworld"; }
  int action_count() const override { return 4; }
  int observation_size() const override { return 1; }
  int state_count() const override { return rows_ * cols_; }
  Observation reset(std::uint64_t seed) override;
  StepResult step(int action) override;
  std::vector<std::string> action_names() const override { return {"up", "right", "down", "left"}; }
  // The map (start, goals, walls, cliffs, open cells).
  Scene scene() const override;

  int rows() const { return rows_; }
  int cols() const { return cols_; }
  int start_state() const { return start_; }
  int state() const { return pos_; }
  CellType cell(int row, int col) const { return cells_.at(index(row, col)); }
  double reward(int row, int col) const { return rewards_.at(index(row, col)); }

  // Live change: sets a cell's type and the reward for entering it. The start cannot be moved or covered
  // (std::invalid_argument, as is a switched cell); reachability is not re-checked (max_steps bounds an episode).
  void set_cell(int row, int col, CellType type, double reward);
  static char symbol(CellType t);

 private:
  int index(int row, int col) const;
  int rows_ = 0, cols_ = 0, start_ = -1, pos_ = -1, steps_ = 0, max_steps_;
  bool cliff_ends_episode_;
  double step_reward_;
  std::vector<CellType> cells_;
  std::vector<double> rewards_;
};

}  // namespace arbiter::envs
