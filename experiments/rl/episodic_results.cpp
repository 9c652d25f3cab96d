// rl.episodic's results: results.csv (per run, episode and metric), curves.csv (means over runs with 95%
// intervals), the headline figures and report, and the saved agent.
#include <algorithm>
#include <limits>
#include "core/atomic_file.hpp"
#include "core/config_error.hpp"
#include "core/parallel_for.hpp"
#include "core/running_stats.hpp"
#include "envs/short_corridor.hpp"
#include "experiments/rl/episodic_experiment.hpp"
#include "experiments/rl/episodic_text.hpp"

namespace arbiter::experiments::rl {

using json = nlohmann::json;

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
