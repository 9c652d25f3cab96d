// Gradient bandit: the preference step is the Boltzmann policy's score function scaled by alpha (R - b).
#include "agents/gradient_bandit.hpp"

#include <cmath>
#include <stdexcept>
#include <string>
#include "agents/bandit_state_json.hpp"
#include "core/config_error.hpp"

namespace arbiter::agents {

void GradientBanditSettings::validate() const {
  if (!(alpha > 0.0) || !std::isfinite(alpha))
    throw std::invalid_argument("gradient bandit: alpha must be a finite number > 0, got " + std::to_string(alpha));
  if (!(baseline_step >= 0.0 && baseline_step <= 1.0))
    throw std::invalid_argument("gradient bandit: baseline_step must lie in [0, 1], got " +
                                std::to_string(baseline_step));
  if (!(entropy_bonus >= 0.0) || !std::isfinite(entropy_bonus))
    throw std::invalid_argument("gradient bandit: entropy_bonus must be >= 0, got " + std::to_string(entropy_bonus));
  if (!std::isfinite(initial_preference))
    throw std::invalid_argument("gradient bandit: initial_preference must be finite");
}

GradientBandit::GradientBandit(int arms, GradientBanditSettings settings)
    : settings_(settings), policy_(arms, settings.temperature) {
  settings_.validate();
  reset();
}

void GradientBandit::reset() {
  h_ = Eigen::VectorXd::Constant(policy_.action_count(), settings_.initial_preference);
  pi_.resize(policy_.action_count());
  average_reward_ = 0.0;
  t_ = 0;
  policy_.set_schedule_step(0);
  refresh_probabilities();
}

void GradientBandit::refresh_probabilities() {
  try {
    policy_.probabilities(h_, pi_);
  } catch (const std::domain_error&) {
    for (Eigen::Index i = 0; i < h_.size(); ++i)
      if (!std::isfinite(h_[i]))
        throw core::RunError(divergence_message(i, h_[i], t_, settings_.alpha));
    throw;
  }
}

std::string GradientBandit::divergence_message(Eigen::Index index, double value, std::int64_t step, double alpha) {
  return "gradient bandit: preference H[" + std::to_string(index) + "] = " + std::to_string(value) + " after step " +
         std::to_string(step) + " (alpha " + std::to_string(alpha) + " too large?)";
}

void GradientBandit::learn(int action, double reward) {
  if (action < 0 || action >= h_.size())
    throw std::out_of_range("gradient bandit: action " + std::to_string(action) + " outside [0, " +
                            std::to_string(h_.size()) + ")");
  ++t_;
  const double step = settings_.baseline_step > 0.0 ? settings_.baseline_step : 1.0 / static_cast<double>(t_);
  double b = 0.0;
  if (settings_.baseline) {
    if (settings_.baseline_includes_current) {
      average_reward_ += step * (reward - average_reward_);
      b = average_reward_;
    } else {
      b = average_reward_;
      average_reward_ += step * (reward - average_reward_);
    }
  } else {
    average_reward_ += step * (reward - average_reward_);
  }
  if (settings_.entropy_bonus > 0.0)
    h_.noalias() += (settings_.alpha * settings_.entropy_bonus) * policy_.entropy_gradient(h_);
  policy_.add_scaled_score(pi_, action, settings_.alpha * (reward - b), h_);
  policy_.set_schedule_step(t_);
  refresh_probabilities();
}

nlohmann::json GradientBandit::state_json(const Eigen::Ref<const Eigen::VectorXd>& preferences,
                                          double average_reward, std::int64_t steps) {
  return {{"name", "gradient_bandit"},
          {"arms", preferences.size()},
          {"preferences", std::vector<double>(preferences.data(), preferences.data() + preferences.size())},
          {"average_reward", average_reward},
          {"steps", steps}};
}

nlohmann::json GradientBandit::to_json() const { return state_json(h_, average_reward_, t_); }

void GradientBandit::from_json(const nlohmann::json& j) {
  bandit_state::check_header(j, "gradient_bandit", arms());
  const Eigen::VectorXd h = bandit_state::finite_vector(j, "preferences", arms());
  const double average = bandit_state::finite_number(j, "average_reward");
  const std::int64_t t = bandit_state::count(j, "steps");
  h_ = h;
  average_reward_ = average;
  t_ = t;
  policy_.set_schedule_step(t_);
  refresh_probabilities();
}

}  // namespace arbiter::agents
