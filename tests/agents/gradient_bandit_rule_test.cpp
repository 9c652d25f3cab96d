// The gradient-bandit learning rule on a block of runs (agents/gradient_bandit_rule.hpp): each column gets,
// bit for bit, what one GradientBandit agent gets, and the update is alpha (R - b) times the score function
// grad_H log pi(A), checked by hand and against finite differences of core::log_softmax.
#include <catch2/catch.hpp>

#include <cmath>
#include <stdexcept>
#include <vector>
#include "agents/gradient_bandit.hpp"
#include "agents/gradient_bandit_rule.hpp"
#include "core/random_stream.hpp"
#include "core/softmax.hpp"

using namespace arbiter;

namespace {

using Columns = core::Batch<double>;

agents::GradientBanditSettings annealed_settings() {
  agents::GradientBanditSettings s;
  s.alpha = 0.3;
  s.baseline_step = 0.2;
  s.entropy_bonus = 0.1;
  s.initial_preference = 0.25;
  s.temperature = agents::TemperatureSchedule::exponential(2.0, 0.5, 30);
  return s;
}

}  // namespace

TEST_CASE("the block rule gives every column exactly what one GradientBandit agent gives, step by step",
          "[rl_bandit][gradient_bandit][rule]") {
  agents::GradientBanditSettings book;
  book.alpha = 0.4;
  book.baseline_includes_current = true;
  agents::GradientBanditSettings none;
  none.baseline = false;
  for (const auto& settings : {book, annealed_settings(), none}) {
    for (const int n : {1, 5, 21}) {  // 21: packets of 8 (the AVX-512 pass, where it runs) and a ragged end
      const int k = 6;
      const agents::GradientBanditRule rule(settings);
      std::vector<agents::GradientBandit> agents_(static_cast<std::size_t>(n), agents::GradientBandit(k, settings));
      core::RandomStream gen(17);
      for (int c = 1; c < n; ++c) {  // columns from different learned states
        std::vector<double> h(k);
        for (auto& x : h) x = gen.normal(0.0, 1.5);
        agents_[static_cast<std::size_t>(c)].from_json(
            {{"name", "gradient_bandit"}, {"arms", k}, {"preferences", h}, {"average_reward", 0.3 * c}, {"steps", 0}});
      }
      Columns h(k, n), p(k, n);
      std::vector<double> average(static_cast<std::size_t>(n));
      for (int c = 0; c < n; ++c) {
        h.col(c) = agents_[static_cast<std::size_t>(c)].preferences();
        average[static_cast<std::size_t>(c)] = agents_[static_cast<std::size_t>(c)].average_reward();
      }
      rule.probabilities(h, p, 0);
      std::vector<core::RandomStream> a_rng, b_rng;
      for (int c = 0; c < n; ++c) {
        a_rng.emplace_back(3, static_cast<std::uint64_t>(c));
        b_rng.emplace_back(3, static_cast<std::uint64_t>(c));
      }
      std::vector<double> u(static_cast<std::size_t>(n)), reward(static_cast<std::size_t>(n));
      std::vector<int> action(static_cast<std::size_t>(n));
      for (std::int64_t t = 0; t < 60; ++t) {
        for (int c = 0; c < n; ++c) u[static_cast<std::size_t>(c)] = b_rng[static_cast<std::size_t>(c)].uniform();
        agents::GradientBanditRule::act(p, u.data(), action.data());
        for (int c = 0; c < n; ++c) {
          auto& one = agents_[static_cast<std::size_t>(c)];
          REQUIRE(one.act(a_rng[static_cast<std::size_t>(c)]) == action[static_cast<std::size_t>(c)]);
          reward[static_cast<std::size_t>(c)] = gen.normal(action[static_cast<std::size_t>(c)] * 0.5, 1.0);
          one.learn(action[static_cast<std::size_t>(c)], reward[static_cast<std::size_t>(c)]);
        }
        rule.learn(h, p, action.data(), reward.data(), average.data(), t);
        for (int c = 0; c < n; ++c) {
          INFO("n " << n << ", column " << c << ", step " << t + 1);
          const auto& one = agents_[static_cast<std::size_t>(c)];
          for (int j = 0; j < k; ++j) {
            REQUIRE(h(j, c) == one.preferences()[j]);  // the same bits
            REQUIRE(p(j, c) == one.probabilities()[j]);
          }
          REQUIRE(average[static_cast<std::size_t>(c)] == one.average_reward());
        }
      }
    }
  }
}

