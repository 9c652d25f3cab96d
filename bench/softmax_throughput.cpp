// Throughput of the core softmax and log-sum-exp (float, one thread) on 1e3, 1e5 and 1e7 elements and a
// 4096 x 1000 row-wise batch, beside the memory bandwidth measured in this same binary (a plain read of an
// equal-sized array), a copy by streaming stores and a scalar std::exp softmax loop. Counters: elements/s,
// and bytes/s of the input read.
//   softmax_throughput [--benchmark_filter=REGEX] [--benchmark_min_time=0.5]
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "core/exp_kernels.hpp"
#include "core/random_stream.hpp"
#include "core/softmax.hpp"

namespace {

using arbiter::core::Batch;

// Aligned as Eigen aligns its own vectors (to the packet size), as the logits of an Eigen::VectorXf are.
using Logits = std::vector<float, Eigen::aligned_allocator<float>>;

Logits random_logits(std::int64_t n) {
  arbiter::core::RandomStream rng(20261201, 0);
  Logits x(static_cast<std::size_t>(n));
  for (auto& v : x) v = static_cast<float>(rng.normal(0.0, 4.0));
  return x;
}

void set_counters(benchmark::State& state, std::int64_t elements_per_iteration) {
  const double items = static_cast<double>(elements_per_iteration) * static_cast<double>(state.iterations());
  state.counters["elements/s"] = benchmark::Counter(items, benchmark::Counter::kIsRate);
  state.counters["read B/s"] = benchmark::Counter(items * sizeof(float), benchmark::Counter::kIsRate,
                                                  benchmark::Counter::OneK::kIs1024);
}

// The bandwidth reference: every element of an equal-sized array read once (summed, so nothing is elided).
void BM_read_bandwidth(benchmark::State& state) {
  const auto x = random_logits(state.range(0));
  const Eigen::Map<const Eigen::ArrayXf> a(x.data(), state.range(0));
  for (auto _ : state) {
    float s = a.sum();
    benchmark::DoNotOptimize(s);
  }
  set_counters(state, state.range(0));
}

// The floor of softmax's last pass over a long input: read one array and write another with the streaming
// stores that pass uses (so this rate with the read above bounds what two passes can reach).
void BM_stream_copy(benchmark::State& state) {
  const auto x = random_logits(state.range(0));
  Logits out(x.size(), 0.0f);
  for (auto _ : state) {
    arbiter::core::kernels::Packets<float>::stream_scaled(x.data(), state.range(0), 1.0f, out.data());
    arbiter::core::kernels::stream_fence();
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  set_counters(state, state.range(0));
}

// The naive reference: max, then std::exp one element at a time, then divide.
void BM_scalar_exp_softmax(benchmark::State& state) {
  const auto x = random_logits(state.range(0));
  std::vector<float> out(x.size());
  for (auto _ : state) {
    float m = x[0];
    for (float v : x) m = std::max(m, v);
    float s = 0.0f;
    for (std::size_t i = 0; i < x.size(); ++i) s += (out[i] = std::exp(x[i] - m));
    const float inv = 1.0f / s;
    for (auto& v : out) v *= inv;
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  set_counters(state, state.range(0));
}

void BM_softmax(benchmark::State& state) {
  const auto x = random_logits(state.range(0));
  const Eigen::Map<const Eigen::VectorXf> in(x.data(), state.range(0));
  Eigen::VectorXf out = Eigen::VectorXf::Zero(state.range(0));  // touched once, so no page faults are timed
  for (auto _ : state) {
    arbiter::core::softmax<float>(in, out);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  set_counters(state, state.range(0));
}

void BM_log_sum_exp(benchmark::State& state) {
  const auto x = random_logits(state.range(0));
  const Eigen::Map<const Eigen::VectorXf> in(x.data(), state.range(0));
  for (auto _ : state) {
    float z = arbiter::core::log_sum_exp<float>(in);
    benchmark::DoNotOptimize(z);
  }
  set_counters(state, state.range(0));
}

constexpr std::int64_t kRows = 4096, kCols = 1000;

void BM_read_bandwidth_batch(benchmark::State& state) {
  const auto x = random_logits(kRows * kCols);
  const Eigen::Map<const Eigen::ArrayXf> a(x.data(), kRows * kCols);
  for (auto _ : state) {
    float s = a.sum();
    benchmark::DoNotOptimize(s);
  }
  set_counters(state, kRows * kCols);
}

void BM_softmax_rows(benchmark::State& state) {
  const auto x = random_logits(kRows * kCols);
  const Eigen::Map<const Batch<float>> in(x.data(), kRows, kCols);
  Batch<float> out = Batch<float>::Zero(kRows, kCols);
  for (auto _ : state) {
    arbiter::core::softmax_rows<float>(in, out);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  set_counters(state, kRows * kCols);
}

void BM_log_sum_exp_rows(benchmark::State& state) {
  const auto x = random_logits(kRows * kCols);
  const Eigen::Map<const Batch<float>> in(x.data(), kRows, kCols);
  for (auto _ : state) {
    Eigen::VectorXf z = arbiter::core::log_sum_exp_rows<float>(in);
    benchmark::DoNotOptimize(z.data());
  }
  set_counters(state, kRows * kCols);
}

void sizes(benchmark::internal::Benchmark* b) { b->Arg(1000)->Arg(100000)->Arg(10000000); }

BENCHMARK(BM_read_bandwidth)->Apply(sizes);
BENCHMARK(BM_stream_copy)->Arg(10000000);
BENCHMARK(BM_scalar_exp_softmax)->Apply(sizes);
BENCHMARK(BM_softmax)->Apply(sizes);
BENCHMARK(BM_log_sum_exp)->Apply(sizes);
BENCHMARK(BM_read_bandwidth_batch);
BENCHMARK(BM_softmax_rows);
BENCHMARK(BM_log_sum_exp_rows);

}  // namespace

BENCHMARK_MAIN();
