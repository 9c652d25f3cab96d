// Wall and CPU time of the full Sutton & Barto Figure 2.5 experiment (4 settings x 2000 runs x 1000 steps =
// 8 M agent-steps) through the registry, as `arbiter run` does it minus file output (batch slices; SLICE = 0
// gives the GUI's live slices instead). The CPU time (all
// threads) is printed beside the wall time because on a shared machine the wall time depends on the load;
// the calling thread's CPU time (it builds, steps and finishes the experiment and takes its share of every
// parallel slice) is a floor under the wall time on an idle machine.
// Usage: bandit_fig2_5 [CONFIG=configs/rl/bandit_fig2_5.json] [THREADS=0 (all cores)] [REPEATS=5]
//                      [SLICE=0.1 (RunContext::slice_seconds)]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <time.h>
#include "core/config_error.hpp"
#include "experiments/config_loader.hpp"

namespace {
double cpu_seconds(clockid_t clock) {
  timespec ts;
  clock_gettime(clock, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}
}  // namespace

int main(int argc, char** argv) {
  using namespace arbiter;
  const std::string file = argc > 1 ? argv[1] : "configs/rl/bandit_fig2_5.json";
  const int threads = argc > 2 ? std::atoi(argv[2]) : 0;
  const int repeats = argc > 3 ? std::max(1, std::atoi(argv[3])) : 5;
  const double slice = argc > 4 ? std::atof(argv[4]) : experiments::kBatchSliceSeconds;
  try {
    const auto cfg = experiments::load_config(file);
    double best = 1e300, total = 0.0, best_cpu = 1e300, best_main = 1e300;
    experiments::Results results;
    for (int rep = 0; rep < repeats; ++rep) {
      const auto t0 = std::chrono::steady_clock::now();
      const double c0 = cpu_seconds(CLOCK_PROCESS_CPUTIME_ID), m0 = cpu_seconds(CLOCK_THREAD_CPUTIME_ID);
      auto exp = experiments::make_experiment(cfg, threads, nullptr, slice);
      while (!exp->done()) exp->step();
      results = exp->finish();
      const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      const double cpu = cpu_seconds(CLOCK_PROCESS_CPUTIME_ID) - c0, main = cpu_seconds(CLOCK_THREAD_CPUTIME_ID) - m0;
      best = std::min(best, s);
      best_cpu = std::min(best_cpu, cpu);
      best_main = std::min(best_main, main);
      total += s;
      std::printf("run %d: %.3f s wall, %.3f s CPU (calling thread %.3f s)\n", rep + 1, s, cpu, main);
    }
    const double agent_steps = results.summary.value("agent_steps", 0.0);
    std::printf("%s, threads %d: best %.3f s wall (mean %.3f over %d runs), best %.3f s CPU (calling thread "
                "%.3f s); %.0f agent-steps, %.1f M agent-steps/s wall, %.0f ns CPU per agent-step\n",
                file.c_str(), threads, best, total / repeats, repeats, best_cpu, best_main, agent_steps, agent_steps / best / 1e6,
                best_cpu / agent_steps * 1e9);
    std::fputs(results.report.c_str(), stdout);
  } catch (const core::ConfigError& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 1;
  }
  return 0;
}
