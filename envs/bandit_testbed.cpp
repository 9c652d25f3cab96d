// The k-armed bandit testbed: drawing the problem, pulling arms, the optional random walk.
#include "envs/bandit_testbed.hpp"

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

BanditTestbed::BanditTestbed(BanditSpec spec) : spec_(std::move(spec)) {
  spec_.validate();
  true_values_.assign(spec_.k, 0.0);
  reward_sd_ = spec_.reward_sds.empty() ? std::vector<double>(spec_.k, spec_.reward_sd) : spec_.reward_sds;
  reset(core::RandomStream(0));
}

void BanditTestbed::reset(core::RandomStream rng) {
  rng_ = rng;
  if (!spec_.values.empty()) {
    true_values_ = spec_.values;
  } else if (spec_.arms == BanditSpec::Arms::gaussian) {
    for (double& q : true_values_) q = rng_.normal(spec_.mean_offset, spec_.true_sd);
  } else {
    for (double& q : true_values_) q = rng_.uniform();
  }
  find_optimal();
}

void BanditTestbed::find_optimal() {
  int best = 0;
  for (int a = 1; a < spec_.k; ++a)
    if (true_values_[a] > true_values_[best]) best = a;
  optimal_ = best;
}

void BanditTestbed::walk() {
  for (double& q : true_values_) q += rng_.normal(0.0, spec_.walk_sd);
  find_optimal();
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

}  // namespace arbiter::envs
