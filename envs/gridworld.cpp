// Gridworld map parsing (with a breadth-first reachability check) and dynamics.
#include "envs/gridworld.hpp"

#include <deque>

namespace arbiter::envs {
namespace {

std::string cell_name(int r, int c) { return "row " + std::to_string(r) + ", column " + std::to_string(c); }

}  // namespace

Gridworld::Gridworld(const std::vector<std::string>& map, GridworldRewards rewards, bool cliff_ends_episode,
                     int max_steps)
    : max_steps_(max_steps), cliff_ends_episode_(cliff_ends_episode), step_reward_(rewards.step) {
  if (map.empty()) throw GridworldMapError("a map with at least one row", "an empty map");
  rows_ = static_cast<int>(map.size());
  cols_ = static_cast<int>(map[0].size());
  if (cols_ == 0) throw GridworldMapError("rows with at least one cell", "an empty row 0");
  if (max_steps < 0) throw GridworldMapError("max_steps >= 0", std::to_string(max_steps));
  std::vector<int> goals;
  for (int r = 0; r < rows_; ++r) {
    if (static_cast<int>(map[r].size()) != cols_)
      throw GridworldMapError("every row " + std::to_string(cols_) + " characters long (as row 0)",
                              "row " + std::to_string(r) + " with " + std::to_string(map[r].size()));
    for (int c = 0; c < cols_; ++c) {
      CellType t;
      double rew = rewards.step;
      switch (map[r][c]) {
        case '.': case ' ': t = CellType::open; break;
        case '#': t = CellType::wall; break;
        case 'S': t = CellType::start; break;
        case 'G': t = CellType::goal; rew = rewards.goal; break;
        case 'C': t = CellType::cliff; rew = rewards.cliff; break;
        default:
          throw GridworldMapError("map characters among '#', 'S', 'G', 'C', '.', ' '",
                                  std::string("'") + map[r][c] + "' at " + cell_name(r, c));
      }
      if (t == CellType::start) {
        if (start_ >= 0) throw GridworldMapError("exactly one start 'S'", "a second one at " + cell_name(r, c));
        start_ = r * cols_ + c;
      }
      if (t == CellType::goal) goals.push_back(r * cols_ + c);
      cells_.push_back(t);
      rewards_.push_back(rew);
    }
  }
  if (start_ < 0) throw GridworldMapError("a start cell 'S'", "a map with no start");
  if (goals.empty()) throw GridworldMapError("at least one goal cell 'G'", "a map with no goal");
  // Breadth-first search from the start through open cells (walls block, cliffs send back).
  std::vector<char> seen(cells_.size(), 0);
  std::deque<int> queue{start_};
  seen[start_] = 1;
  const int dr[4] = {-1, 0, 1, 0}, dc[4] = {0, 1, 0, -1};
  while (!queue.empty()) {
    int s = queue.front();
    queue.pop_front();
    if (cells_[s] == CellType::goal) continue;
    for (int a = 0; a < 4; ++a) {
      int r = s / cols_ + dr[a], c = s % cols_ + dc[a];
      if (r < 0 || r >= rows_ || c < 0 || c >= cols_) continue;
      int n = r * cols_ + c;
      if (seen[n] || cells_[n] == CellType::wall || cells_[n] == CellType::cliff) continue;
      seen[n] = 1;
      queue.push_back(n);
    }
  }
  for (int g : goals)
    if (!seen[g])
      throw GridworldMapError("every goal reachable from the start", "an unreachable goal at " +
                                                                          cell_name(g / cols_, g % cols_));
  pos_ = start_;
}

int Gridworld::index(int row, int col) const {
  if (row < 0 || row >= rows_ || col < 0 || col >= cols_)
    throw std::out_of_range("gridworld: cell (" + std::to_string(row) + ", " + std::to_string(col) +
                            ") outside the " + std::to_string(rows_) + "x" + std::to_string(cols_) + " map");
  return row * cols_ + col;
}

Observation Gridworld::reset(std::uint64_t) {
  pos_ = start_;
  steps_ = 0;
  return {static_cast<double>(pos_)};
}

StepResult Gridworld::step(int action) {
  if (action < 0 || action >= 4)
    throw std::out_of_range("gridworld: action " + std::to_string(action) + " outside [0, 4)");
  const int dr[4] = {-1, 0, 1, 0}, dc[4] = {0, 1, 0, -1};
  int r = pos_ / cols_ + dr[action], c = pos_ % cols_ + dc[action];
  StepResult out;
  ++steps_;
  if (r < 0 || r >= rows_ || c < 0 || c >= cols_ || cells_[r * cols_ + c] == CellType::wall) {
    out.reward = step_reward_;  // bumped: stay put
  } else {
    int n = r * cols_ + c;
    out.reward = rewards_[n];
    pos_ = n;
    if (cells_[n] == CellType::goal) {
      out.terminated = true;
    } else if (cells_[n] == CellType::cliff) {
      if (cliff_ends_episode_) out.terminated = true;
      else pos_ = start_;
    }
  }
  out.truncated = !out.terminated && max_steps_ > 0 && steps_ >= max_steps_;
  out.observation = {static_cast<double>(pos_)};
  return out;
}

void Gridworld::set_cell(int row, int col, CellType type, double reward) {
  int i = index(row, col);
  if (i == start_ && type != CellType::start)
    throw std::invalid_argument("gridworld: the start cell cannot be changed");
  if (type == CellType::switched) throw std::invalid_argument("gridworld: a cell cannot be switched");
  if (type == CellType::start && i != start_)
    throw std::invalid_argument("gridworld: the start cannot be moved");
  cells_[i] = type;
  rewards_[i] = reward;
}

char Gridworld::symbol(CellType t) {
  switch (t) {
    case CellType::open: return '.';
    case CellType::wall: return '#';
    case CellType::start: return 'S';
    case CellType::goal: return 'G';
    case CellType::cliff: return 'C';
    case CellType::switched: break;
  }
  return '?';
}

Scene Gridworld::scene() const {
  Scene s;
  s.grid = GridScene{rows_, cols_, cells_};
  return s;
}

}  // namespace arbiter::envs
