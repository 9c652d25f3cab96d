// The lockstep gradient bandit (runs stepped a block at a time, structure of arrays) against the one-agent
// GradientBandit on the same streams, and the batched inverse-CDF draw it uses (core/categorical_batch.hpp)
// against core::sample_inverse_cdf.
#include <catch2/catch.hpp>

#include <atomic>
#include <cmath>
#include <stdexcept>
#include <vector>
#include "agents/gradient_bandit.hpp"
#include "core/categorical_batch.hpp"
#include "core/categorical_sampler.hpp"
#include "core/exp_kernels_avx2.hpp"
#include "core/random_stream.hpp"
#include "envs/bandit_testbed.hpp"
#include "experiments/rl/bandit_batch.hpp"

using namespace arbiter;

TEST_CASE("sample_inverse_cdf_columns draws what sample_inverse_cdf draws from the same uniforms",
          "[rl_bandit][lockstep][sampler]") {
  // On the AVX2 copy of a portable build (4 columns at a time) and on the Eigen packets.
  const bool avx2 = GENERATE(true, false);
  core::kernels::avx2::allow(avx2);
  INFO("AVX2 copies running: " << core::kernels::avx2::enabled());
  core::RandomStream gen(11);
  const int cols = 300, k = 7;
  core::Batch<double> p(k, cols);
  for (int c = 0; c < cols; ++c) {
    for (int j = 0; j < k; ++j) p(j, c) = gen.uniform() < 0.3 ? 0.0 : gen.uniform();
    if (p.col(c).sum() == 0.0) p(c % k, c) = 1.0;
    p.col(c) /= p.col(c).sum();
  }
  std::vector<double> u(cols);
  std::vector<int> batch(cols);
  core::RandomStream a(5), b(5);
  for (int c = 0; c < cols; ++c) u[c] = a.uniform();
  core::sample_inverse_cdf_columns<double>(p, u.data(), batch.data());
  for (int c = 0; c < cols; ++c) {
    const Eigen::VectorXd col = p.col(c);
    CHECK(batch[c] == core::sample_inverse_cdf<double>(col, b));
    CHECK(p(batch[c], c) > 0.0);  // never a zero-probability entry
  }
  // u just below 1 goes to the last non-zero entry, u = 0 to the first non-zero one.
  core::Batch<double> edge(4, 1);
  edge << 0.0, 0.5, 0.5, 0.0;
  double hi = std::nextafter(1.0, 0.0), lo = 0.0;
  int out = -1;
  core::sample_inverse_cdf_columns<double>(edge, &hi, &out);
  CHECK(out == 2);
  core::sample_inverse_cdf_columns<double>(edge, &lo, &out);
  CHECK(out == 1);
  // Bad columns name the column.
  core::Batch<double> bad(3, 2);
  bad << 0.2, 0.2, 0.3, -0.1, 0.5, 0.9;
  const double two[2] = {0.5, 0.5};
  int outs[2];
  CHECK_THROWS_WITH(core::sample_inverse_cdf_columns<double>(bad, two, outs),
                    Catch::Contains("column 1") && Catch::Contains("probability 1"));
  bad.col(1).setZero();
  CHECK_THROWS_WITH(core::sample_inverse_cdf_columns<double>(bad, two, outs), Catch::Contains("column 1"));
  core::Batch<double> wide = core::Batch<double>::Constant(3, 9, 1.0 / 3.0);  // a bad column in the AVX2 packets
  wide(1, 6) = std::nan("");
  double nine[9] = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9};
  int outs9[9];
  CHECK_THROWS_WITH(core::sample_inverse_cdf_columns<double>(wide, nine, outs9), Catch::Contains("column 6"));
  core::kernels::avx2::allow(true);
}

