// Unit tests of the bandit pieces: temperature schedules, the Boltzmann policy (probabilities, score function
// and entropy gradient against finite differences), the gradient-bandit update against a hand computation,
// softmax exploration's estimates, and the testbed.
#include <catch2/catch.hpp>

#include <cmath>
#include <stdexcept>
#include "agents/boltzmann_policy.hpp"
#include "agents/gradient_bandit.hpp"
#include "agents/softmax_exploration.hpp"
#include "agents/temperature_schedule.hpp"
#include "core/config_error.hpp"
#include "envs/bandit_testbed.hpp"

using namespace arbiter;

TEST_CASE("temperature schedules interpolate linearly or geometrically and then hold", "[rl_bandit][schedule]") {
  const auto c = agents::TemperatureSchedule::constant(0.5);
  CHECK(c.at(0) == 0.5);
  CHECK(c.at(123456) == 0.5);
  const auto lin = agents::TemperatureSchedule::linear(2.0, 1.0, 100);
  CHECK(lin.at(0) == 2.0);
  CHECK(lin.at(50) == Approx(1.5));
  CHECK(lin.at(100) == 1.0);
  CHECK(lin.at(1000) == 1.0);
  CHECK(lin.at(-5) == 2.0);
  const auto ex = agents::TemperatureSchedule::exponential(4.0, 0.25, 100);
  CHECK(ex.at(50) == Approx(1.0));  // geometric mean of 4 and 0.25
  CHECK(ex.at(25) == Approx(2.0));
  CHECK(ex.at(100) == 0.25);
  CHECK(agents::TemperatureSchedule::from_name("linear", 2.0, 1.0, 100).at(50) == Approx(1.5));
}

TEST_CASE("temperature schedules reject T <= 0, NaN, steps < 1 and unknown kinds", "[rl_bandit][schedule]") {
  CHECK_THROWS_AS(agents::TemperatureSchedule::constant(0.0), std::invalid_argument);
  CHECK_THROWS_AS(agents::TemperatureSchedule::constant(-1.0), std::invalid_argument);
  CHECK_THROWS_AS(agents::TemperatureSchedule::constant(std::nan("")), std::invalid_argument);
  CHECK_THROWS_AS(agents::TemperatureSchedule::linear(1.0, 0.0, 10), std::invalid_argument);
  CHECK_THROWS_AS(agents::TemperatureSchedule::exponential(1.0, 0.1, 0), std::invalid_argument);
  CHECK_THROWS_AS(agents::TemperatureSchedule::from_name("cosine", 1.0, 0.1, 10), std::invalid_argument);
}

TEST_CASE("Boltzmann policy gives softmax(h / T) with the temperature from its schedule", "[rl_bandit][policy]") {
  agents::BoltzmannPolicy policy(3, agents::TemperatureSchedule::constant(2.0));
  const Eigen::Vector3d h(1.0, 2.0, 3.0);
  const Eigen::VectorXd p = policy.probabilities(h);
  // numpy: exp(h/2) / sum(exp(h/2))
  CHECK(p[0] == Approx(0.18632372).epsilon(1e-7));
  CHECK(p[1] == Approx(0.30719589).epsilon(1e-7));
  CHECK(p[2] == Approx(0.50648039).epsilon(1e-7));
  CHECK(policy.entropy(p) == Approx(1.0201913367268314).epsilon(1e-10));
  CHECK(policy.greedy(p) == 2);

  agents::BoltzmannPolicy annealed(3, agents::TemperatureSchedule::linear(2.0, 1.0, 10));
  CHECK(annealed.temperature() == 2.0);
  for (int i = 0; i < 5; ++i) annealed.advance_schedule();
  CHECK(annealed.temperature() == Approx(1.5));
  CHECK_THROWS_AS(policy.probabilities(Eigen::Vector2d(1.0, 2.0)), std::invalid_argument);
}

