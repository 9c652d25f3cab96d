// The floor under a gradient-bandit step: a bare loop of the three core calls one step needs (a draw with
// core::sample_inverse_cdf, a normal reward from the RandomStream, core::softmax of the 10 updated
// preferences) plus the preference update, in double and in float, with no agent, batch or statistics
// code around them; and the same for a block of 32 runs in lockstep as experiments/rl/ steps them (one
// core::softmax_segments call over the block, core::sample_inverse_cdf_rows, a normal per run). Compare
// its ns per (agent-)step with bench/bandit_fig2_5's.
// Usage: bandit_core_calls [STEPS=4000000]
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <time.h>
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

// 32 runs of 10 arms, each step: softmax of all rows, one draw per row, a reward per run, the update.
void run_block(long steps) {
  using namespace arbiter::core;
  constexpr int kRuns = 32, kArms = 10;
  RandomStream rng(1);
  Batch<double> h = Batch<double>::Zero(kRuns, kArms), p(kRuns, kArms), q(kRuns, kArms);
  for (int r = 0; r < kRuns; ++r)
    for (int j = 0; j < kArms; ++j) q(r, j) = rng.normal(4.0, 1.0);
  std::int64_t offsets[kRuns + 1];
  for (int r = 0; r <= kRuns; ++r) offsets[r] = r * kArms;
  double u[kRuns], average[kRuns] = {};
  int a[kRuns];
  long optimal = 0;
  const Eigen::Map<const Vector<double>> logits(h.data(), kRuns * kArms);
  Eigen::Map<Vector<double>> probs(p.data(), kRuns * kArms);
  softmax_segments<double>(logits, offsets, kRuns, probs, 1.0);
  const long block_steps = steps / kRuns;
  const double t0 = thread_cpu_seconds();
  for (long t = 1; t <= block_steps; ++t) {
    for (int r = 0; r < kRuns; ++r) u[r] = rng.uniform();
    sample_inverse_cdf_rows<double>(p, u, a);
    const long n = t % 1000 + 1;
    for (int r = 0; r < kRuns; ++r) {
      const double reward = rng.normal(q(r, a[r]), 1.0);
      average[r] += (reward - average[r]) / static_cast<double>(n);
      const double c = 0.1 * (reward - average[r]);
      h.row(r) -= c * p.row(r);
      h(r, a[r]) += c;
      optimal += a[r] == 0;
    }
    if (n == 1000) h.setZero();
    softmax_segments<double>(logits, offsets, kRuns, probs, 1.0);
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
