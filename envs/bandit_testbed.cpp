// The k-armed bandit testbed: drawing the problem, pulling arms, the optional random walk.
#include "envs/bandit_testbed.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace arbiter::envs {

namespace {
void require(bool ok, const std::string& message) {
  if (!ok) throw std::invalid_argument("bandit: " + message);
}
bool finite(double x) { return std::isfinite(x); }
}  // namespace

void BanditSpec::validate() const {
  require(k >= 1, "k must be >= 1, got " + std::to_string(k));
  require(finite(mean_offset), "mean_offset must be finite");
  require(finite(true_sd) && true_sd >= 0.0, "true_sd must be >= 0");
  require(finite(reward_sd) && reward_sd >= 0.0, "reward_sd must be >= 0");
  require(finite(walk_sd) && walk_sd >= 0.0, "walk_sd must be >= 0");
  if (!values.empty()) {
    require(static_cast<int>(values.size()) == k,
            "values has " + std::to_string(values.size()) + " entries, expected k = " + std::to_string(k));
    for (double v : values) {
      require(finite(v), "values must be finite");
      if (arms == Arms::bernoulli) require(v >= 0.0 && v <= 1.0, "Bernoulli values must lie in [0, 1]");
    }
  }
  if (!reward_sds.empty()) {
    require(arms == Arms::gaussian, "reward_sds applies to Gaussian arms only");
    require(static_cast<int>(reward_sds.size()) == k,
            "reward_sds has " + std::to_string(reward_sds.size()) + " entries, expected k = " + std::to_string(k));
    for (double v : reward_sds) require(finite(v) && v >= 0.0, "reward_sds must be >= 0");
  }
  require(!(arms == Arms::bernoulli && walk_sd > 0.0), "the random walk applies to Gaussian arms only");
}

namespace bandit_arms {

std::vector<double> reward_sds(const BanditSpec& spec) {
  return spec.reward_sds.empty() ? std::vector<double>(spec.k, spec.reward_sd) : spec.reward_sds;
}

void draw(const BanditSpec& spec, core::RandomStream& rng, double* q) {
  for (int a = 0; a < spec.k; ++a) {
    if (!spec.values.empty()) q[a] = spec.values[a];
    else if (spec.arms == BanditSpec::Arms::gaussian) q[a] = rng.normal(spec.mean_offset, spec.true_sd);
    else q[a] = rng.uniform();
  }
}

int best(const double* q, int k) {
  int b = 0;
  for (int a = 1; a < k; ++a)
    if (q[a] > q[b]) b = a;
  return b;
}

void walk(const BanditSpec& spec, double* q, int& best_arm, core::RandomStream& rng) {
  for (int a = 0; a < spec.k; ++a) q[a] += rng.normal(0.0, spec.walk_sd);
  best_arm = best(q, spec.k);
}

}  // namespace bandit_arms

BanditTestbed::BanditTestbed(BanditSpec spec) : spec_(std::move(spec)) {
  spec_.validate();
  true_values_.assign(spec_.k, 0.0);
  reward_sd_ = bandit_arms::reward_sds(spec_);
  reset(core::RandomStream(0));
}

void BanditTestbed::reset(core::RandomStream rng) {
  rng_ = rng;
  bandit_arms::draw(spec_, rng_, true_values_.data());
  optimal_ = bandit_arms::best(true_values_.data(), spec_.k);
}

BanditTestbeds::BanditTestbeds(BanditSpec spec, std::vector<core::RandomStream> streams)
    : spec_(std::move(spec)), rngs_(std::move(streams)) {
  spec_.validate();
  reward_sd_ = bandit_arms::reward_sds(spec_);
  q_.assign(rngs_.size() * static_cast<std::size_t>(spec_.k), 0.0);
  optimal_.assign(rngs_.size(), 0);
  for (std::size_t r = 0; r < rngs_.size(); ++r) {
    double* q = q_.data() + r * static_cast<std::size_t>(spec_.k);
    bandit_arms::draw(spec_, rngs_[r], q);
    optimal_[r] = bandit_arms::best(q, spec_.k);
  }
}

std::string BanditTestbed::name() const {
  return spec_.arms == BanditSpec::Arms::gaussian ? (spec_.walk_sd > 0.0 ? "bandit.gaussian_walk" : "bandit.gaussian")
                                                  : "bandit.bernoulli";
}

Observation BanditTestbed::reset(std::uint64_t seed) {
  reset(core::RandomStream(seed));
  return {0.0};
}

StepResult BanditTestbed::step(int action) {
  if (action < 0 || action >= spec_.k)
    throw std::out_of_range("bandit: action " + std::to_string(action) + " outside [0, " +
                            std::to_string(spec_.k) + ")");
  StepResult result;
  result.observation = {0.0};
  result.reward = pull(action);
  return result;
}

void BanditTestbeds::pull_block(std::int64_t first, std::int64_t n, const int* actions, double* rewards) {
  if (spec_.arms != BanditSpec::Arms::gaussian || spec_.walk_sd > 0.0) {
    for (std::int64_t i = 0; i < n; ++i) rewards[i] = pull(first + i, actions[i]);
    return;
  }
  constexpr std::int64_t kChunk = 64;
  double mean[kChunk], sd[kChunk];
  for (std::int64_t c0 = 0; c0 < n; c0 += kChunk) {
    const std::int64_t len = std::min(kChunk, n - c0);
    for (std::int64_t i = 0; i < len; ++i) {
      const std::int64_t r = first + c0 + i;
      const int a = actions[c0 + i];
      mean[i] = q_[static_cast<std::size_t>(r * spec_.k + a)];
      sd[i] = reward_sd_[static_cast<std::size_t>(a)];
    }
    core::RandomStream::normals(rngs_.data() + first + c0, static_cast<std::size_t>(len), mean, sd, rewards + c0);
  }
}

}  // namespace arbiter::envs