TEST_CASE("Boltzmann policy score function and entropy gradient match finite differences", "[rl_bandit][policy]") {
  for (double T : {0.5, 1.0, 3.0}) {
    agents::BoltzmannPolicy policy(4, agents::TemperatureSchedule::constant(T));
    const Eigen::Vector4d h(0.3, -1.2, 2.0, 0.7);
    const Eigen::VectorXd p = policy.probabilities(h);
    const double eps = 1e-6;
    for (int a = 0; a < 4; ++a) {
      const Eigen::VectorXd score = policy.score(p, a);
      for (int i = 0; i < 4; ++i) {
        Eigen::Vector4d hp = h, hm = h;
        hp[i] += eps;
        hm[i] -= eps;
        const double fd = (policy.log_probabilities(hp)[a] - policy.log_probabilities(hm)[a]) / (2 * eps);
        CHECK(score[i] == Approx(fd).margin(1e-8));
      }
    }
    const Eigen::VectorXd g = policy.entropy_gradient(h);
    for (int i = 0; i < 4; ++i) {
      Eigen::Vector4d hp = h, hm = h;
      hp[i] += eps;
      hm[i] -= eps;
      const double fd = (policy.entropy(policy.probabilities(hp)) - policy.entropy(policy.probabilities(hm))) / (2 * eps);
      CHECK(g[i] == Approx(fd).margin(1e-8));
    }
    // add_scaled_score is h += scale * score
    Eigen::VectorXd h2 = h;
    policy.add_scaled_score(p, 1, 0.25, h2);
    CHECK((h2 - h - 0.25 * policy.score(p, 1)).norm() < 1e-14);
  }
}

TEST_CASE("gradient bandit update matches a hand computation (baseline before and including the reward)",
          "[rl_bandit][gradient_bandit]") {
  agents::GradientBanditSettings s;
  s.alpha = 0.1;
  s.baseline = true;
  s.baseline_includes_current = false;
  agents::GradientBandit before(3, s);
  CHECK(before.probabilities()[0] == Approx(1.0 / 3.0));
  before.learn(0, 2.0);  // b = 0: H += 0.1 * 2 * (e_0 - 1/3)
  CHECK(before.preferences()[0] == Approx(0.13333333333333333));
  CHECK(before.preferences()[1] == Approx(-0.06666666666666667));
  CHECK(before.baseline() == Approx(2.0));
  before.learn(2, 1.0);  // b = 2 (average before this reward), pi from the new H
  CHECK(before.preferences()[0] == Approx(0.17124858).epsilon(1e-7));
  CHECK(before.preferences()[1] == Approx(-0.03562429).epsilon(1e-7));
  CHECK(before.preferences()[2] == Approx(-0.13562429).epsilon(1e-7));
  CHECK(before.average_reward() == Approx(1.5));
  CHECK(before.probabilities().sum() == Approx(1.0));

  s.baseline_includes_current = true;  // the book's code: the first step's baseline equals its reward
  agents::GradientBandit including(3, s);
  including.learn(0, 2.0);
  CHECK(including.preferences().norm() == 0.0);
  including.learn(2, 1.0);  // b = 1.5
  CHECK(including.preferences()[0] == Approx(0.016666666666666666));
  CHECK(including.preferences()[1] == Approx(0.016666666666666666));
  CHECK(including.preferences()[2] == Approx(-0.03333333333333333));

  s.baseline = false;  // b = 0 always: preferences sum to zero, chosen arm rises with a positive reward
  agents::GradientBandit none(3, s);
  none.learn(1, 5.0);
  CHECK(none.preferences()[1] == Approx(0.1 * 5.0 * (2.0 / 3.0)));
  CHECK(none.preferences().sum() == Approx(0.0).margin(1e-15));
  CHECK(none.baseline() == 0.0);
}

TEST_CASE("gradient bandit entropy bonus adds alpha * beta * grad H", "[rl_bandit][gradient_bandit]") {
  agents::GradientBanditSettings s;
  s.alpha = 0.2;
  s.baseline = false;
  s.entropy_bonus = 0.5;
  s.initial_preference = 0.0;
  agents::GradientBandit agent(3, s);
  agent.learn(0, 1.0);  // at uniform pi the entropy gradient is 0
  const Eigen::VectorXd h1 = agent.preferences();
  CHECK(h1[0] == Approx(0.2 * (2.0 / 3.0)));
  agents::BoltzmannPolicy policy(3);
  const Eigen::VectorXd p1 = policy.probabilities(h1);
  const Eigen::VectorXd expected = h1 + 0.2 * 0.5 * policy.entropy_gradient(h1) + 0.2 * 2.0 * policy.score(p1, 1);
  agent.learn(1, 2.0);
  CHECK((agent.preferences() - expected).norm() < 1e-14);
  CHECK(agent.entropy() == Approx(policy.entropy(agent.probabilities())));
}

TEST_CASE("gradient bandit rejects bad settings and reports diverging preferences", "[rl_bandit][gradient_bandit]") {
  agents::GradientBanditSettings s;
  s.alpha = -0.1;
  CHECK_THROWS_AS(agents::GradientBandit(3, s), std::invalid_argument);
  s.alpha = 1e308;
  s.baseline = false;
  agents::GradientBandit agent(3, s);
  try {
    agent.learn(0, 1e308);
    agent.learn(0, 1e308);
    FAIL("expected a RunError");
  } catch (const core::RunError& e) {
    CHECK_THAT(e.what(), Catch::Contains("preference H[") && Catch::Contains("step"));
  }
}

