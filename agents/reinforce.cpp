// REINFORCE updates: returns, baseline, score and entropy terms, clipping and optimiser steps, one step at a
// time (the book) or for a whole batch of episodes through matrix products.
#include "agents/reinforce.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include "core/gradient_clipping.hpp"
#include "core/config_error.hpp"

namespace arbiter::agents {

Reinforce::Reinforce(std::unique_ptr<SoftmaxPolicy> policy, std::unique_ptr<core::Optimizer> policy_optimizer,
                     std::unique_ptr<ValueBaseline> baseline, std::unique_ptr<core::Optimizer> value_optimizer,
                     ReinforceOptions options)
    : policy_(std::move(policy)), policy_opt_(std::move(policy_optimizer)), baseline_(std::move(baseline)),
      value_opt_(std::move(value_optimizer)), options_(std::move(options)) {
  if (!policy_ || !policy_opt_) throw std::invalid_argument("REINFORCE needs a policy and its optimiser");
  if (static_cast<bool>(baseline_) != static_cast<bool>(value_opt_))
    throw std::invalid_argument("REINFORCE: a baseline needs its own optimiser");
  if (!(options_.gamma >= 0.0 && options_.gamma <= 1.0)) throw std::invalid_argument("gamma must be in [0, 1]");
  if (options_.episodes_per_update < 1) throw std::invalid_argument("episodes_per_update must be >= 1");
}

int Reinforce::act(ObservationView obs, core::RandomStream& rng) {
  if (obs_size_ < 0) obs_size_ = static_cast<int>(obs.size());
  if (static_cast<int>(obs.size()) != obs_size_)
    throw std::invalid_argument("REINFORCE: observation of size " + std::to_string(obs.size()) + ", expected " +
                                std::to_string(obs_size_));
  policy_->logits_into(obs, h_);
  if (!h_.allFinite()) {
    for (Eigen::Index i = 0; i < h_.size(); ++i)
      if (!std::isfinite(h_[i]))
        throw core::RunError("preference of action " + std::to_string(i) + " is " + std::to_string(h_[i]) +
                             " in episode " + std::to_string(episodes_ + 1) + ", agent step " +
                             std::to_string(agent_steps_ + 1));
  }
  policy_->probabilities_from_logits(h_, p_);
  const int a = policy_->sample_from(p_, rng);
  entropy_sum_ += policy_->entropy_of(p_);
  obs_.insert(obs_.end(), obs.begin(), obs.end());
  actions_.push_back(a);
  ++agent_steps_;
  return a;
}

void Reinforce::reward(double r) {
  if (rewards_.size() + 1 != actions_.size()) throw std::logic_error("REINFORCE: reward() must follow act()");
  rewards_.push_back(r);
}

double Reinforce::entropy_weight() const {
  return options_.entropy_beta ? options_.entropy_beta->at(episodes_) : 0.0;
}

double Reinforce::baseline_value(ObservationView obs) const {
  return baseline_ ? baseline_->value(obs) : std::numeric_limits<double>::quiet_NaN();
}

void Reinforce::end_episode() {
  if (rewards_.size() != actions_.size())
    throw std::logic_error("REINFORCE: every action needs its reward before end_episode()");
  const std::size_t steps = actions_.size() - current_start_;
  double g = 0.0;
  for (std::size_t t = current_start_; t < rewards_.size(); ++t) g += rewards_[t];  // the undiscounted total
  last_return_ = g;
  last_mean_entropy_ = steps == 0 ? 0.0 : entropy_sum_ / static_cast<double>(steps);
  entropy_sum_ = 0.0;
  if (steps > 0) episode_starts_.push_back(current_start_);
  current_start_ = actions_.size();
  if (!episode_starts_.empty() &&
      (options_.per_step || static_cast<int>(episode_starts_.size()) >= options_.episodes_per_update))
    learn();
  ++episodes_;
}

void Reinforce::check_finite(const Eigen::VectorXd& params, const char* which) const {
  if (params.allFinite()) return;
  for (Eigen::Index i = 0; i < params.size(); ++i)
    if (!std::isfinite(params[i]))
      throw core::RunError(std::string(which) + " parameter " + std::to_string(i) + " became " +
                           std::to_string(params[i]) + " in the update after episode " +
                           std::to_string(episodes_ + 1) + " (agent step " + std::to_string(agent_steps_) +
                           "); the step size is probably too large");
}

void Reinforce::learn() {
  const double beta = entropy_weight();
  const std::size_t n = actions_.size();
  // Returns G_t within each episode of the tape.
  std::vector<double> returns(n, 0.0);
  for (std::size_t e = 0; e < episode_starts_.size(); ++e) {
    const std::size_t begin = episode_starts_[e], end = e + 1 < episode_starts_.size() ? episode_starts_[e + 1] : n;
    double G = 0.0;
    for (std::size_t t = end; t-- > begin;) {
      G = rewards_[t] + options_.gamma * G;
      returns[t] = G;
    }
  }
  if (options_.per_step) {
    double shift = 0.0, scale = 1.0;
    if (options_.normalize_returns && n > 1) {
      double sum = 0.0, sum2 = 0.0;
      for (std::size_t t = 0; t < n; ++t) {
        const double w = returns[t] - (baseline_ ? baseline_->value(observation(t)) : 0.0);
        sum += w;
        sum2 += w * w;
      }
      const double mean = sum / static_cast<double>(n);
      shift = mean;
      scale = 1.0 / (std::sqrt(std::max(0.0, sum2 / static_cast<double>(n) - mean * mean)) + 1e-8);
    }
    learn_per_step(returns, beta, shift, scale);
  } else {
    learn_batch(returns, beta);
  }
  obs_.clear();
  actions_.clear();
  rewards_.clear();
  episode_starts_.clear();
  current_start_ = 0;
}

void Reinforce::learn_per_step(const std::vector<double>& returns, double beta, double shift, double scale) {
  const Eigen::Index np = policy_->parameter_count();
  for (std::size_t e = 0; e < episode_starts_.size(); ++e) {
    const std::size_t begin = episode_starts_[e];
    const std::size_t end = e + 1 < episode_starts_.size() ? episode_starts_[e + 1] : actions_.size();
    double discount = 1.0;
    for (std::size_t t = begin; t < end; ++t) {
      const ObservationView s = observation(t);
      double delta = returns[t];
      if (baseline_) {  // the book: delta = G - v(S_t; w) with the current w, then w, then theta
        const double v = baseline_->value(s);
        delta -= v;
        value_grad_.setZero(baseline_->parameters().size());
        baseline_->backprop(s, returns[t] - v, value_grad_);
        core::clip_gradient_norm(value_grad_, options_.max_grad_norm);
        value_opt_->ascend(baseline_->parameters(), value_grad_);
        check_finite(baseline_->parameters(), "baseline");
      }
      delta = (delta - shift) * scale;
      grad_.setZero(np);
      policy_->add_gradient(s, actions_[t], (options_.discount_score ? discount : 1.0) * delta, beta, grad_);
      last_grad_norm_ = core::clip_gradient_norm(grad_, options_.max_grad_norm);
      policy_opt_->ascend(policy_->parameters(), grad_);
      check_finite(policy_->parameters(), "policy");
      discount *= options_.gamma;
    }
  }
}

void Reinforce::learn_batch(const std::vector<double>& returns, double beta) {
  const std::size_t n = actions_.size();
  const Eigen::Map<const Eigen::MatrixXd> X(obs_.data(), obs_size_, static_cast<Eigen::Index>(n));
  // Weights G_t - b(S_t), all from the parameters before this update.
  Eigen::VectorXd weights = Eigen::Map<const Eigen::VectorXd>(returns.data(), static_cast<Eigen::Index>(n));
  if (baseline_) {
    baseline_->values_batch(X, values_);
    weights -= values_;
  }
  if (options_.normalize_returns && n > 1) {
    const double mean = weights.mean();
    const double sd = std::sqrt(std::max(0.0, (weights.array() - mean).square().mean()));
    weights = (weights.array() - mean) / (sd + 1e-8);
  }
  if (options_.discount_score && options_.gamma < 1.0) {
    for (std::size_t e = 0; e < episode_starts_.size(); ++e) {
      const std::size_t begin = episode_starts_[e], end = e + 1 < episode_starts_.size() ? episode_starts_[e + 1] : n;
      double discount = 1.0;
      for (std::size_t t = begin; t < end; ++t, discount *= options_.gamma) weights[static_cast<Eigen::Index>(t)] *= discount;
    }
  }
  policy_->logits_batch(X, H_);
  D_.resize(policy_->action_count(), static_cast<Eigen::Index>(n));
  for (std::size_t t = 0; t < n; ++t) {
    const Eigen::Index j = static_cast<Eigen::Index>(t);
    h_ = H_.col(j);
    policy_->logit_gradient(h_, actions_[t], weights[j], beta, d_);
    D_.col(j) = d_;
  }
  const double per_episode = 1.0 / static_cast<double>(episode_starts_.size());
  grad_.setZero(policy_->parameter_count());
  policy_->backprop_batch(X, D_, grad_);
  grad_ *= per_episode;
  last_grad_norm_ = core::clip_gradient_norm(grad_, options_.max_grad_norm);
  policy_opt_->ascend(policy_->parameters(), grad_);
  check_finite(policy_->parameters(), "policy");
  if (baseline_) {
    dvalues_ = Eigen::Map<const Eigen::VectorXd>(returns.data(), static_cast<Eigen::Index>(n)) - values_;
    value_grad_.setZero(baseline_->parameters().size());
    baseline_->backprop_batch(X, dvalues_, value_grad_);
    value_grad_ *= per_episode;
    core::clip_gradient_norm(value_grad_, options_.max_grad_norm);
    value_opt_->ascend(baseline_->parameters(), value_grad_);
    check_finite(baseline_->parameters(), "baseline");
  }
}

nlohmann::json Reinforce::to_json() const {
  return {{"algorithm", "reinforce"},
          {"episodes", episodes_},
          {"policy", policy_->to_json()},
          {"baseline", baseline_ ? baseline_->to_json() : nlohmann::json(nullptr)}};
}

void Reinforce::from_json(const nlohmann::json& j) {
  if (!j.is_object() || !j.contains("algorithm") || j.at("algorithm") != "reinforce")
    throw std::invalid_argument("a saved REINFORCE agent ({\"algorithm\": \"reinforce\", \"policy\": ...})");
  if (!j.contains("policy")) throw std::invalid_argument("a saved agent with a \"policy\"");
  const bool saved_baseline = j.contains("baseline") && !j.at("baseline").is_null();
  if (static_cast<bool>(baseline_) != saved_baseline)
    throw std::invalid_argument(baseline_ ? std::string("a saved agent with a baseline (this one has a ") +
                                                baseline_->type() + " baseline, the saved one none)"
                                          : std::string("a saved agent without a baseline (the saved one has one)"));
  policy_->from_json(j.at("policy"));
  if (baseline_) baseline_->from_json(j.at("baseline"));
}

}  // namespace arbiter::agents
