// CartPole as in Gymnasium's CartPole-v1 (Barto, Sutton & Anderson 1983): same constants, explicit Euler
// integration, reward 1 per step (also on the terminating step), termination when |x| > 2.4 or
// |theta| > 12 degrees, truncation after 500 steps. Action 0 pushes left, 1 right. Observation
// (x, x_dot, theta, theta_dot); reset draws each uniformly from [-0.05, 0.05) from RandomStream(seed).
#pragma once
#include <array>
#include "envs/environment.hpp"

namespace arbiter::envs {

struct CartPoleParams {
  double gravity = 9.8, masscart = 1.0, masspole = 0.1;
  double length = 0.5;  // half the pole's length
  double force_mag = 10.0, tau = 0.02;
  double theta_threshold = 12.0 * 2.0 * 3.14159265358979323846 / 360.0;  // radians
  double x_threshold = 2.4;
  int max_steps = 500;  // 0: never truncate
};

class CartPole : public Environment {
 public:
  using State = std::array<double, 4>;  // x, x_dot, theta, theta_dot
  explicit CartPole(CartPoleParams p = {});

  std::string name() const override { return "cartpole"; }
  int action_count() const override { return 2; }
  int observation_size() const override { return 4; }
  Observation reset(std::uint64_t seed) override;
  StepResult step(int action) override;
  std::vector<std::string> action_names() const override { return {"push left", "push right"}; }
  // The cart and pole now, with the track and angle limits.
  Scene scene() const override;

  const State& state() const { return state_; }
  void set_state(const State& s) { state_ = s; steps_ = 0; }
  // Live change of the physics (takes effect on the next step); throws std::invalid_argument for
  // non-positive masses, length, tau or thresholds.
  void set_params(const CartPoleParams& p);
  const CartPoleParams& params() const { return p_; }
  // One Euler step of the equations of motion (no termination logic).
  static State dynamics(const State& s, int action, const CartPoleParams& p);

 private:
  CartPoleParams p_;
  State state_{};
  int steps_ = 0;
};

}  // namespace arbiter::envs