TEST_CASE("BanditTestbeds: testbed r pulls what a BanditTestbed reset from the same stream pulls",
          "[rl_bandit][lockstep][env]") {
  envs::BanditSpec gaussian;
  gaussian.k = 5;
  gaussian.mean_offset = 4.0;
  gaussian.reward_sds = {0.5, 1.0, 1.5, 2.0, 0.0};
  envs::BanditSpec walk;
  walk.k = 4;
  walk.walk_sd = 0.3;
  envs::BanditSpec coin;
  coin.arms = envs::BanditSpec::Arms::bernoulli;
  coin.k = 3;
  for (const auto& spec : {gaussian, walk, coin}) {
    std::vector<core::RandomStream> streams;
    for (std::uint64_t r = 0; r < 6; ++r) streams.push_back(core::RandomStream(3, r).substream(0));
    envs::BanditTestbeds block(spec, streams);
    REQUIRE(block.size() == 6);
    for (std::int64_t r = 0; r < 6; ++r) {
      envs::BanditTestbed one(spec);
      one.reset(streams[static_cast<std::size_t>(r)]);
      for (int a = 0; a < spec.k; ++a) CHECK(block.true_values(r)[a] == one.true_values()[static_cast<std::size_t>(a)]);
      for (int t = 0; t < 40; ++t) {
        const int a = (t * 7 + static_cast<int>(r)) % spec.k;
        CHECK(block.optimal_action(r) == one.optimal_action());
        CHECK(block.pull(r, a) == one.pull(a));
      }
      for (int a = 0; a < spec.k; ++a) CHECK(block.true_values(r)[a] == one.true_values()[static_cast<std::size_t>(a)]);
    }
  }
  // pull_block (Gaussian rewards SIMD across the testbeds) pulls exactly what pull does, for every spec.
  for (const auto& spec : {gaussian, walk, coin}) {
    std::vector<core::RandomStream> streams;
    for (std::uint64_t r = 0; r < 70; ++r) streams.push_back(core::RandomStream(4, r).substream(0));
    envs::BanditTestbeds by_block(spec, streams), one_by_one(spec, streams);
    std::vector<int> actions(70);
    std::vector<double> rewards(70);
    for (int t = 0; t < 9; ++t) {  // odd and even draws: the polar method's spare normal alternates
      for (int r = 0; r < 70; ++r) actions[static_cast<std::size_t>(r)] = (t * 3 + r) % spec.k;
      by_block.pull_block(0, 70, actions.data(), rewards.data());
      for (std::size_t r = 0; r < 70; ++r)
        CHECK(rewards[r] == one_by_one.pull(static_cast<std::int64_t>(r), actions[r]));
    }
  }
  envs::BanditSpec bad;
  bad.k = 0;
  CHECK_THROWS_AS(envs::BanditTestbeds(bad, {}), std::invalid_argument);
}

namespace {

// Run `run` of a batch, replayed with one GradientBandit agent on the batch's streams for that run.
struct Replay {
  agents::GradientBandit agent;
  envs::BanditTestbed env;
  core::RandomStream rng;
  double reward_sum = 0.0;
  std::int64_t optimal = 0;
  Replay(const experiments::rl::BanditBatchSpec& spec, const agents::GradientBanditSettings& s, std::int64_t run)
      : agent(spec.env.k, s), env(spec.env), rng(core::RandomStream(spec.seed, static_cast<std::uint64_t>(run)).substream(1)) {
    env.reset(core::RandomStream(spec.seed, static_cast<std::uint64_t>(run)).substream(0));
  }
  void steps(std::int64_t n) {
    for (std::int64_t i = 0; i < n; ++i) {
      const int a = agent.act(rng);
      optimal += a == env.optimal_action();
      const double r = env.pull(a);
      reward_sum += r;
      agent.learn(a, r);
    }
  }
};

}  // namespace

TEST_CASE("lockstep gradient-bandit blocks give every run what one GradientBandit agent gives",
          "[rl_bandit][lockstep]") {
  experiments::rl::BanditBatchSpec spec;
  spec.env.k = 6;
  spec.env.mean_offset = 4.0;
  spec.runs = 70;  // two full blocks of 32 and a partial one
  spec.steps = 60;
  spec.seed = 99;
  spec.record_entropy = true;
  agents::GradientBanditSettings book;  // Figure 2.5's agent
  book.alpha = 0.4;
  book.baseline_includes_current = true;
  agents::GradientBanditSettings annealed;  // baseline before the reward, constant baseline step, T schedule, bonus
  annealed.alpha = 0.2;
  annealed.baseline_step = 0.1;
  annealed.entropy_bonus = 0.05;
  annealed.initial_preference = 0.5;
  annealed.temperature = agents::TemperatureSchedule::exponential(2.0, 0.5, 40);
  agents::GradientBanditSettings none;
  none.alpha = 0.1;
  none.baseline = false;
  spec.agents = {{"book", book}, {"annealed", annealed}, {"none", none}};
  const std::vector<agents::GradientBanditSettings> settings = {book, annealed, none};
  experiments::rl::BanditBatch batch(spec);
  REQUIRE(batch.advance(7));
  REQUIRE(batch.advance(53));
  REQUIRE(batch.done());
  for (int g = 0; g < 3; ++g) {
    const auto summaries = batch.run_summaries(g);
    for (std::int64_t run : {0, 31, 32, 69}) {
      INFO("setting " << g << ", run " << run);
      Replay replay(spec, settings[g], run);
      replay.steps(spec.steps);
      const nlohmann::json state = batch.agent_state(g, run);
      CHECK(state.at("steps") == 60);
      const auto h = state.at("preferences").get<std::vector<double>>();
      REQUIRE(h.size() == 6u);
      for (int j = 0; j < 6; ++j) CHECK(h[j] == Approx(replay.agent.preferences()[j]).margin(1e-12));
      CHECK(state.at("average_reward").get<double>() == Approx(replay.agent.average_reward()).margin(1e-12));
      CHECK(summaries[run].mean_reward == Approx(replay.reward_sum / 60.0).margin(1e-12));
      CHECK(summaries[run].fraction_optimal == Approx(static_cast<double>(replay.optimal) / 60.0));
      CHECK(summaries[run].final_entropy == Approx(replay.agent.entropy()).margin(1e-12));
      if (run == 0) {
        CHECK((batch.live_probabilities(g) - replay.agent.probabilities()).norm() < 1e-12);
        CHECK(batch.live_baseline(g) == Approx(replay.agent.baseline()).margin(1e-12));
        CHECK(batch.live_entropy(g) == Approx(replay.agent.entropy()).margin(1e-12));
      }
    }
    // Step 1's entropy is that of the initial (uniform) policy in every run.
    CHECK(batch.stats(g).entropy[0].mean() == Approx(std::log(6.0)).epsilon(1e-12));
    CHECK(batch.stats(g).optimal[59].count() == 70);
  }
}

