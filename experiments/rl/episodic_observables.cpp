// rl.episodic's observables for a live view: the return and entropy curves, headline numbers, and the
// environment as its scene describes it (a map of cells with the policy per cell, the short corridor with
// its exact optimum, a cart and pole with run 0's latest episode).
#include <algorithm>
#include <cmath>
#include <limits>
#include "envs/short_corridor.hpp"
#include "experiments/rl/episodic_experiment.hpp"
#include "experiments/rl/episodic_text.hpp"

namespace arbiter::experiments::rl {

namespace {

constexpr int kEntropy = 2;

Number number(std::string id, std::string label, double value, int digits, std::string unit = {}) {
  return {std::move(id), std::move(label), value, fixed(value, digits), std::move(unit)};
}

Bars policy_bars(std::string id, std::string title, const std::vector<std::string>& actions,
                 const Eigen::VectorXd& p) {
  Bars b;
  b.id = std::move(id);
  b.title = std::move(title);
  b.labels = actions;
  b.groups = {{"run 0", std::vector<double>(p.data(), p.data() + p.size())}};
  b.y_max = 1.0;
  return b;
}

}  // namespace

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
    const auto [m, h] = mean_ci(0, e);
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
  if (s_.env == "short_corridor" && n > 0) {
    // The short corridor's lesson: p(right) over the episodes (mean over runs with its CI, and run 0) climbing
    // towards the stochastic optimum 2 - sqrt 2.
    const int pm = static_cast<int>(std::find(metrics_.begin(), metrics_.end(), "p_right") - metrics_.begin());
    Plot pr;
    pr.id = "p_right";
    pr.title = "p(right) per episode";
    pr.x_label = "episode";
    pr.y_label = "p(right)";
    Series pmean{"mean over " + std::to_string(runs_.size()) + " runs", {}, {}, {}};
    for (int e = 0; e < n; e += stride) {
      const auto [m, h] = mean_ci(pm, e);
      pmean.x.push_back(e + 1);
      pmean.y.push_back(m);
      pmean.y_err.push_back(h);
    }
    pr.series.push_back(std::move(pmean));
    if (runs_.size() > 1) {
      Series pone{"run 0", {}, {}, {}};
      const std::vector<double>& p0 = run0.metrics[static_cast<std::size_t>(pm)];
      for (std::size_t e = 0; e < p0.size(); e += static_cast<std::size_t>(stride)) {
        pone.x.push_back(static_cast<double>(e + 1));
        pone.y.push_back(p0[e]);
      }
      pr.series.push_back(std::move(pone));
    }
    const double best = envs::ShortCorridor::optimal_p_right();
    pr.series.push_back({"optimum 2 - sqrt 2", {1.0, static_cast<double>(n)}, {best, best}, {}});
    o.plots.push_back(std::move(pr));
  }

