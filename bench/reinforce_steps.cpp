// Agent-steps per second per core of REINFORCE through the registry (act, environment step, end-of-episode
// update; no file output): the short corridor (linear policy, with and without its baseline) and CartPole
// (MLP policy and baseline, Adam), each on one thread, then CartPole's 10 runs on every core. Wall and CPU
// time are both printed: on a shared machine the wall time depends on the load.
// Usage: reinforce_steps [EPISODES_CARTPOLE=300] [REPEATS=3]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>
#include <time.h>
#include "core/config_error.hpp"
#include "core/parallel_for.hpp"
#include "experiments/config_loader.hpp"

namespace {

using namespace arbiter;

struct Timing {
  double best_seconds = 1e300, best_cpu_seconds = 1e300;
  double agent_steps = 0;
};

double process_cpu_seconds() {
  timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

Timing time_config(const std::string& file, const std::vector<std::string>& overrides, int threads, int repeats) {
  Timing t;
  const auto cfg = experiments::load_config(file, overrides);
  for (int rep = 0; rep < repeats; ++rep) {
    auto exp = experiments::make_experiment(cfg, threads);
    const auto t0 = std::chrono::steady_clock::now();
    const double c0 = process_cpu_seconds();
    while (!exp->done()) exp->step();
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const double cpu = process_cpu_seconds() - c0;
    const auto results = exp->finish();
    t.best_seconds = std::min(t.best_seconds, s);
    t.best_cpu_seconds = std::min(t.best_cpu_seconds, cpu);
    t.agent_steps = results.summary.value("agent_steps", 0.0);
  }
  return t;
}

void report(const char* what, const Timing& t, int threads) {
  std::printf("%-62s %9.0f agent-steps %7.3f s wall %7.3f s CPU: %5.2f M agent-steps/s wall, %5.2f M per CPU-second "
              "(%d thread%s)\n",
              what, t.agent_steps, t.best_seconds, t.best_cpu_seconds, t.agent_steps / t.best_seconds / 1e6,
              t.agent_steps / t.best_cpu_seconds / 1e6, threads, threads == 1 ? "" : "s");
}

}  // namespace

int main(int argc, char** argv) {
  const std::string cartpole_episodes = argc > 1 ? argv[1] : "300";
  const int repeats = argc > 2 ? std::max(1, std::atoi(argv[2])) : 3;
  try {
    report("short corridor, REINFORCE (100 runs x 1000 episodes)",
           time_config("configs/rl/short_corridor_reinforce.json", {}, 1, repeats), 1);
    report("short corridor, REINFORCE + baseline (100 runs x 1000 episodes)",
           time_config("configs/rl/short_corridor_baseline.json", {}, 1, repeats), 1);
    const std::string cp = "cartpole, MLP REINFORCE + baseline (1 run x " + cartpole_episodes + " episodes)";
    report(cp.c_str(), time_config("configs/rl/cartpole.json", {"/runs=1", "/episodes=" + cartpole_episodes}, 1, repeats),
           1);
    const int cores = core::default_thread_count();
    const std::string all = "cartpole, 10 runs x " + cartpole_episodes + " episodes";
    report(all.c_str(), time_config("configs/rl/cartpole.json", {"/episodes=" + cartpole_episodes}, cores, repeats),
           cores);
  } catch (const core::ConfigError& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 1;
  }
  return 0;
}
