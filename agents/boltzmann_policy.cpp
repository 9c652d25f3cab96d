// Boltzmann policy: every softmax, sample and entropy comes from core; this file only adds the temperature
// bookkeeping and the closed-form score (e_a - pi) / T.
#include "agents/boltzmann_policy.hpp"

#include <stdexcept>
#include <string>
#include "core/categorical_sampler.hpp"
#include "core/softmax.hpp"
#include "core/softmax_derivatives.hpp"

namespace arbiter::agents {

template <class S>
BasicBoltzmannPolicy<S>::BasicBoltzmannPolicy(int actions, TemperatureSchedule schedule)
    : actions_(actions), schedule_(schedule), temperature_(static_cast<S>(schedule.at(0))) {
  if (actions < 1)
    throw std::invalid_argument("Boltzmann policy: need at least one action, got " + std::to_string(actions));
}

template <class S>
void BasicBoltzmannPolicy<S>::set_schedule_step(std::int64_t t) {
  step_ = t;
  temperature_ = static_cast<S>(schedule_.at(t));
}

template <class S>
void BasicBoltzmannPolicy<S>::set_schedule(TemperatureSchedule schedule) {
  schedule_ = schedule;
  set_schedule_step(step_);
}

template <class S>
void BasicBoltzmannPolicy<S>::check_size(Eigen::Index n, const char* what) const {
  if (n != actions_)
    throw std::invalid_argument(std::string("Boltzmann policy: ") + what + " has size " + std::to_string(n) +
                                ", expected " + std::to_string(actions_));
}

template <class S>
void BasicBoltzmannPolicy<S>::probabilities(core::VectorCRef<S> h, core::VectorRef<S> out) const {
  check_size(h.size(), "preferences");
  check_size(out.size(), "output");
  core::softmax<S>(h, out, temperature_);
}

template <class S>
typename BasicBoltzmannPolicy<S>::Vec BasicBoltzmannPolicy<S>::probabilities(core::VectorCRef<S> h) const {
  check_size(h.size(), "preferences");
  return core::softmax<S>(h, temperature_);
}

template <class S>
typename BasicBoltzmannPolicy<S>::Vec BasicBoltzmannPolicy<S>::log_probabilities(core::VectorCRef<S> h) const {
  check_size(h.size(), "preferences");
  return core::log_softmax<S>(h, temperature_);
}

template <class S>
int BasicBoltzmannPolicy<S>::sample(core::VectorCRef<S> probs, core::RandomStream& rng) const {
  return core::sample_inverse_cdf<S>(probs, rng);
}

template <class S>
int BasicBoltzmannPolicy<S>::greedy(core::VectorCRef<S> probs) const {
  check_size(probs.size(), "probabilities");
  Eigen::Index best = 0;
  probs.maxCoeff(&best);
  return static_cast<int>(best);
}

template <class S>
void BasicBoltzmannPolicy<S>::score(core::VectorCRef<S> probs, int action, core::VectorRef<S> out) const {
  check_size(probs.size(), "probabilities");
  check_size(out.size(), "output");
  if (action < 0 || action >= actions_)
    throw std::out_of_range("Boltzmann policy: action " + std::to_string(action) + " outside [0, " +
                            std::to_string(actions_) + ")");
  const S inv_t = S(1) / temperature_;
  out = -probs * inv_t;
  out[action] += inv_t;
}

template <class S>
typename BasicBoltzmannPolicy<S>::Vec BasicBoltzmannPolicy<S>::score(core::VectorCRef<S> probs,
                                                                     int action) const {
  Vec out(actions_);
  score(probs, action, out);
  return out;
}

template <class S>
void BasicBoltzmannPolicy<S>::add_scaled_score(core::VectorCRef<S> probs, int action, S scale,
                                               core::VectorRef<S> h) const {
  if (action < 0 || action >= actions_)
    throw std::out_of_range("Boltzmann policy: action " + std::to_string(action) + " outside [0, " +
                            std::to_string(actions_) + ")");
  const S c = scale / temperature_;
  h.noalias() -= c * probs;
  h[action] += c;
}

template <class S>
S BasicBoltzmannPolicy<S>::entropy(core::VectorCRef<S> probs) const {
  return core::entropy<S>(probs);
}

template <class S>
typename BasicBoltzmannPolicy<S>::Vec BasicBoltzmannPolicy<S>::entropy_gradient(core::VectorCRef<S> h) const {
  check_size(h.size(), "preferences");
  return core::entropy_gradient<S>(h, temperature_);
}

template class BasicBoltzmannPolicy<float>;
template class BasicBoltzmannPolicy<double>;

}  // namespace arbiter::agents
