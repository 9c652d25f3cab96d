// Gradient bandit, one agent: the block rule of gradient_bandit_rule.cpp on a single column.
#include "agents/gradient_bandit.hpp"

#include <stdexcept>
#include <string>
#include <vector>
#include "agents/bandit_state_json.hpp"
#include "core/softmax_derivatives.hpp"

namespace arbiter::agents {

GradientBandit::GradientBandit(int arms, GradientBanditSettings settings) : rule_(settings) {
  if (arms < 1) throw std::invalid_argument("gradient bandit: need at least one arm, got " + std::to_string(arms));
  h_.resize(arms);
  pi_.resize(arms);
  reset();
}

void GradientBandit::reset() {
  h_.setConstant(settings().initial_preference);
  average_reward_ = 0.0;
  t_ = 0;
  rule_.probabilities(column(h_), column(pi_), t_);
}

int GradientBandit::act(core::RandomStream& rng) const {
  const double u = rng.uniform();
  int action = 0;
  GradientBanditRule::act(Eigen::Map<const core::Batch<double>>(pi_.data(), pi_.size(), 1), &u, &action);
  return action;
}

void GradientBandit::learn(int action, double reward) {
  rule_.learn(column(h_), column(pi_), &action, &reward, &average_reward_, t_);
  ++t_;
}

double GradientBandit::entropy() const { return core::entropy<double>(pi_); }

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
  rule_.probabilities(column(h_), column(pi_), t_);
}

}  // namespace arbiter::agents
