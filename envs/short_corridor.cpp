// Short corridor dynamics and its closed-form start value (derived from the three Bellman equations).
#include "envs/short_corridor.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <stdexcept>

namespace arbiter::envs {

ShortCorridor::ShortCorridor(int max_steps, double step_reward)
    : max_steps_(max_steps), step_reward_(step_reward) {
  if (max_steps < 0) throw std::invalid_argument("ShortCorridor: max_steps must be >= 0");
}

Observation ShortCorridor::reset(std::uint64_t) {
  state_ = 0;
  steps_ = 0;
  return {0.0};
}

StepResult ShortCorridor::step(int action) {
  if (action != left && action != right)
    throw std::out_of_range("short_corridor: action " + std::to_string(action) + " outside [0, 2)");
  if (state_ == goal) throw std::logic_error("short_corridor: step() after the episode ended; call reset()");
  int move = action == right ? 1 : -1;
  if (state_ == 1) move = -move;  // the switched state
  state_ = std::max(0, state_ + move);
  ++steps_;
  StepResult r;
  r.observation = {static_cast<double>(state_)};
  r.reward = step_reward_;
  r.terminated = state_ == goal;
  r.truncated = !r.terminated && max_steps_ > 0 && steps_ >= max_steps_;
  return r;
}

double ShortCorridor::start_value(double p, double step_reward) {
  if (!(p > 0.0 && p < 1.0)) return step_reward < 0 ? -INFINITY : (step_reward > 0 ? INFINITY : 0.0);
  return -step_reward * (2.0 * p - 4.0) / (p * (1.0 - p));
}

Scene ShortCorridor::scene() const {
  Scene s;
  s.grid = GridScene{1, 4, {CellType::start, CellType::switched, CellType::open, CellType::goal}};
  return s;
}

double ShortCorridor::optimal_p_right() { return 2.0 - std::sqrt(2.0); }

}  // namespace arbiter::envs