TEST_CASE("softmax exploration keeps sample-average or constant-step estimates", "[rl_bandit][softmax_exploration]") {
  agents::SoftmaxExplorationSettings s;
  s.temperature = agents::TemperatureSchedule::constant(0.5);
  agents::SoftmaxExploration avg(2, s);
  avg.learn(0, 1.0);
  avg.learn(0, 3.0);
  avg.learn(1, -1.0);
  CHECK(avg.action_values()[0] == Approx(2.0));
  CHECK(avg.action_values()[1] == Approx(-1.0));
  agents::BoltzmannPolicy policy(2, agents::TemperatureSchedule::constant(0.5));
  CHECK((avg.probabilities() - policy.probabilities(avg.action_values())).norm() < 1e-15);
  CHECK(avg.baseline() == Approx(avg.probabilities().dot(avg.action_values())));

  s.estimate = agents::SoftmaxExplorationSettings::Estimate::constant_step;
  s.alpha = 0.5;
  s.initial_value = 4.0;
  s.temperature = agents::TemperatureSchedule::exponential(1.0, 0.01, 2);
  agents::SoftmaxExploration step(2, s);
  step.learn(1, 0.0);
  CHECK(step.action_values()[1] == Approx(2.0));
  CHECK(step.temperature() == Approx(0.1));
  step.learn(1, 0.0);
  CHECK(step.action_values()[1] == Approx(1.0));
  CHECK(step.temperature() == Approx(0.01));
  CHECK(step.probabilities()[0] == Approx(1.0));
}

TEST_CASE("bandit testbed: fixed values, optimal arm, reward means, Bernoulli and random walk", "[rl_bandit][env]") {
  envs::BanditSpec spec;
  spec.k = 3;
  spec.values = {0.5, 2.0, -1.0};
  spec.reward_sds = {1.0, 0.0, 2.0};
  envs::BanditTestbed bandit(spec);
  CHECK(bandit.reset(7) == envs::Observation{0.0});
  CHECK(bandit.optimal_action() == 1);
  CHECK(bandit.step(1).reward == 2.0);  // sd 0: exactly the true value
  double sum = 0.0;
  const int n = 200000;
  for (int i = 0; i < n; ++i) sum += bandit.step(2).reward;
  CHECK(sum / n == Approx(-1.0).margin(4 * 2.0 / std::sqrt(n)));
  CHECK_THROWS_AS(bandit.step(3), std::out_of_range);
  CHECK_THROWS_AS(bandit.step(-1), std::out_of_range);
  CHECK_FALSE(bandit.step(0).done());

  envs::BanditSpec drawn;
  drawn.mean_offset = 4.0;
  envs::BanditTestbed testbed(drawn);
  double mean = 0.0;
  for (int r = 0; r < 2000; ++r) {
    testbed.reset(core::RandomStream(11, r));
    for (double q : testbed.true_values()) mean += q;
  }
  CHECK(mean / 20000 == Approx(4.0).margin(0.03));

  envs::BanditSpec bern;
  bern.arms = envs::BanditSpec::Arms::bernoulli;
  bern.k = 2;
  bern.values = {0.2, 0.7};
  envs::BanditTestbed coin(bern);
  coin.reset(3);
  double ones = 0.0;
  for (int i = 0; i < n; ++i) {
    const double r = coin.pull(1);
    CHECK((r == 0.0 || r == 1.0));
    ones += r;
  }
  CHECK(ones / n == Approx(0.7).margin(0.005));
  CHECK(coin.optimal_action() == 1);

  envs::BanditSpec walk;
  walk.true_sd = 0.0;
  walk.walk_sd = 0.01;
  envs::BanditTestbed drift(walk);
  drift.reset(5);
  CHECK(drift.true_values()[3] == 0.0);
  for (int i = 0; i < 10000; ++i) drift.pull(0);
  // After 10000 steps each value has sd 1; they should no longer be equal.
  CHECK(drift.true_values()[3] != drift.true_values()[4]);
  CHECK(drift.name() == "bandit.gaussian_walk");

  envs::BanditSpec bad;
  bad.k = 2;
  bad.values = {1.0};
  CHECK_THROWS_AS(envs::BanditTestbed(bad), std::invalid_argument);
}
