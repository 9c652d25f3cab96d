// Kind "rl.episodic": independent runs of REINFORCE on an episodic environment, advanced a slice of episodes
// at a time (runs in parallel through core::parallel_for; each run draws only from RandomStream(seed, r),
// so numbers do not depend on the thread count or the slice length). Records per run and episode: return,
// length, mean policy entropy, the baseline's start-state value and, on the short corridor, p(right) and its
// exact start value J(p). Live changes (apply_live: the environment's settings and map, step sizes,
// temperature) apply to every run from the next slice on; a slice always ends between episodes.
#pragma once
#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <vector>
#include "agents/reinforce.hpp"
#include "core/random_stream.hpp"
#include "envs/environment.hpp"
#include "experiments/experiment.hpp"
#include "experiments/rl/episodic_setup.hpp"

namespace arbiter::experiments::rl {

class EpisodicExperiment final : public Experiment {
 public:
  // Throws ConfigError (map problems, parameter counts, a saved agent that does not match). Slices take
  // about ctx.slice_seconds (batch runs) or a few milliseconds (0: a live view).
  EpisodicExperiment(EpisodicSetup setup, const RunContext& ctx);

  void step() override;
  bool done() const override;
  double progress() const override;
  Observables observables() const override;  // episodic_observables.cpp
  // Takes a config that differs from the current one only in keys the schema marks live; false for any
  // other change, or a live value the environment refuses (a map without a start or a reachable goal).
  bool apply_live(const nlohmann::json& config) override;
  // A live view's pause point: no run goes past `count` episodes until it is lifted (0) or raised.
  bool stop_at(std::int64_t count) override;
  Results finish() override;  // episodic_results.cpp

  const EpisodicSetup& setup() const { return s_; }
  const envs::Environment& environment(int run) const { return *runs_.at(static_cast<std::size_t>(run)).env; }
  const agents::Reinforce& agent(int run) const { return *runs_.at(static_cast<std::size_t>(run)).agent; }
  int episodes_done(int run) const { return static_cast<int>(runs_.at(static_cast<std::size_t>(run)).returns.size()); }

  // Metric names in results.csv, in order.
  std::vector<std::string> metric_names() const { return metrics_; }

 private:
  struct Run {
    std::unique_ptr<envs::Environment> env;
    std::unique_ptr<agents::Reinforce> agent;
    core::RandomStream rng{0};
    std::vector<std::vector<double>> metrics;  // [metric][episode]
    std::vector<double> returns;               // == metrics[0]
  };
  void run_episode(int r);
  // The corridor's exact start value J(p) at p = p(right), bounded by the return of an episode cut at the
  // limit (max_steps x step_reward): J is infinite at p = 0 or 1 (the goal is never reached), an episode
  // here is not.
  double corridor_start_value(double p_right) const;
  int min_episodes() const;
  // Mean and 95% half-width over runs of metric m at episode e (runs that reached it).
  std::pair<double, double> mean_ci(int m, int e) const;

  EpisodicSetup s_;
  int threads_;
  const std::atomic<bool>* cancel_;
  std::vector<Run> runs_;
  std::vector<std::string> metrics_;
  std::vector<std::string> live_paths_;  // the schema's live keys
  int episodes_per_slice_ = 1;
  std::int64_t stop_at_ = 0;  // a live view's pause point in episodes (0: none)
  double slice_lo_ = 0.002, slice_hi_ = 0.006;
  double busy_seconds_ = 0.0;
  // A cart and pole: run 0's latest complete episode (cart position, pole angle per step), for a live
  // replay, and its state at that episode's end.
  bool record_replay_ = false;
  std::vector<double> replay_x_, replay_theta_;
  std::optional<envs::CartPoleScene> last_cart_;
};

}  // namespace arbiter::experiments::rl
