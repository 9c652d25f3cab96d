// The episodic policy-gradient experiment: runs, slices, observables and results.
#include "experiments/rl/episodic_experiment.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>
#include "core/atomic_file.hpp"
#include "core/config_error.hpp"
#include "core/parallel_for.hpp"
#include "core/running_stats.hpp"
#include "envs/short_corridor.hpp"

namespace arbiter::experiments::rl {

using json = nlohmann::json;

namespace {

constexpr int kReturn = 0, kLength = 1, kEntropy = 2;

std::string fixed(double x, int digits = 3) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*f", digits, x);
  return buf;
}

}  // namespace

EpisodicExperiment::EpisodicExperiment(EpisodicSetup setup, const RunContext& ctx)
    : s_(std::move(setup)), threads_(ctx.threads), cancel_(ctx.cancel) {
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
    run.env = make_episodic_env(s_);
    run.agent = make_episodic_agent(s_, *run.env, run.rng.substream(1u << 20));
    run.metrics.assign(metrics_.size(), {});
    for (auto& m : run.metrics) m.reserve(static_cast<std::size_t>(s_.episodes));
  }
}

std::vector<std::string> EpisodicExperiment::metric_names() const { return metrics_; }

void EpisodicExperiment::run_episode(int r) {
  Run& run = runs_[static_cast<std::size_t>(r)];
  agents::Reinforce& agent = *run.agent;
  envs::Environment& env = *run.env;
  const int episode = static_cast<int>(run.returns.size());
  try {
    envs::Observation obs = env.reset(run.rng.next_u64());
    const envs::Observation first = obs;
    const double baseline_start = agent.baseline_value(first);
    auto* cart = r == 0 ? dynamic_cast<envs::CartPole*>(&env) : nullptr;
    std::vector<double> replay_x, replay_theta;
    if (cart) {
      replay_x.push_back(cart->state()[0]);
      replay_theta.push_back(cart->state()[2]);
    }
    int length = 0;
    for (;;) {
      const int a = agent.act(obs, run.rng);
      envs::StepResult st = env.step(a);
      agent.reward(st.reward);
      ++length;
      if (cart) {
        replay_x.push_back(cart->state()[0]);
        replay_theta.push_back(cart->state()[2]);
      }
      if (st.done()) break;
      obs = std::move(st.observation);
    }
    agent.end_episode();
    if (cart) {
      replay_x_.swap(replay_x);
      replay_theta_.swap(replay_theta);
    }
    std::size_t m = 0;
    run.metrics[m++].push_back(agent.last_return());
    run.metrics[m++].push_back(length);
    run.metrics[m++].push_back(agent.last_mean_entropy());
    if (s_.baseline != "none") run.metrics[m++].push_back(baseline_start);
    if (s_.env == "short_corridor") {
      const double p = agent.action_probabilities(first)[envs::ShortCorridor::right];
      run.metrics[m++].push_back(p);
      run.metrics[m++].push_back(
          envs::ShortCorridor::start_value(p, static_cast<envs::ShortCorridor&>(env).step_reward()));
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

void EpisodicExperiment::step() {
  if (done()) return;
  const auto t0 = std::chrono::steady_clock::now();
  const int per_slice = episodes_per_slice_;
  core::parallel_for(
      runs_.size(), threads_,
      [&](std::size_t r) {
        for (int k = 0; k < per_slice && static_cast<int>(runs_[r].returns.size()) < s_.episodes; ++k) {
          if (cancel_ && cancel_->load()) return;
          run_episode(static_cast<int>(r));
        }
      },
      cancel_);
  const double dt = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  busy_seconds_ += dt;
  // Aim for slices of 20-80 ms (set_slice_seconds); the slice length never changes the numbers.
  if (dt < slice_lo_ && episodes_per_slice_ < s_.episodes) episodes_per_slice_ *= 2;
  else if (dt > slice_hi_ && episodes_per_slice_ > 1) episodes_per_slice_ /= 2;
}

void EpisodicExperiment::set_slice_seconds(double lo, double hi) {
  if (!(lo > 0.0) || !(hi > lo)) throw std::invalid_argument("set_slice_seconds: need 0 < lo < hi");
  slice_lo_ = lo;
  slice_hi_ = hi;
  episodes_per_slice_ = 1;
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

void EpisodicExperiment::set_grid_cell(int row, int col, envs::CellType type, double reward) {
  for (Run& run : runs_) {
    auto* g = dynamic_cast<envs::Gridworld*>(run.env.get());
    if (!g) throw std::invalid_argument("set_grid_cell: the environment is not a gridworld");
    g->set_cell(row, col, type, reward);
  }
}

void EpisodicExperiment::set_step_reward(double reward) {
  for (Run& run : runs_) {
    auto* c = dynamic_cast<envs::ShortCorridor*>(run.env.get());
    if (!c) throw std::invalid_argument("set_step_reward: the environment is not the short corridor");
    c->set_step_reward(reward);
  }
}

void EpisodicExperiment::set_cartpole_params(const envs::CartPoleParams& p) {
  for (Run& run : runs_) {
    auto* c = dynamic_cast<envs::CartPole*>(run.env.get());
    if (!c) throw std::invalid_argument("set_cartpole_params: the environment is not cartpole");
    c->set_params(p);
  }
}

Observables EpisodicExperiment::observables() const {
  Observables o;
  const int n = min_episodes();
  const Run& run0 = runs_.front();
  // Return per episode: the mean over runs (with its CI) and run 0.
  Plot ret;
  ret.id = "return";
  ret.title = "Return per episode";
  ret.x_label = "episode";
  ret.y_label = "return";
  Series mean{"mean over " + std::to_string(runs_.size()) + " runs", {}, {}, {}};
  const int stride = std::max(1, n / 1000);
  for (int e = 0; e < n; e += stride) {
    const auto [m, h] = mean_ci(kReturn, e);
    mean.x.push_back(e + 1);
    mean.y.push_back(m);
    mean.y_err.push_back(h);
  }
  Series one{"run 0", {}, {}, {}};
  for (std::size_t e = 0; e < run0.returns.size(); e += static_cast<std::size_t>(stride)) {
    one.x.push_back(static_cast<double>(e + 1));
    one.y.push_back(run0.returns[e]);
  }
  ret.series.push_back(std::move(mean));
  if (runs_.size() > 1) ret.series.push_back(std::move(one));
  if (s_.env == "short_corridor" && n > 0) {
    const double best = envs::ShortCorridor::start_value(envs::ShortCorridor::optimal_p_right(), s_.step_reward);
    ret.series.push_back({"optimum v*(s0)", {1.0, static_cast<double>(n)}, {best, best}, {}});
  }
  o.plots.push_back(std::move(ret));
  Plot ent;
  ent.id = "entropy";
  ent.title = "Policy entropy (nats, mean over the episode's states)";
  ent.x_label = "episode";
  ent.y_label = "entropy";
  Series em{"mean over runs", {}, {}, {}};
  for (int e = 0; e < n; e += stride) {
    em.x.push_back(e + 1);
    em.y.push_back(mean_ci(kEntropy, e).first);
  }
  ent.series.push_back(std::move(em));
  o.plots.push_back(std::move(ent));

  const agents::Reinforce& agent = *run0.agent;
  o.numbers.push_back({"episodes (all runs)", std::to_string(n)});
  o.numbers.push_back({"run 0 last return", fixed(agent.last_return(), 2)});
  o.numbers.push_back({"run 0 last episode mean entropy (nats)", fixed(agent.last_mean_entropy(), 4)});
  o.numbers.push_back({"entropy bonus beta", fixed(agent.entropy_weight(), 5)});
  if (busy_seconds_ > 0) {
    double steps = 0;
    for (const Run& r : runs_) steps += static_cast<double>(r.agent->agent_steps());
    o.numbers.push_back({"agent-steps per second", fixed(steps / busy_seconds_, 0)});
  }
  if (s_.env == "short_corridor") {
    const envs::Observation start{0.0};
    const Eigen::VectorXd p = agent.action_probabilities(start);
    o.numbers.push_back({"run 0 p(right)", fixed(p[1], 4)});
    o.numbers.push_back({"run 0 policy entropy (nats)", fixed(agent.entropy(start), 4)});
    o.numbers.push_back({"J(p) exact start value", fixed(envs::ShortCorridor::start_value(p[1], s_.step_reward), 3)});
    o.numbers.push_back({"optimum p(right) = 2 - sqrt 2", fixed(envs::ShortCorridor::optimal_p_right(), 4)});
    if (agent.baseline()) o.numbers.push_back({"run 0 baseline value", fixed(agent.baseline_value(start), 3)});
    Bars b;
    b.id = "policy";
    b.title = "Action probabilities (every state alike)";
    b.labels = {"left", "right"};
    b.groups = {{"run 0", {p[0], p[1]}}};
    b.y_max = 1.0;
    o.bars.push_back(std::move(b));
  } else if (s_.env == "gridworld") {
    const auto& g = static_cast<const envs::Gridworld&>(*run0.env);
    const int R = g.rows(), C = g.cols();
    Grid cells{"cells", "Cells: 0 open, 1 wall, 2 start, 3 goal, 4 cliff", R, C, {}, 0.0f, 4.0f};
    Grid values{"values", "State values (baseline, run 0)", R, C, {}, 0.0f, 1.0f};
    const char* names[4] = {"up", "right", "down", "left"};
    std::vector<Grid> probs;
    for (int a = 0; a < 4; ++a) probs.push_back({std::string("p_") + names[a], std::string("p(") + names[a] + ") run 0", R, C, {}, 0.0f, 1.0f});
    float lo = std::numeric_limits<float>::max(), hi = std::numeric_limits<float>::lowest();
    for (int s = 0; s < R * C; ++s) {
      const envs::CellType t = g.cell(s / C, s % C);
      cells.values.push_back(static_cast<float>(static_cast<int>(t)));
      const bool live = t != envs::CellType::wall && t != envs::CellType::goal;
      const envs::Observation obs{static_cast<double>(s)};
      const Eigen::VectorXd p = live ? agent.action_probabilities(obs) : Eigen::VectorXd::Zero(4);
      for (int a = 0; a < 4; ++a) probs[static_cast<std::size_t>(a)].values.push_back(static_cast<float>(p[a]));
      const float v = live && agent.baseline() ? static_cast<float>(agent.baseline_value(obs)) : 0.0f;
      values.values.push_back(v);
      if (live) { lo = std::min(lo, v); hi = std::max(hi, v); }
    }
    if (lo < hi) { values.lo = lo; values.hi = hi; }
    o.grids.push_back(std::move(cells));
    if (agent.baseline()) o.grids.push_back(std::move(values));
    for (auto& p : probs) o.grids.push_back(std::move(p));
    const envs::Observation start{static_cast<double>(g.start_state())};
    const Eigen::VectorXd p0 = agent.action_probabilities(start);
    o.numbers.push_back({"run 0 policy entropy at the start (nats)", fixed(agent.entropy(start), 4)});
    if (agent.baseline()) o.numbers.push_back({"run 0 baseline value at the start", fixed(agent.baseline_value(start), 3)});
    Bars b;
    b.id = "policy_start";
    b.title = "Action probabilities at the start (run 0)";
    b.labels = {"up", "right", "down", "left"};
    b.groups = {{"run 0", {p0[0], p0[1], p0[2], p0[3]}}};
    b.y_max = 1.0;
    o.bars.push_back(std::move(b));
  } else {
    const auto& c = static_cast<const envs::CartPole&>(*run0.env);
    o.numbers.push_back({"cart x (m)", fixed(c.state()[0], 3)});
    o.numbers.push_back({"pole theta (rad)", fixed(c.state()[2], 4)});
    o.numbers.push_back({"cart velocity", fixed(c.state()[1], 3)});
    o.numbers.push_back({"pole angular velocity", fixed(c.state()[3], 3)});
    const envs::Observation here(c.state().begin(), c.state().end());
    const Eigen::VectorXd p = agent.action_probabilities(here);
    o.numbers.push_back({"p(push right) here", fixed(p[1], 3)});
    o.numbers.push_back({"policy entropy here (nats)", fixed(agent.entropy(here), 4)});
    if (agent.baseline()) o.numbers.push_back({"baseline value here", fixed(agent.baseline_value(here), 2)});
    Bars b;
    b.id = "policy";
    b.title = "Action probabilities in run 0's current state";
    b.labels = {"push left", "push right"};
    b.groups = {{"run 0", {p[0], p[1]}}};
    b.y_max = 1.0;
    o.bars.push_back(std::move(b));
    // The cart and pole as drawn lines in metres: the track with its limits, the cart, the pole (its full
    // length 2 * half length, angle theta from vertical).
    const double x = c.state()[0], theta = c.state()[2], len = 2.0 * c.params().length;
    Plot scene;
    scene.id = "cartpole";
    scene.title = "CartPole, run 0 now (track limits +-" + fixed(c.params().x_threshold, 1) + " m)";
    scene.x_label = "x (m)";
    scene.y_label = "height (m)";
    scene.series = {{"track", {-c.params().x_threshold, c.params().x_threshold}, {0.0, 0.0}, {}},
                    {"cart", {x - 0.25, x + 0.25, x + 0.25, x - 0.25, x - 0.25}, {-0.1, -0.1, 0.1, 0.1, -0.1}, {}},
                    {"pole", {x, x + len * std::sin(theta)}, {0.0, len * std::cos(theta)}, {}}};
    scene.x_markers = {-c.params().x_threshold, c.params().x_threshold};
    o.plots.push_back(std::move(scene));
    // Run 0's latest complete episode, step by step, for a live replay of the cart and pole.
    Plot replay;
    replay.id = "cartpole_replay";
    replay.title = "Latest episode of run 0: cart position and pole angle";
    replay.x_label = "time step";
    replay.y_label = "x (m), theta (rad)";
    Series xs{"cart x (m)", {}, replay_x_, {}}, thetas{"pole theta (rad)", {}, replay_theta_, {}};
    for (std::size_t t = 0; t < replay_x_.size(); ++t) xs.x.push_back(static_cast<double>(t));
    thetas.x = xs.x;
    replay.series = {std::move(xs), std::move(thetas)};
    o.plots.push_back(std::move(replay));
  }
  return o;
}

Results EpisodicExperiment::finish() {
  Results res;
  const int n = min_episodes();
  res.results = core::Table({"run", "episode", "metric", "value"});
  for (std::size_t r = 0; r < runs_.size(); ++r) {
    const Run& run = runs_[r];
    for (std::size_t m = 0; m < metrics_.size(); ++m)
      for (std::size_t e = 0; e < run.metrics[m].size(); ++e)
        if ((e + 1) % static_cast<std::size_t>(s_.every) == 0 || e == 0)
          res.results.add_row({static_cast<std::int64_t>(r), static_cast<std::int64_t>(e + 1), metrics_[m],
                               run.metrics[m][e]});
  }
  core::Table curves({"episode", "metric", "mean", "ci95_half_width", "runs"});
  json curve_json = json::object();
  const int stride = std::max(1, (n + 199) / 200);
  for (std::size_t m = 0; m < metrics_.size(); ++m) {
    json c{{"episode", json::array()}, {"mean", json::array()}, {"ci95", json::array()}};
    for (int e = 0; e < n; ++e) {
      const auto [mean, half] = mean_ci(static_cast<int>(m), e);
      curves.add_row({static_cast<std::int64_t>(e + 1), metrics_[m], mean, half, static_cast<std::int64_t>(runs_.size())});
      if (e % stride == 0 || e == n - 1) {
        c["episode"].push_back(e + 1);
        c["mean"].push_back(mean);
        c["ci95"].push_back(half);
      }
    }
    curve_json[metrics_[m]] = std::move(c);
  }
  res.tables["curves.csv"] = std::move(curves);

  // Headline figures: window means of the return at the end, best window, solved runs.
  const int w = std::min(s_.window, std::max(1, n));
  core::RunningStats final_return, best_window;
  std::vector<double> best_per_run;
  std::vector<int> solved_at;
  int solved = 0;
  std::int64_t steps = 0;
  for (const Run& run : runs_) {
    steps += run.agent->agent_steps();
    const auto& R = run.returns;
    if (R.empty()) continue;
    double sum = 0.0, best = -std::numeric_limits<double>::infinity();
    int first = -1;
    for (std::size_t e = 0; e < R.size(); ++e) {
      sum += R[e];
      if (e >= static_cast<std::size_t>(w)) sum -= R[e - static_cast<std::size_t>(w)];
      if (e + 1 >= static_cast<std::size_t>(w)) {
        const double avg = sum / w;
        best = std::max(best, avg);
        if (first < 0 && s_.solved_return != 0.0 && avg >= s_.solved_return) first = static_cast<int>(e + 1);
      }
    }
    final_return.add(sum / std::min<std::size_t>(R.size(), static_cast<std::size_t>(w)));
    best_window.add(best);
    best_per_run.push_back(best);
    solved_at.push_back(first);
    if (first > 0) ++solved;
  }
  const auto fr = core::confidence_interval_95(final_return);
  const int used_threads = threads_ > 0 ? threads_ : core::default_thread_count();
  res.summary = {{"environment", s_.env},
                 {"runs", s_.runs},
                 {"episodes", n},
                 {"agent_steps", steps},
                 {"busy_seconds", busy_seconds_},
                 {"threads", used_threads},
                 {"agent_steps_per_second", busy_seconds_ > 0 ? steps / busy_seconds_ : 0.0},
                 {"agent_steps_per_second_per_thread",
                  busy_seconds_ > 0 ? steps / busy_seconds_ / std::min<int>(used_threads, s_.runs) : 0.0},
                 {"window", w},
                 {"final_window_mean_return", fr.mean},
                 {"final_window_mean_return_ci95", fr.half_width},
                 {"best_window_mean_return_per_run", best_per_run},
                 {"curves", curve_json}};
  if (s_.solved_return != 0.0) {
    res.summary["solved_return"] = s_.solved_return;
    res.summary["solved_runs"] = solved;
    res.summary["first_solved_episode_per_run"] = solved_at;
  }
  std::string report = "rl.episodic on " + s_.env + ": " + std::to_string(s_.runs) + " runs x " +
                       std::to_string(n) + " episodes; mean return over the last " + std::to_string(w) +
                       " episodes " + fixed(fr.mean, 3) + " +- " + fixed(fr.half_width, 3) + "\n";
  if (s_.env == "short_corridor") {
    std::size_t pm = 0;
    while (metrics_[pm] != "p_right") ++pm;
    const auto [p, ph] = mean_ci(static_cast<int>(pm), n - 1);
    const auto [J, Jh] = mean_ci(static_cast<int>(pm) + 1, n - 1);
    res.summary["final_p_right"] = p;
    res.summary["final_p_right_ci95"] = ph;
    res.summary["final_start_value"] = J;
    res.summary["final_start_value_ci95"] = Jh;
    res.summary["optimal_p_right"] = envs::ShortCorridor::optimal_p_right();
    res.summary["optimal_start_value"] =
        envs::ShortCorridor::start_value(envs::ShortCorridor::optimal_p_right(), s_.step_reward);
    report += "p(right) " + fixed(p, 4) + " +- " + fixed(ph, 4) + " (optimum 0.5858), exact J(p) " + fixed(J, 3) +
              " (optimum -11.657)\n";
  }
  if (s_.solved_return != 0.0)
    report += "solved (window mean >= " + fixed(s_.solved_return, 1) + "): " + std::to_string(solved) + " of " +
              std::to_string(runs_.size()) + " runs\n";
  report += "agent-steps per second: " + fixed(steps / std::max(busy_seconds_, 1e-9), 0) + " on " +
            std::to_string(used_threads) + " threads\n";
  res.report = report;
  if (!s_.save_agent.empty()) {
    // The run whose last window of returns is best (the lowest index among ties) is the one worth keeping.
    std::size_t best = 0;
    double best_return = -std::numeric_limits<double>::infinity();
    for (std::size_t r = 0; r < runs_.size(); ++r) {
      const auto& R = runs_[r].returns;
      if (R.empty()) continue;
      const std::size_t k = std::min<std::size_t>(R.size(), static_cast<std::size_t>(w));
      double sum = 0.0;
      for (std::size_t e = R.size() - k; e < R.size(); ++e) sum += R[e];
      if (sum / static_cast<double>(k) > best_return) {
        best_return = sum / static_cast<double>(k);
        best = r;
      }
    }
    const json saved = {{"kind", "rl.episodic"},
                        {"environment", s_.env},
                        {"run", best},
                        {"episodes_trained", runs_[best].returns.size()},
                        {"final_window_mean_return", best_return},
                        {"agent", runs_[best].agent->to_json()}};
    try {
      core::write_file_atomically(s_.save_agent, saved.dump(1) + "\n");
    } catch (const std::exception& e) {
      throw core::RunError(std::string("/save_agent: cannot write the trained agent: ") + e.what());
    }
    res.summary["saved_agent"] = {{"file", s_.save_agent}, {"run", best}, {"final_window_mean_return", best_return}};
    res.report += "saved run " + std::to_string(best) + "'s agent to " + s_.save_agent + "\n";
  }
  if (!s_.load_agent.empty()) res.summary["loaded_agent"] = s_.load_agent;
  return res;
}

}  // namespace arbiter::experiments::rl
