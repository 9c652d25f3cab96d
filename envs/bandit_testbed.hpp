// The k-armed bandit testbed (Sutton & Barto ch. 2): one state, k actions. Gaussian arms have true values
// q*(a) ~ N(mean_offset, true_sd) (or fixed values) and rewards N(q*(a), reward_sd(a)); Bernoulli arms pay 1
// with probability p(a) ~ U(0, 1) (or fixed) and 0 otherwise. A non-stationary variant adds an independent
// N(0, walk_sd) step to every true value after each pull. Bad specs throw std::invalid_argument; actions
// outside [0, k) throw std::out_of_range. pull() is the fast non-virtual path; step() wraps it.
#pragma once
#include <cstdint>
#include <string>
#include <vector>
#include "core/random_stream.hpp"
#include "envs/environment.hpp"

namespace arbiter::envs {

struct BanditSpec {
  enum class Arms { gaussian, bernoulli };
  Arms arms = Arms::gaussian;
  int k = 10;
  double mean_offset = 0.0;   // Gaussian: mean of the drawn true values
  double true_sd = 1.0;       // Gaussian: sd of the drawn true values (0: all equal to mean_offset)
  double reward_sd = 1.0;     // Gaussian: reward noise sd for every arm (unless reward_sds is given)
  double walk_sd = 0.0;       // > 0: non-stationary; each true value takes a N(0, walk_sd) step per pull
  std::vector<double> values;      // optional fixed true values (means, or Bernoulli probabilities), size k
  std::vector<double> reward_sds;  // optional per-arm reward sd (Gaussian), size k

  // Throws std::invalid_argument naming the field on a bad spec.
  void validate() const;
};

class BanditTestbed final : public Environment {
 public:
  explicit BanditTestbed(BanditSpec spec);

  // ---- the fast path ----
  // Draws the true values (unless fixed) from `rng`; rewards are then drawn from the same stream.
  void reset(core::RandomStream rng);
  // Reward for `action` (unchecked beyond a debug assert; use step() for checked access); then the random
  // walk, if any.
  double pull(int action) {
    const double r = spec_.arms == BanditSpec::Arms::gaussian
                         ? rng_.normal(true_values_[action], reward_sd_[action])
                         : (rng_.uniform() < true_values_[action] ? 1.0 : 0.0);
    if (spec_.walk_sd > 0.0) walk();
    return r;
  }
  int optimal_action() const { return optimal_; }
  const std::vector<double>& true_values() const { return true_values_; }
  const BanditSpec& spec() const { return spec_; }

  // ---- the Environment interface ----
  std::string name() const override;
  int action_count() const override { return spec_.k; }
  int observation_size() const override { return 1; }
  int state_count() const override { return 1; }
  // reset(seed) is reset(core::RandomStream(seed)); the observation is {0}.
  Observation reset(std::uint64_t seed) override;
  // Never terminates or truncates (a bandit has no episodes).
  StepResult step(int action) override;

 private:
  void walk();
  void find_optimal();
  BanditSpec spec_;
  core::RandomStream rng_{0};
  std::vector<double> true_values_;
  std::vector<double> reward_sd_;
  int optimal_ = 0;
};

}  // namespace arbiter::envs
