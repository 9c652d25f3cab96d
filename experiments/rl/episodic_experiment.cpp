// The episodic policy-gradient experiment: its runs, their stepping a slice of episodes at a time, and
// live changes.
#include "experiments/rl/episodic_experiment.hpp"

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include "core/config_error.hpp"
#include "core/parallel_for.hpp"
#include "core/running_stats.hpp"
#include "envs/short_corridor.hpp"
#include "experiments/rl/environment_factory.hpp"
#include "experiments/rl/episodic_agent.hpp"

namespace arbiter::experiments::rl {

using json = nlohmann::json;

EpisodicExperiment::EpisodicExperiment(EpisodicSetup setup, const RunContext& ctx)
    : s_(std::move(setup)), threads_(ctx.threads), cancel_(ctx.cancel) {
  // Batch runs aim for slices of 20-80% of ctx.slice_seconds; a live view for a few milliseconds.
  if (ctx.slice_seconds > 0.0) {
    slice_lo_ = 0.2 * ctx.slice_seconds;
    slice_hi_ = 0.8 * ctx.slice_seconds;
  }
  core::Schema schema;
  declare_episodic_schema(schema);
  // Every live key, those of the environment's alternatives included (not inside lists).
  schema.visit([&](const core::Param& p, int) {
    if (p.live && p.path.find("/*") == std::string::npos &&
        std::find(live_paths_.begin(), live_paths_.end(), p.path) == live_paths_.end())
      live_paths_.push_back(p.path);
  });
  metrics_ = {"return", "length", "entropy"};
  if (s_.baseline != "none") metrics_.push_back("baseline_start");
  if (s_.env == "short_corridor") {
    metrics_.push_back("p_right");
    metrics_.push_back("start_value");
  }
  runs_.resize(static_cast<std::size_t>(s_.runs));
  for (int r = 0; r < s_.runs; ++r) {
    Run& run = runs_[static_cast<std::size_t>(r)];
    run.rng = core::RandomStream(ctx.seed, static_cast<std::uint64_t>(r));
    run.env = make_environment(s_.env_config);
    run.agent = make_episodic_agent(s_, *run.env, run.rng.substream(1u << 20));
    run.metrics.assign(metrics_.size(), {});
    for (auto& m : run.metrics) m.reserve(static_cast<std::size_t>(s_.episodes));
  }
  record_replay_ = runs_.front().env->scene().cart_pole.has_value();
}

void EpisodicExperiment::run_episode(int r) {
  Run& run = runs_[static_cast<std::size_t>(r)];
  agents::Reinforce& agent = *run.agent;
  envs::Environment& env = *run.env;
  const int episode = static_cast<int>(run.returns.size());
  try {
    envs::Observation obs = env.reset(run.rng.next_u64());
    const envs::Observation first = obs;
    const double baseline_start = agent.baseline_value(first);
    const bool replay = r == 0 && record_replay_;
    std::vector<double> replay_x, replay_theta;
    auto record = [&] {
      const envs::CartPoleScene cart = *env.scene().cart_pole;
      replay_x.push_back(cart.x);
      replay_theta.push_back(cart.theta);
    };
    if (replay) record();
    int length = 0;
    for (;;) {
      const int a = agent.act(obs, run.rng);
      envs::StepResult st = env.step(a);
      agent.reward(st.reward);
      ++length;
      if (replay) record();
      if (st.done()) break;
      obs = std::move(st.observation);
    }
    agent.end_episode();
    if (replay) {
      replay_x_.swap(replay_x);
      replay_theta_.swap(replay_theta);
      last_cart_ = env.scene().cart_pole;
    }
    std::size_t m = 0;
    run.metrics[m++].push_back(agent.last_return());
    run.metrics[m++].push_back(length);
    run.metrics[m++].push_back(agent.last_mean_entropy());
    if (s_.baseline != "none") run.metrics[m++].push_back(baseline_start);
    if (s_.env == "short_corridor") {
      const double p = agent.action_probabilities(first)[envs::ShortCorridor::right];
      run.metrics[m++].push_back(p);
      run.metrics[m++].push_back(corridor_start_value(p));
    }
    run.returns.push_back(agent.last_return());
  } catch (const core::RunError& e) {
    throw core::RunError("run " + std::to_string(r) + ", episode " + std::to_string(episode + 1) + ": " + e.what());
  } catch (const std::out_of_range& e) {
    throw core::RunError("run " + std::to_string(r) + ", episode " + std::to_string(episode + 1) + ": " + e.what());
  } catch (const std::domain_error& e) {
    throw core::RunError("run " + std::to_string(r) + ", episode " + std::to_string(episode + 1) +
                         ", agent step " + std::to_string(agent.agent_steps()) + ": " + e.what());
  }
}

double EpisodicExperiment::corridor_start_value(double p_right) const {
  const double j = envs::ShortCorridor::start_value(p_right, s_.step_reward);
  const double cut = static_cast<double>(s_.max_steps) * s_.step_reward;
  return s_.step_reward < 0.0 ? std::max(j, cut) : std::min(j, cut);
}

void EpisodicExperiment::step() {
  if (done()) return;
  const auto t0 = std::chrono::steady_clock::now();
  const int per_slice = episodes_per_slice_;
  const int last = stop_at_ > 0 ? static_cast<int>(std::min<std::int64_t>(stop_at_, s_.episodes)) : s_.episodes;
  if (min_episodes() >= last) return;  // at the pause point
  core::parallel_for(
      runs_.size(), threads_,
      [&](std::size_t r) {
        for (int k = 0; k < per_slice && static_cast<int>(runs_[r].returns.size()) < last; ++k) {
          if (cancel_ && cancel_->load()) return;
          run_episode(static_cast<int>(r));
        }
      },
      cancel_);
  const double dt = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  busy_seconds_ += dt;
  // The slice length never changes the numbers.
  if (dt < slice_lo_ && episodes_per_slice_ < s_.episodes) episodes_per_slice_ *= 2;
  else if (dt > slice_hi_ && episodes_per_slice_ > 1) episodes_per_slice_ /= 2;
}

bool EpisodicExperiment::stop_at(std::int64_t count) {
  stop_at_ = std::max<std::int64_t>(0, count);
  return true;
}

bool EpisodicExperiment::apply_live(const json& config) {
  // Only live keys may differ: with them put back, the config must be the current one.
  json rest = config;
  for (const std::string& path : live_paths_) {
    const json::json_pointer p(path);
    if (s_.config.contains(p) && rest.contains(p)) rest[p] = s_.config[p];
  }
  if (rest != s_.config) return false;
  EpisodicSetup next;
  std::vector<std::unique_ptr<envs::Environment>> envs;
  try {
    next = read_episodic_setup(config, s_.config_dir);
    // A slice ends between episodes, so new environments built from the new settings carry on exactly where
    // the old ones would have with the settings changed.
    if (next.env_config != s_.env_config)
      for (std::size_t r = 0; r < runs_.size(); ++r) envs.push_back(make_environment(next.env_config));
  } catch (const std::exception&) {
    return false;
  }
  for (std::size_t r = 0; r < runs_.size(); ++r) {
    Run& run = runs_[r];
    if (!envs.empty()) run.env = std::move(envs[r]);
    if (next.learning_rate != s_.learning_rate) run.agent->policy_optimizer().set_learning_rate(next.learning_rate);
    core::Optimizer* value = run.agent->value_optimizer();
    if (value && next.baseline_learning_rate != s_.baseline_learning_rate)
      value->set_learning_rate(next.baseline_learning_rate);
    if (next.temperature != s_.temperature) run.agent->policy().set_temperature(next.temperature);
  }
  s_ = std::move(next);
  return true;
}

bool EpisodicExperiment::done() const {
  if (cancel_ && cancel_->load()) return true;
  return min_episodes() >= s_.episodes;
}

int EpisodicExperiment::min_episodes() const {
  int m = s_.episodes;
  for (const Run& run : runs_) m = std::min(m, static_cast<int>(run.returns.size()));
  return m;
}

double EpisodicExperiment::progress() const {
  double total = 0.0;
  for (const Run& run : runs_) total += static_cast<double>(run.returns.size());
  return total / (static_cast<double>(s_.episodes) * static_cast<double>(runs_.size()));
}

std::pair<double, double> EpisodicExperiment::mean_ci(int m, int e) const {
  core::RunningStats st;
  for (const Run& run : runs_)
    if (static_cast<int>(run.metrics[static_cast<std::size_t>(m)].size()) > e)
      st.add(run.metrics[static_cast<std::size_t>(m)][static_cast<std::size_t>(e)]);
  const auto ci = core::confidence_interval_95(st);
  return {ci.mean, ci.half_width};
}

}  // namespace arbiter::experiments::rl