TEST_CASE("batch slices (adaptive, long) give the numbers of one-step live slices", "[rl_bandit][lockstep][slices]") {
  experiments::rl::BanditBatchSpec spec;
  spec.env.mean_offset = 4.0;
  spec.runs = 45;
  spec.steps = 300;
  spec.seed = 7;
  spec.record_entropy = true;
  spec.threads = 1;
  agents::GradientBanditSettings book;
  book.alpha = 0.4;
  book.baseline_includes_current = true;
  spec.agents = {{"book", book}};
  experiments::rl::BanditBatch live(spec);
  while (!live.done()) REQUIRE(live.advance_slice(45, 300));  // one step per slice
  spec.slice_seconds = 0.01;  // batch: the length doubles (a step here takes microseconds) up to the run
  experiments::rl::BanditBatch batch(spec);
  int slices = 0;
  while (!batch.done()) {
    REQUIRE(batch.advance_slice(45, 1));
    ++slices;
  }
  CHECK(slices < 300);
  for (std::int64_t s = 0; s < 300; ++s) {
    INFO("step " << s + 1);
    CHECK(batch.stats(0).optimal[s].mean() == live.stats(0).optimal[s].mean());
    CHECK(batch.stats(0).reward[s].mean() == live.stats(0).reward[s].mean());
    CHECK(batch.stats(0).reward[s].variance() == live.stats(0).reward[s].variance());
    CHECK(batch.stats(0).entropy[s].mean() == live.stats(0).entropy[s].mean());
  }
  CHECK(batch.agent_state(0, 44) == live.agent_state(0, 44));
}

TEST_CASE("slices of any length on 3 threads, with a cancelled slice between, give one 1-thread advance's numbers",
          "[rl_bandit][lockstep][slices][threads]") {
  experiments::rl::BanditBatchSpec spec;
  spec.env.mean_offset = 4.0;
  spec.runs = 100;  // three full blocks of 32 and a partial one, per setting
  spec.steps = 90;
  spec.seed = 12;
  agents::GradientBanditSettings book;
  book.alpha = 0.4;
  book.baseline_includes_current = true;
  agents::GradientBanditSettings none;
  none.alpha = 0.1;
  none.baseline = false;
  spec.agents = {{"book", book}, {"none", none}};
  spec.threads = 1;
  experiments::rl::BanditBatch one(spec);
  REQUIRE(one.advance(90));
  std::atomic<bool> cancel{false};
  spec.threads = 3;
  spec.cancel = &cancel;
  experiments::rl::BanditBatch sliced(spec);
  REQUIRE(sliced.advance(40));
  cancel = true;
  CHECK_FALSE(sliced.advance(20));  // nothing merged
  CHECK(sliced.steps_done() == 40);
  CHECK(sliced.stats(1).reward.size() == 40u);
  cancel = false;
  REQUIRE(sliced.advance(3));
  REQUIRE(sliced.advance(47));
  REQUIRE(sliced.done());
  for (int g = 0; g < 2; ++g)
    for (std::int64_t s = 0; s < 90; ++s) {
      INFO("setting " << g << ", step " << s + 1);
      CHECK(sliced.stats(g).optimal[s].count() == 100);
      CHECK(sliced.stats(g).optimal[s].mean() == one.stats(g).optimal[s].mean());
      CHECK(sliced.stats(g).reward[s].mean() == one.stats(g).reward[s].mean());
      CHECK(sliced.stats(g).reward[s].variance() == one.stats(g).reward[s].variance());
    }
  CHECK(sliced.agent_state(1, 99) == one.agent_state(1, 99));
}
