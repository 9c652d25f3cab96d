// CartPole dynamics, transcribed from Gymnasium's cartpole.py (euler kinematics integrator).
#include "envs/cartpole.hpp"

#include <cmath>
#include <stdexcept>
#include <string>
#include "core/random_stream.hpp"

namespace arbiter::envs {

CartPole::CartPole(CartPoleParams p) { set_params(p); }

void CartPole::set_params(const CartPoleParams& p) {
  if (!(p.masscart > 0 && p.masspole > 0 && p.length > 0 && p.tau > 0 && p.theta_threshold > 0 &&
        p.x_threshold > 0 && p.force_mag >= 0 && p.max_steps >= 0 && std::isfinite(p.gravity)))
    throw std::invalid_argument("cartpole: masses, length, tau and thresholds must be > 0");
  p_ = p;
}

Observation CartPole::reset(std::uint64_t seed) {
  core::RandomStream rng(seed);
  for (double& v : state_) v = rng.uniform(-0.05, 0.05);
  steps_ = 0;
  return Observation(state_.begin(), state_.end());
}

Scene CartPole::scene() const {
  Scene s;
  s.cart_pole = CartPoleScene{state_[0], state_[1], state_[2], state_[3], 2.0 * p_.length, p_.x_threshold,
                              p_.theta_threshold};
  return s;
}

CartPole::State CartPole::dynamics(const State& s, int action, const CartPoleParams& p) {
  const double total_mass = p.masspole + p.masscart;
  const double polemass_length = p.masspole * p.length;
  const auto [x, x_dot, theta, theta_dot] = s;
  const double force = action == 1 ? p.force_mag : -p.force_mag;
  const double costheta = std::cos(theta), sintheta = std::sin(theta);
  const double temp = (force + polemass_length * theta_dot * theta_dot * sintheta) / total_mass;
  const double thetaacc = (p.gravity * sintheta - costheta * temp) /
                          (p.length * (4.0 / 3.0 - p.masspole * costheta * costheta / total_mass));
  const double xacc = temp - polemass_length * thetaacc * costheta / total_mass;
  return {x + p.tau * x_dot, x_dot + p.tau * xacc, theta + p.tau * theta_dot, theta_dot + p.tau * thetaacc};
}

StepResult CartPole::step(int action) {
  if (action != 0 && action != 1)
    throw std::out_of_range("cartpole: action " + std::to_string(action) + " outside [0, 2)");
  state_ = dynamics(state_, action, p_);
  ++steps_;
  StepResult r;
  r.observation.assign(state_.begin(), state_.end());
  r.terminated = state_[0] < -p_.x_threshold || state_[0] > p_.x_threshold ||
                 state_[2] < -p_.theta_threshold || state_[2] > p_.theta_threshold;
  r.reward = 1.0;
  r.truncated = !r.terminated && p_.max_steps > 0 && steps_ >= p_.max_steps;
  return r;
}

}  // namespace arbiter::envs