TEST_CASE("the block rule's step is alpha (R - b) (e_A - pi) / T: by hand and by finite differences",
          "[rl_bandit][gradient_bandit][rule]") {
  agents::GradientBanditSettings s;
  s.alpha = 0.5;
  s.temperature = agents::TemperatureSchedule::constant(2.0);
  const agents::GradientBanditRule rule(s);
  Columns h = Columns::Zero(3, 2), p(3, 2);
  rule.probabilities(h, p, 0);
  CHECK(p(0, 0) == Approx(1.0 / 3.0));
  double average[2] = {1.0, 4.0};  // the baseline before the reward
  const int action[2] = {0, 2};
  const double reward[2] = {3.0, 1.0};
  rule.learn(h, p, action, reward, average, 0);
  // Column 0: c = 0.5 (3 - 1) / 2 = 0.5, H = 0.5 (e_0 - 1/3); column 1: c = 0.5 (1 - 4) / 2 = -0.75.
  CHECK(h(0, 0) == Approx(1.0 / 3.0));
  CHECK(h(1, 0) == Approx(-1.0 / 6.0));
  CHECK(h(2, 0) == Approx(-1.0 / 6.0));
  CHECK(h(0, 1) == Approx(0.25));
  CHECK(h(2, 1) == Approx(-0.5));
  CHECK(average[0] == 3.0);  // step 1: the sample average is the reward
  CHECK(average[1] == 1.0);
  CHECK(p.col(1).sum() == Approx(1.0));
  CHECK(p(0, 0) == Approx(std::exp(1.0 / 6.0) / (std::exp(1.0 / 6.0) + 2.0 * std::exp(-1.0 / 12.0))));

  // From a general state: the change is alpha (R - b) grad_H log pi(A), the gradient by central differences.
  Columns g(4, 1), q(4, 1);
  g << 0.3, -1.2, 2.0, 0.7;
  rule.probabilities(g, q, 5);
  const Columns g0 = g;
  double avg = 0.8;
  const int a = 1;
  const double r = 2.5;
  rule.learn(g, q, &a, &r, &avg, 5);
  const double scale = 0.5 * (2.5 - 0.8);
  const double eps = 1e-6;
  for (int i = 0; i < 4; ++i) {
    core::Vector<double> hp = g0.col(0), hm = g0.col(0);
    hp[i] += eps;
    hm[i] -= eps;
    const double fd = (core::log_softmax<double>(hp, 2.0)[a] - core::log_softmax<double>(hm, 2.0)[a]) / (2 * eps);
    CHECK(g(i, 0) - g0(i, 0) == Approx(scale * fd).margin(1e-8));
  }
  CHECK(avg == Approx(0.8 + (2.5 - 0.8) / 6.0));
}

TEST_CASE("the block rule names the diverging column and preference, and rejects actions out of range",
          "[rl_bandit][gradient_bandit][rule]") {
  agents::GradientBanditSettings s;
  s.alpha = 1e308;
  s.baseline = false;
  const agents::GradientBanditRule rule(s);
  Columns h = Columns::Zero(3, 3), p(3, 3);
  rule.probabilities(h, p, 0);
  double average[3] = {0.0, 0.0, 0.0};
  const int action[3] = {0, 1, 2};
  const double tame[3] = {0.0, 0.0, 0.0}, wild[3] = {0.0, 1e308, 0.0};
  rule.learn(h, p, action, tame, average, 0);
  try {
    rule.learn(h, p, action, wild, average, 1);  // alpha R overflows in column 1
    FAIL("expected a divergence");
  } catch (const agents::GradientBanditDivergence& e) {
    CHECK(e.column() == 1);
    CHECK_THAT(e.what(), Catch::Contains("preference H[") && Catch::Contains("after step 2"));
  }
  const int bad[3] = {0, 3, 0};
  CHECK_THROWS_AS(rule.learn(h, p, bad, tame, average, 2), std::out_of_range);

  // In a block of 19 columns, column 12 (in the second packet of 8) diverges.
  Columns hw = Columns::Zero(3, 19), pw(3, 19);
  rule.probabilities(hw, pw, 0);
  std::vector<double> avg(19, 0.0), rw(19, 0.0);
  std::vector<int> aw(19, 1);
  rw[12] = 1e308;
  try {
    rule.learn(hw, pw, aw.data(), rw.data(), avg.data(), 0);
    FAIL("expected a divergence");
  } catch (const agents::GradientBanditDivergence& e) {
    CHECK(e.column() == 12);
    CHECK_THAT(e.what(), Catch::Contains("preference H[0]") && Catch::Contains("after step 1"));
  }
}
