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

// The arms' mechanics, shared by one testbed (BanditTestbed) and many stored as arrays (BanditTestbeds):
// the per-arm reward sd, the true values q (k entries) drawn from `rng`, the best arm (lowest index among
// ties), and one pull (the reward, then the random walk if any).
namespace bandit_arms {
std::vector<double> reward_sds(const BanditSpec& spec);
void draw(const BanditSpec& spec, core::RandomStream& rng, double* q);
int best(const double* q, int k);
void walk(const BanditSpec& spec, double* q, int& best_arm, core::RandomStream& rng);
inline double pull(const BanditSpec& spec, const double* reward_sd, double* q, int& best_arm, core::RandomStream& rng,
                   int action) {
  const double r = spec.arms == BanditSpec::Arms::gaussian ? rng.normal(q[action], reward_sd[action])
                                                           : (rng.uniform() < q[action] ? 1.0 : 0.0);
  if (spec.walk_sd > 0.0) walk(spec, q, best_arm, rng);
  return r;
}
}  // namespace bandit_arms

class BanditTestbed final : public Environment {
 public:
  explicit BanditTestbed(BanditSpec spec);

  // ---- the fast path ----
  // Draws the true values (unless fixed) from `rng`; rewards are then drawn from the same stream.
  void reset(core::RandomStream rng);
  // Reward for `action` (unchecked beyond a debug assert; use step() for checked access); then the random
  // walk, if any.
  double pull(int action) {
    return bandit_arms::pull(spec_, reward_sd_.data(), true_values_.data(), optimal_, rng_, action);
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
  BanditSpec spec_;
  core::RandomStream rng_{0};
  std::vector<double> true_values_;
  std::vector<double> reward_sd_;
  int optimal_ = 0;
};

// Many independent testbeds of one spec stored as arrays (the true values as an n x k row-major matrix, one
// stream each), for stepping many runs together without chasing one object per run: testbed r, reset from
// streams[r], gives exactly what a BanditTestbed reset from that stream gives, pull for pull. Actions are
// unchecked (as BanditTestbed::pull); a bad spec throws std::invalid_argument.
class BanditTestbeds {
 public:
  BanditTestbeds(BanditSpec spec, std::vector<core::RandomStream> streams);
  std::int64_t size() const { return static_cast<std::int64_t>(optimal_.size()); }
  double pull(std::int64_t r, int action) {
    return bandit_arms::pull(spec_, reward_sd_.data(), q_.data() + r * spec_.k, optimal_[static_cast<std::size_t>(r)],
                             rngs_[static_cast<std::size_t>(r)], action);
  }
  // rewards[i] = pull(first + i, actions[i]) for i < n: the same numbers, Gaussian rewards drawn SIMD across
  // the testbeds (core::RandomStream::normals).
  void pull_block(std::int64_t first, std::int64_t n, const int* actions, double* rewards);
  int optimal_action(std::int64_t r) const { return optimal_[static_cast<std::size_t>(r)]; }
  const double* true_values(std::int64_t r) const { return q_.data() + r * spec_.k; }

 private:
  BanditSpec spec_;
  std::vector<double> reward_sd_;
  std::vector<double> q_;
  std::vector<int> optimal_;
  std::vector<core::RandomStream> rngs_;
};

}  // namespace arbiter::envs
