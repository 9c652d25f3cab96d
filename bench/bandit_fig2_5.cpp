// Wall time of the full Sutton & Barto Figure 2.5 experiment (4 settings x 2000 runs x 1000 steps = 8 M
// agent-steps) through the registry, as `arbiter run` does it minus file output.
// Usage: bandit_fig2_5 [CONFIG=configs/rl/bandit_fig2_5.json] [THREADS=0 (all cores)] [REPEATS=5]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include "core/config_error.hpp"
#include "experiments/config_loader.hpp"

int main(int argc, char** argv) {
  using namespace arbiter;
  const std::string file = argc > 1 ? argv[1] : "configs/rl/bandit_fig2_5.json";
  const int threads = argc > 2 ? std::atoi(argv[2]) : 0;
  const int repeats = argc > 3 ? std::max(1, std::atoi(argv[3])) : 5;
  try {
    const auto cfg = experiments::load_config(file);
    double best = 1e300, total = 0.0;
    experiments::Results results;
    for (int rep = 0; rep < repeats; ++rep) {
      const auto t0 = std::chrono::steady_clock::now();
      auto exp = experiments::make_experiment(cfg, threads);
      while (!exp->done()) exp->step();
      results = exp->finish();
      const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      best = std::min(best, s);
      total += s;
      std::printf("run %d: %.3f s wall\n", rep + 1, s);
    }
    const double agent_steps = results.summary.value("agent_steps", 0.0);
    std::printf("%s, threads %d: best %.3f s, mean %.3f s over %d runs; %.0f agent-steps, %.1f M agent-steps/s (best)\n",
                file.c_str(), threads, best, total / repeats, repeats, agent_steps, agent_steps / best / 1e6);
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
