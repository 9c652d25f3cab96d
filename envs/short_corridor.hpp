// Sutton & Barto's short corridor with switched actions (Example 13.1): states 0, 1, 2 and the goal 3.
// Action 0 = left, 1 = right; in state 1 the actions are switched. Every step, including the one reaching
// the goal, gives step_reward (-1 in the book). Observation: the state index (the book's agent ignores it).
#pragma once
#include "envs/environment.hpp"

namespace arbiter::envs {

class ShortCorridor : public Environment {
 public:
  static constexpr int left = 0, right = 1, goal = 3;

  // max_steps > 0 truncates an episode after that many steps; 0 never truncates.
  explicit ShortCorridor(int max_steps = 0, double step_reward = -1.0);

  std::string name() const override { return "short_corridor"; }
  int action_count() const override { return 2; }
  int observation_size() const override { return 1; }
  int state_count() const override { return 4; }
  Observation reset(std::uint64_t seed) override;
  StepResult step(int action) override;
  std::vector<std::string> action_names() const override { return {"left", "right"}; }
  // One row of four cells: the start, the switched state, an open state and the goal.
  Scene scene() const override;

  int state() const { return state_; }
  double step_reward() const { return step_reward_; }

  // Exact value of the start state, J(p) = (2p - 4) / (p (1 - p)) for reward -1 per step, when every state
  // goes right with probability p in (0, 1); scaled by -step_reward in general.
  static double start_value(double p_right, double step_reward = -1.0);
  // The p that maximises J: 2 - sqrt(2); J there is -(6 + 4 sqrt 2) = -11.657.
  static double optimal_p_right();

 private:
  int max_steps_;
  double step_reward_;
  int state_ = 0, steps_ = 0;
};

}  // namespace arbiter::envs
