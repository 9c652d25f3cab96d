// The floor under a gradient-bandit step: a bare loop of the three core calls one step needs (a draw with
// core::sample_inverse_cdf, a normal reward from the RandomStream, core::softmax of the 10 updated
// preferences) plus the preference update, in double and in float, with no agent, batch or statistics
// code around them; and the same for a block of 32 runs in lockstep as experiments/rl/ steps them (the
// learning rule agents::GradientBanditRule on the block's preferences entry-major: one core::softmax_columns
// call, core::sample_inverse_cdf_columns, a normal per run). Compare its ns per (agent-)step with
// bench/bandit_fig2_5's.
// Usage: bandit_core_calls [STEPS=4000000]
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <time.h>
#include "agents/gradient_bandit_rule.hpp"
#include "core/categorical_batch.hpp"
#include "core/categorical_sampler.hpp"
#include "core/random_stream.hpp"
#include "core/softmax.hpp"

namespace {

double thread_cpu_seconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

template <class S> void run(const char* name, long steps) {
  using namespace arbiter::core;
  RandomStream rng(1);
  Vector<S> h = Vector<S>::Zero(10), p(10);
  double q[10];
  for (double& x : q) x = rng.normal(4.0, 1.0);
  double average = 0.0;
  long optimal = 0;
  softmax<S>(h, p, S(1));
  const double t0 = thread_cpu_seconds();
  for (long t = 1; t <= steps; ++t) {
    const int a = sample_inverse_cdf<S>(p, rng);
    const double r = rng.normal(q[a], 1.0);
    const long n = t % 1000 + 1;  // a new problem every 1000 steps, as in Figure 2.5
    average += (r - average) / static_cast<double>(n);
    const S c = static_cast<S>(0.1 * (r - average));
    h -= c * p;
    h[a] += c;
    if (n == 1000) h.setZero();
    softmax<S>(h, p, S(1));
    optimal += a == 0;
  }
  const double s = thread_cpu_seconds() - t0;
  std::printf("%-6s %.1f ns CPU per step over %ld steps (checksum %ld)\n", name, s / static_cast<double>(steps) * 1e9,
              steps, optimal);
}

// 32 runs of 10 arms, entry-major (arm j of every run in row j), each step: one draw per column, a reward
// per run, the rule's update and softmax of every column.
void run_block(long steps) {
  using namespace arbiter;
  using core::Batch;
  constexpr int kRuns = 32, kArms = 10;
  agents::GradientBanditSettings settings;  // Figure 2.5's alpha = 0.1 with the book's baseline
  settings.baseline_includes_current = true;
  const agents::GradientBanditRule rule(settings);
  core::RandomStream rng(1);
  Batch<double> h = Batch<double>::Zero(kArms, kRuns), p(kArms, kRuns), q(kArms, kRuns);
  for (int j = 0; j < kArms; ++j)
    for (int r = 0; r < kRuns; ++r) q(j, r) = rng.normal(4.0, 1.0);
  double u[kRuns], average[kRuns] = {}, reward[kRuns];
  int a[kRuns];
  long optimal = 0;
  rule.probabilities(h, p, 0);
  const long block_steps = steps / kRuns;
  const double t0 = thread_cpu_seconds();
  for (long t = 0; t < block_steps; ++t) {
    for (int r = 0; r < kRuns; ++r) u[r] = rng.uniform();
    agents::GradientBanditRule::act(p, u, a);
    for (int r = 0; r < kRuns; ++r) {
      reward[r] = rng.normal(q(a[r], r), 1.0);
      optimal += a[r] == 0;
    }
    const long s = t % 1000;  // a new problem every 1000 steps, as in Figure 2.5
    rule.learn(h, p, a, reward, average, s);
    if (s == 999) {
      h.setZero();
      for (double& x : average) x = 0.0;
      rule.probabilities(h, p, 0);
    }
  }
  const double s = thread_cpu_seconds() - t0;
  std::printf("block  %.1f ns CPU per agent-step over %ld agent-steps, 32 runs in lockstep (checksum %ld)\n",
              s / static_cast<double>(block_steps * kRuns) * 1e9, block_steps * kRuns, optimal);
}

}  // namespace

int main(int argc, char** argv) {
  const long steps = argc > 1 ? std::atol(argv[1]) : 4000000;
  run<double>("double", steps);
  run<float>("float", steps);
  run_block(steps);
  return 0;
}
