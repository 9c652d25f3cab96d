// Kind "rl.episodic": independent runs of REINFORCE on an episodic environment, advanced a slice of episodes
// at a time (runs in parallel through core::parallel_for; each run draws only from RandomStream(seed, r),
// so numbers do not depend on the thread count). Records per run and episode: return, length, mean policy
// entropy, the baseline's start-state value and, on the short corridor, p(right) and its exact start value
// J(p). Live changes (the GUI) apply to every run's environment from the next slice on.
#pragma once
#include <atomic>
#include <chrono>
#include <memory>
#include <vector>
#include "agents/reinforce.hpp"
#include "core/random_stream.hpp"
#include "envs/cartpole.hpp"
#include "envs/gridworld.hpp"
#include "experiments/experiment.hpp"
#include "experiments/rl/episodic_config.hpp"

namespace arbiter::experiments::rl {

class EpisodicExperiment final : public Experiment {
 public:
  // Throws ConfigError (map problems, parameter counts, a saved agent that does not match).
  EpisodicExperiment(EpisodicSetup setup, const RunContext& ctx);

  void step() override;
  bool done() const override;
  double progress() const override;
  Observables observables() const override;
  Results finish() override;

  // ---- live changes; std::invalid_argument when the environment is of another kind ----
  void set_grid_cell(int row, int col, envs::CellType type, double reward);
  void set_step_reward(double reward);  // short corridor
  void set_cartpole_params(const envs::CartPoleParams& p);
  // Pacing: step() adapts its number of episodes so a slice takes between lo and hi seconds (default
  // 0.02-0.08; a live view wants a few milliseconds). Never changes the numbers.
  void set_slice_seconds(double lo, double hi);

  const EpisodicSetup& setup() const { return s_; }
  const envs::Environment& environment(int run) const { return *runs_.at(run).env; }
  const agents::Reinforce& agent(int run) const { return *runs_.at(run).agent; }
  int episodes_done(int run) const { return static_cast<int>(runs_.at(run).returns.size()); }

  // Metric names in results.csv, in order.
  std::vector<std::string> metric_names() const;

 private:
  struct Run {
    std::unique_ptr<envs::Environment> env;
    std::unique_ptr<agents::Reinforce> agent;
    core::RandomStream rng{0};
    std::vector<std::vector<double>> metrics;  // [metric][episode]
    std::vector<double> returns;               // == metrics[0]
  };
  void run_episode(int r);
  int min_episodes() const;
  // Mean and 95% half-width over runs of metric m at episode e (runs that reached it).
  std::pair<double, double> mean_ci(int m, int e) const;

  EpisodicSetup s_;
  int threads_;
  const std::atomic<bool>* cancel_;
  std::vector<Run> runs_;
  std::vector<std::string> metrics_;
  int episodes_per_slice_ = 1;
  double slice_lo_ = 0.02, slice_hi_ = 0.08;
  double busy_seconds_ = 0.0;
  // CartPole: run 0's latest complete episode (cart position, pole angle per step), for a live replay.
  std::vector<double> replay_x_, replay_theta_;
};

}  // namespace arbiter::experiments::rl
