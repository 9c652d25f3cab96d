// Single-spin update throughput of the 2D Ising samplers on L = 256 and L = 1024, on one core and on every
// core (one lattice per thread): the checkerboard, table-driven Metropolis and heat-bath sweeps, both the
// byte-per-spin loop and the multi-spin coded one (64 spins per word, the default for L a multiple of 128),
// against a naive reference loop (random site, std::exp each time) in the same binary. Plain timed program:
//   ising_updates [seconds_per_case=1.0]
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <memory>
#include <string>
#include <vector>
#include "core/parallel_for.hpp"
#include "core/random_stream.hpp"
#include "physics/ising_lattice.hpp"

using namespace arbiter;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

// CPU time of the calling thread: its rate does not depend on what else the machine is running.
double thread_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

struct Rate {
  double wall = 0.0;      // updates per wall-clock second, summed over threads
  double per_cpu = 0.0;   // updates per CPU second of each thread, averaged over threads
};

// Sweeps `lattices` (one per thread) until `budget` seconds pass.
Rate sweep_rate(int L, physics::Sampler sampler, bool multispin, double T, int threads, double budget) {
  std::vector<std::unique_ptr<physics::IsingLattice>> lattices;
  std::vector<core::RandomStream> rngs;
  for (int t = 0; t < threads; ++t) {
    lattices.push_back(std::make_unique<physics::IsingLattice>(L, 1.0, 0.0, T, sampler));
    lattices.back()->set_multispin(multispin);
    if (lattices.back()->multispin() != multispin) {
      std::fprintf(stderr, "ising_updates: the multi-spin path does not apply to L = %d\n", L);
      std::exit(1);
    }
    rngs.emplace_back(2026, static_cast<std::uint64_t>(t));
    for (int k = 0; k < 5; ++k) lattices.back()->sweep(rngs.back());  // warm up
  }
  const double n = static_cast<double>(L) * L;
  std::vector<double> rate(static_cast<std::size_t>(threads)), per_cpu(static_cast<std::size_t>(threads));
  core::parallel_for(static_cast<std::size_t>(threads), threads, [&](std::size_t t) {
    // A thread-local copy of the stream: the streams sit side by side in `rngs`, and two threads writing
    // one cache line would slow each other down (false sharing), which is not what is being measured.
    core::RandomStream rng = rngs[t];
    std::int64_t sweeps = 0;
    const auto t0 = Clock::now();
    const double c0 = thread_cpu_seconds();
    double elapsed = 0.0;
    do {
      lattices[t]->sweep(rng);
      ++sweeps;
      elapsed = seconds_since(t0);
    } while (elapsed < budget);
    rate[t] = static_cast<double>(sweeps) * n / elapsed;
    per_cpu[t] = static_cast<double>(sweeps) * n / (thread_cpu_seconds() - c0);
  });
  Rate r;
  for (int t = 0; t < threads; ++t) {
    r.wall += rate[static_cast<std::size_t>(t)];
    r.per_cpu += per_cpu[static_cast<std::size_t>(t)] / threads;
  }
  return r;
}

// The naive reference: a random site each time and a fresh std::exp for its Metropolis acceptance.
Rate naive_rate(int L, double T, double budget) {
  std::vector<std::int8_t> s(static_cast<std::size_t>(L) * L, 1);
  core::RandomStream rng(7);
  const double beta = 1.0 / T;
  const std::uint64_t n = s.size();
  std::int64_t updates = 0;
  const auto t0 = Clock::now();
  const double c0 = thread_cpu_seconds();
  double elapsed = 0.0;
  do {
    for (int k = 0; k < 1 << 20; ++k) {
      const auto i = static_cast<int>(rng.uniform_int(n));
      const int r = i / L, c = i % L;
      const int sum = s[static_cast<std::size_t>(r * L + (c + 1) % L)] + s[static_cast<std::size_t>(r * L + (c + L - 1) % L)] +
                      s[static_cast<std::size_t>(((r + 1) % L) * L + c)] + s[static_cast<std::size_t>(((r + L - 1) % L) * L + c)];
      const double de = 2.0 * s[static_cast<std::size_t>(i)] * sum;
      if (rng.uniform() < std::exp(-beta * de)) s[static_cast<std::size_t>(i)] = static_cast<std::int8_t>(-s[static_cast<std::size_t>(i)]);
    }
    updates += 1 << 20;
    elapsed = seconds_since(t0);
  } while (elapsed < budget);
  return {static_cast<double>(updates) / elapsed, static_cast<double>(updates) / (thread_cpu_seconds() - c0)};
}

}  // namespace

int main(int argc, char** argv) {
  const double budget = argc > 1 ? std::atof(argv[1]) : 1.0;
  const int cores = core::default_thread_count();
  const double T = 2.269;
  std::printf("2D Ising single-spin updates per second at T = %.3f (h = 0), %.1f s per case, %d cores\n", T, budget,
              cores);
  std::printf("M/s = million updates per wall-clock second; 'per CPU s' = per second of each thread's own CPU time\n");
  std::printf("(equal to the wall rate on an idle machine; what the code does per core when others share it)\n");
  std::printf("%-38s %5s %10s %10s %11s %10s %8s %9s\n", "sampler", "L", "1 core", "per CPU s", "all cores",
              "per CPU s", "scaling", "vs naive");
  // "vs naive": the one-core per-CPU-second rates, so the ratio does not depend on the machine's load.
  for (const int L : {256, 1024}) {
    const Rate naive = naive_rate(L, T, budget);
    for (const bool multispin : {false, true}) {
      for (const auto sampler : {physics::Sampler::metropolis, physics::Sampler::heat_bath}) {
        const Rate one = sweep_rate(L, sampler, multispin, T, 1, budget);
        const Rate all = sweep_rate(L, sampler, multispin, T, cores, budget);
        const std::string name =
            std::string(multispin ? "multi-spin " : "checkerboard bytes ") + physics::sampler_name(sampler);
        std::printf("%-38s %5d %10.1f %10.1f %11.1f %10.1f %8.2f %8.1fx\n", name.c_str(), L, one.wall / 1e6,
                    one.per_cpu / 1e6, all.wall / 1e6, all.per_cpu / 1e6, all.wall / one.wall,
                    one.per_cpu / naive.per_cpu);
      }
    }
    std::printf("%-38s %5d %10.1f %10.1f %11s %10s %8s %9s\n", "naive metropolis (random site, exp)", L,
                naive.wall / 1e6, naive.per_cpu / 1e6, "-", "-", "-", "1.0x");
  }
  return 0;
}
