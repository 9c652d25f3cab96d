// Single-spin update throughput of the 2D Ising samplers on L = 256 and L = 1024, on one core and on every
// core (one lattice per thread): the checkerboard, table-driven Metropolis and heat-bath sweeps, both the
// byte-per-spin loop and the multi-spin coded one (64 spins per word, the default for L a multiple of 128),
// against a naive reference loop (random site, std::exp each time) in the same binary. Plain timed program:
//   ising_updates [seconds_per_case=1.0]
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
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

// Sweeps `lattices` (one per thread) until `budget` seconds pass; returns updates per second summed over threads.
double sweep_rate(int L, physics::Sampler sampler, bool multispin, double T, int threads, double budget) {
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
  std::vector<double> rate(static_cast<std::size_t>(threads));
  core::parallel_for(static_cast<std::size_t>(threads), threads, [&](std::size_t t) {
    std::int64_t sweeps = 0;
    const auto t0 = Clock::now();
    double elapsed = 0.0;
    do {
      lattices[t]->sweep(rngs[t]);
      ++sweeps;
      elapsed = seconds_since(t0);
    } while (elapsed < budget);
    rate[t] = static_cast<double>(sweeps) * n / elapsed;
  });
  double total = 0.0;
  for (const double r : rate) total += r;
  return total;
}

// The naive reference: a random site each time and a fresh std::exp for its Metropolis acceptance.
double naive_rate(int L, double T, double budget) {
  std::vector<std::int8_t> s(static_cast<std::size_t>(L) * L, 1);
  core::RandomStream rng(7);
  const double beta = 1.0 / T;
  const std::uint64_t n = s.size();
  std::int64_t updates = 0;
  const auto t0 = Clock::now();
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
  return static_cast<double>(updates) / elapsed;
}

}  // namespace

int main(int argc, char** argv) {
  const double budget = argc > 1 ? std::atof(argv[1]) : 1.0;
  const int cores = core::default_thread_count();
  const double T = 2.269;
  std::printf("2D Ising single-spin updates per second at T = %.3f (h = 0), %.1f s per case, %d cores\n", T, budget,
              cores);
  std::printf("%-40s %6s %14s %16s %9s %12s\n", "sampler", "L", "1 core (M/s)", "all cores (M/s)", "scaling",
              "vs naive");
  for (const int L : {256, 1024}) {
    const double naive = naive_rate(L, T, budget);
    for (const bool multispin : {false, true}) {
      for (const auto sampler : {physics::Sampler::metropolis, physics::Sampler::heat_bath}) {
        const double one = sweep_rate(L, sampler, multispin, T, 1, budget);
        const double all = sweep_rate(L, sampler, multispin, T, cores, budget);
        const std::string name =
            std::string(multispin ? "multi-spin " : "checkerboard bytes ") + physics::sampler_name(sampler);
        std::printf("%-40s %6d %14.1f %16.1f %9.2f %11.1fx\n", name.c_str(), L, one / 1e6, all / 1e6, all / one,
                    one / naive);
      }
    }
    std::printf("%-40s %6d %14.1f %16s %9s %12s\n", "naive metropolis (random site, exp)", L, naive / 1e6, "-", "-",
                "1.0x");
  }
  return 0;
}
