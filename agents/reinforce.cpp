// REINFORCE updates: returns, baseline, score and entropy terms, clipping and optimiser steps.
#include "agents/reinforce.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>
#include "agents/gradient_clipping.hpp"
#include "core/config_error.hpp"

namespace arbiter::agents {

Reinforce::Reinforce(std::unique_ptr<SoftmaxPolicy> policy, std::unique_ptr<Optimizer> policy_optimizer,
                     std::unique_ptr<ValueBaseline> baseline, std::unique_ptr<Optimizer> value_optimizer,
                     ReinforceOptions options)
    : policy_(std::move(policy)), policy_opt_(std::move(policy_optimizer)), baseline_(std::move(baseline)),
      value_opt_(std::move(value_optimizer)), options_(std::move(options)) {
  if (!policy_ || !policy_opt_) throw std::invalid_argument("REINFORCE needs a policy and its optimiser");
  if (static_cast<bool>(baseline_) != static_cast<bool>(value_opt_))
    throw std::invalid_argument("REINFORCE: a baseline needs its own optimiser");
  if (!(options_.gamma >= 0.0 && options_.gamma <= 1.0)) throw std::invalid_argument("gamma must be in [0, 1]");
  if (options_.episodes_per_update < 1) throw std::invalid_argument("episodes_per_update must be >= 1");
}

int Reinforce::act(const envs::Observation& obs, core::RandomStream& rng) {
  Eigen::VectorXd h = policy_->logits(obs);
  for (Eigen::Index i = 0; i < h.size(); ++i)
    if (!std::isfinite(h[i]))
      throw core::RunError("preference of action " + std::to_string(i) + " is " + std::to_string(h[i]) +
                           " at episode " + std::to_string(episodes_) + ", agent step " +
                           std::to_string(agent_steps_));
  const Eigen::VectorXd p = policy_->probabilities_from_logits(h);
  const int a = policy_->sample_from(p, rng);
  entropy_sum_ += policy_->entropy_of(p);
  current_.observations.push_back(obs);
  current_.actions.push_back(a);
  ++agent_steps_;
  return a;
}

void Reinforce::reward(double r) {
  if (current_.rewards.size() + 1 != current_.actions.size())
    throw std::logic_error("REINFORCE: reward() must follow act()");
  current_.rewards.push_back(r);
}

double Reinforce::entropy_weight() const {
  return options_.entropy_beta ? options_.entropy_beta->at(episodes_) : 0.0;
}

double Reinforce::baseline_value(const envs::Observation& obs) const {
  return baseline_ ? baseline_->value(obs) : std::numeric_limits<double>::quiet_NaN();
}

void Reinforce::end_episode() {
  if (current_.rewards.size() != current_.actions.size())
    throw std::logic_error("REINFORCE: every action needs its reward before end_episode()");
  double g = 0.0;
  for (double r : current_.rewards) g += r;  // the undiscounted episode total
  last_return_ = g;
  last_mean_entropy_ = current_.actions.empty() ? 0.0 : entropy_sum_ / current_.actions.size();
  entropy_sum_ = 0.0;
  batch_.push_back(std::move(current_));
  current_ = Episode{};
  if (options_.per_step || static_cast<int>(batch_.size()) >= options_.episodes_per_update) learn();
  ++episodes_;
}

void Reinforce::check_finite(const Eigen::VectorXd& params, const char* which) const {
  for (Eigen::Index i = 0; i < params.size(); ++i)
    if (!std::isfinite(params[i]))
      throw core::RunError(std::string(which) + " parameter " + std::to_string(i) + " became " +
                           std::to_string(params[i]) + " at episode " + std::to_string(episodes_) +
                           ", agent step " + std::to_string(agent_steps_));
}

void Reinforce::learn() {
  const double beta = entropy_weight();
  // Returns and baseline-corrected weights for every step of every episode in the batch.
  std::vector<std::vector<double>> returns(batch_.size()), weights(batch_.size());
  double sum = 0.0, sum2 = 0.0;
  std::size_t n = 0;
  for (std::size_t e = 0; e < batch_.size(); ++e) {
    const Episode& ep = batch_[e];
    const std::size_t T = ep.rewards.size();
    returns[e].assign(T, 0.0);
    weights[e].assign(T, 0.0);
    double G = 0.0;
    for (std::size_t t = T; t-- > 0;) {
      G = ep.rewards[t] + options_.gamma * G;
      returns[e][t] = G;
      const double b = baseline_ ? baseline_->value(ep.observations[t]) : 0.0;
      weights[e][t] = G - b;
      sum += G - b;
      sum2 += (G - b) * (G - b);
      ++n;
    }
  }
  double shift = 0.0, scale = 1.0;
  if (options_.normalize_returns && n > 1) {
    const double mean = sum / n, var = std::max(0.0, sum2 / n - mean * mean);
    shift = mean;
    scale = 1.0 / (std::sqrt(var) + 1e-8);
  }
  const Eigen::Index np = policy_->parameter_count();
  if (options_.per_step) {
    for (std::size_t e = 0; e < batch_.size(); ++e) {
      const Episode& ep = batch_[e];
      double discount = 1.0;
      for (std::size_t t = 0; t < ep.rewards.size(); ++t) {
        const auto& s = ep.observations[t];
        double delta = (weights[e][t] - shift) * scale;
        if (baseline_) {  // the book: delta = G - v(S_t; w) with the current w, then w, then theta
          delta = (returns[e][t] - baseline_->value(s) - shift) * scale;
          value_grad_.setZero(baseline_->parameters().size());
          baseline_->backprop(s, returns[e][t] - baseline_->value(s), value_grad_);
          clip_gradient_norm(value_grad_, options_.max_grad_norm);
          value_opt_->ascend(baseline_->parameters(), value_grad_);
        }
        grad_.setZero(np);
        policy_->add_gradient(s, ep.actions[t], (options_.discount_score ? discount : 1.0) * delta, beta, grad_);
        last_grad_norm_ = clip_gradient_norm(grad_, options_.max_grad_norm);
        policy_opt_->ascend(policy_->parameters(), grad_);
        discount *= options_.gamma;
      }
    }
  } else {
    grad_.setZero(np);
    if (baseline_) value_grad_.setZero(baseline_->parameters().size());
    for (std::size_t e = 0; e < batch_.size(); ++e) {
      const Episode& ep = batch_[e];
      double discount = 1.0;
      for (std::size_t t = 0; t < ep.rewards.size(); ++t) {
        const auto& s = ep.observations[t];
        const double delta = (weights[e][t] - shift) * scale;
        policy_->add_gradient(s, ep.actions[t], (options_.discount_score ? discount : 1.0) * delta, beta, grad_);
        if (baseline_) baseline_->backprop(s, returns[e][t] - baseline_->value(s), value_grad_);
        discount *= options_.gamma;
      }
    }
    const double per_episode = 1.0 / static_cast<double>(batch_.size());
    grad_ *= per_episode;
    last_grad_norm_ = clip_gradient_norm(grad_, options_.max_grad_norm);
    policy_opt_->ascend(policy_->parameters(), grad_);
    if (baseline_) {
      value_grad_ *= per_episode;
      clip_gradient_norm(value_grad_, options_.max_grad_norm);
      value_opt_->ascend(baseline_->parameters(), value_grad_);
    }
  }
  batch_.clear();
  check_finite(policy_->parameters(), "policy");
  if (baseline_) check_finite(baseline_->parameters(), "baseline");
}

nlohmann::json Reinforce::to_json() const {
  return {{"algorithm", "reinforce"},
          {"episodes", episodes_},
          {"policy", policy_->to_json()},
          {"baseline", baseline_ ? baseline_->to_json() : nlohmann::json(nullptr)}};
}

void Reinforce::from_json(const nlohmann::json& j) {
  if (!j.is_object() || j.value("algorithm", "") != "reinforce")
    throw std::invalid_argument("a saved REINFORCE agent ({\"algorithm\": \"reinforce\", ...})");
  policy_->from_json(j.at("policy"));
  if (baseline_ && j.contains("baseline") && !j.at("baseline").is_null()) baseline_->from_json(j.at("baseline"));
}

}  // namespace arbiter::agents