  const agents::Reinforce& agent = *run0.agent;
  const envs::Environment& env = *run0.env;
  const std::vector<std::string> actions = env.action_names();
  o.numbers.push_back({"episodes", "episodes (all runs)", static_cast<double>(n), std::to_string(n)});
  o.numbers.push_back(number("last_return", "run 0 last return", agent.last_return(), 2));
  o.numbers.push_back(
      number("last_entropy", "run 0 last episode mean entropy (nats)", agent.last_mean_entropy(), 4, "nats"));
  o.numbers.push_back(number("entropy_beta", "entropy bonus beta", agent.entropy_weight(), 5));
  if (busy_seconds_ > 0) {
    double steps = 0;
    for (const Run& r : runs_) steps += static_cast<double>(r.agent->agent_steps());
    o.numbers.push_back(number("agent_steps_per_second", "agent-steps per second", steps / busy_seconds_, 0, "1/s"));
  }
  const envs::Scene scene = env.scene();
  if (s_.env == "short_corridor") {
    // One policy for every state (the agent cannot tell them apart), against the corridor's exact optimum.
    const envs::Observation start{0.0};
    const Eigen::VectorXd p = agent.action_probabilities(start);
    o.numbers.push_back(number("p_right", "run 0 p(right)", p[envs::ShortCorridor::right], 4));
    o.numbers.push_back(number("policy_entropy", "run 0 policy entropy (nats)", agent.entropy(start), 4, "nats"));
    o.numbers.push_back(number("start_value", "J(p) exact start value",
                               corridor_start_value(p[envs::ShortCorridor::right]), 3));
    o.numbers.push_back(
        number("optimal_p_right", "optimum p(right) = 2 - sqrt 2", envs::ShortCorridor::optimal_p_right(), 4));
    if (agent.baseline())
      o.numbers.push_back(number("baseline_value", "run 0 baseline value", agent.baseline_value(start), 3));
    o.bars.push_back(policy_bars("policy", "Action probabilities (every state alike)", actions, p));
    if (scene.grid) {
      const envs::GridScene& g = *scene.grid;
      Grid cells{"corridor", "Corridor: 0 open, 2 start, 3 goal, 5 actions reversed", g.rows, g.cols, {}, 0.0f, 5.0f};
      for (const envs::CellType t : g.cells) cells.values.push_back(static_cast<float>(static_cast<int>(t)));
      o.grids.push_back(std::move(cells));
    }
  } else if (scene.grid && scene.grid->rows * scene.grid->cols == env.state_count()) {
    // A map whose cells are the states: the cells, the learned values and each action's probability per cell.
    const envs::GridScene& g = *scene.grid;
    const int R = g.rows, C = g.cols, A = env.action_count();
    Grid cells{"cells", "Cells: 0 open, 1 wall, 2 start, 3 goal, 4 cliff", R, C, {}, 0.0f, 4.0f};
    Grid values{"values", "State values (baseline, run 0)", R, C, {}, 0.0f, 1.0f};
    values.scale = Grid::Scale::diverging;  // a return: signed, 0 the neutral middle
    values.unit = "expected return";
    std::vector<Grid> probs;
    for (int a = 0; a < A; ++a) {
      const std::string& name = actions[static_cast<std::size_t>(a)];
      probs.push_back({"p_" + name, "p(" + name + ") run 0", R, C, {}, 0.0f, 1.0f});
    }
    float lo = std::numeric_limits<float>::max(), hi = std::numeric_limits<float>::lowest();
    int start = 0;
    for (int s = 0; s < R * C; ++s) {
      const envs::CellType t = g.cells[static_cast<std::size_t>(s)];
      if (t == envs::CellType::start) start = s;
      cells.values.push_back(static_cast<float>(static_cast<int>(t)));
      const bool live = t != envs::CellType::wall && t != envs::CellType::goal;
      const envs::Observation obs{static_cast<double>(s)};
      const Eigen::VectorXd p = live ? agent.action_probabilities(obs) : Eigen::VectorXd::Zero(A);
      for (int a = 0; a < A; ++a) probs[static_cast<std::size_t>(a)].values.push_back(static_cast<float>(p[a]));
      const float v = live && agent.baseline() ? static_cast<float>(agent.baseline_value(obs)) : 0.0f;
      values.values.push_back(v);
      if (live) {
        lo = std::min(lo, v);
        hi = std::max(hi, v);
      }
    }
    if (lo < hi) {
      values.lo = lo;
      values.hi = hi;
    }
    o.grids.push_back(std::move(cells));
    if (agent.baseline()) o.grids.push_back(std::move(values));
    for (auto& p : probs) o.grids.push_back(std::move(p));
    const envs::Observation at_start{static_cast<double>(start)};
    o.numbers.push_back(number("policy_entropy_start", "run 0 policy entropy at the start (nats)",
                               agent.entropy(at_start), 4, "nats"));
    if (agent.baseline())
      o.numbers.push_back(
          number("baseline_value_start", "run 0 baseline value at the start", agent.baseline_value(at_start), 3));
    o.bars.push_back(policy_bars("policy_start", "Action probabilities at the start (run 0)", actions,
                                 agent.action_probabilities(at_start)));
  } else if (scene.cart_pole) {
    // Run 0's cart and pole where its latest episode ended (the environment's current limits and length).
    envs::CartPoleScene c = *scene.cart_pole;
    if (last_cart_) {
      c.x = last_cart_->x;
      c.x_dot = last_cart_->x_dot;
      c.theta = last_cart_->theta;
      c.theta_dot = last_cart_->theta_dot;
    }
    o.numbers.push_back(number("cart_x", "cart x (m)", c.x, 3, "m"));
    o.numbers.push_back(number("pole_theta", "pole theta (rad)", c.theta, 4, "rad"));
    o.numbers.push_back(number("cart_velocity", "cart velocity", c.x_dot, 3, "m/s"));
    o.numbers.push_back(number("pole_angular_velocity", "pole angular velocity", c.theta_dot, 3, "rad/s"));
    const envs::Observation here{c.x, c.x_dot, c.theta, c.theta_dot};
    const Eigen::VectorXd p = agent.action_probabilities(here);
    o.numbers.push_back(number("p_push_right", "p(push right) here", p[1], 3));
    o.numbers.push_back(number("policy_entropy_here", "policy entropy here (nats)", agent.entropy(here), 4, "nats"));
    if (agent.baseline())
      o.numbers.push_back(number("baseline_value_here", "baseline value here", agent.baseline_value(here), 2));
    o.bars.push_back(policy_bars("policy", "Action probabilities in run 0's current state", actions, p));
    // The cart and pole as drawn lines in metres: the track with its limits, the cart, the pole (its full
    // length, angle theta from vertical).
    const double x = c.x, theta = c.theta, len = c.pole_length, limit = c.track_limit;
    Plot scene_plot;
    scene_plot.id = "cartpole";
    scene_plot.title = "CartPole, run 0 now (track limits +-" + fixed(limit, 1) + " m)";
    scene_plot.x_label = "x (m)";
    scene_plot.y_label = "height (m)";
    scene_plot.series = {{"track", {-limit, limit}, {0.0, 0.0}, {}},
                         {"cart", {x - 0.25, x + 0.25, x + 0.25, x - 0.25, x - 0.25}, {-0.1, -0.1, 0.1, 0.1, -0.1}, {}},
                         {"pole", {x, x + len * std::sin(theta)}, {0.0, len * std::cos(theta)}, {}}};
    scene_plot.x_markers = {-limit, limit};
    o.plots.push_back(std::move(scene_plot));
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

}  // namespace arbiter::experiments::rl
