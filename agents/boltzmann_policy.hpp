// A Boltzmann (softmax) policy over k actions: pi = softmax(h / T) of preferences or action values h, through
// core::softmax, with T from a TemperatureSchedule (fixed or annealed). It gives probabilities, a sampled
// action, the score function grad_h log pi(a) = (e_a - pi) / T, the entropy H(pi) in nats and its gradient
// with respect to h. All gradients are with respect to the logits h; chain them through your own
// parameterisation (e.g. h = theta^T x). Sizes must equal action_count() (std::invalid_argument otherwise);
// non-finite preferences throw std::domain_error (from core). Holds no preferences itself: pass them in.
#pragma once
#include <cstdint>
#include "agents/temperature_schedule.hpp"
#include "core/eigen_types.hpp"
#include "core/random_stream.hpp"

namespace arbiter::agents {

template <class S>
class BasicBoltzmannPolicy {
 public:
  using Vec = core::Vector<S>;

  // Throws std::invalid_argument for actions < 1.
  explicit BasicBoltzmannPolicy(int actions, TemperatureSchedule schedule = TemperatureSchedule::constant(1.0));

  int action_count() const { return actions_; }

  // ---- temperature ----
  // T at the current schedule step (starts at step 0).
  S temperature() const { return temperature_; }
  std::int64_t schedule_step() const { return step_; }
  void set_schedule_step(std::int64_t t);
  void advance_schedule() { set_schedule_step(step_ + 1); }
  const TemperatureSchedule& schedule() const { return schedule_; }
  void set_schedule(TemperatureSchedule schedule);  // keeps the current step

  // ---- distribution ----
  // pi = softmax(h / T) into `out` (no allocation), or returned.
  void probabilities(core::VectorCRef<S> h, core::VectorRef<S> out) const;
  Vec probabilities(core::VectorCRef<S> h) const;
  // log pi = h / T - log sum exp(h / T).
  Vec log_probabilities(core::VectorCRef<S> h) const;
  // An action drawn from probabilities `probs` (inverse CDF, core::sample_inverse_cdf).
  int sample(core::VectorCRef<S> probs, core::RandomStream& rng) const;
  // The most probable action (lowest index among ties).
  int greedy(core::VectorCRef<S> probs) const;

  // ---- gradients with respect to h ----
  // Score function grad_h log pi(action) = (e_action - pi) / T.
  void score(core::VectorCRef<S> probs, int action, core::VectorRef<S> out) const;
  Vec score(core::VectorCRef<S> probs, int action) const;
  // h += scale * grad_h log pi(action): the REINFORCE / gradient-bandit step with scale = alpha * (G - b).
  void add_scaled_score(core::VectorCRef<S> probs, int action, S scale, core::VectorRef<S> h) const;
  // Entropy H(pi) = -sum pi log pi in nats (0 <= H <= log k).
  S entropy(core::VectorCRef<S> probs) const;
  // grad_h H(softmax(h / T)) = -pi .* (log pi + H) / T (core::entropy_gradient).
  Vec entropy_gradient(core::VectorCRef<S> h) const;

 private:
  void check_size(Eigen::Index n, const char* what) const;
  int actions_;
  TemperatureSchedule schedule_;
  std::int64_t step_ = 0;
  S temperature_;
};

using BoltzmannPolicy = BasicBoltzmannPolicy<double>;
using BoltzmannPolicyF = BasicBoltzmannPolicy<float>;

extern template class BasicBoltzmannPolicy<float>;
extern template class BasicBoltzmannPolicy<double>;

}  // namespace arbiter::agents
