// Bandit output helpers: tidy rows, JSON curves, live series.
#include "experiments/rl/bandit_output.hpp"

#include <algorithm>
#include <cstdio>

namespace arbiter::experiments::rl {

core::Table step_table(const std::string& key_column) {
  return core::Table({key_column, "step", "metric", "mean", "ci95", "n"});
}

void add_step_rows(core::Table& table, const core::Cell& key, const BanditStepStats& stats, std::int64_t every) {
  const std::int64_t n = static_cast<std::int64_t>(stats.optimal.size());
  const auto add = [&](const char* metric, const core::RunningStats& s, std::int64_t step) {
    const core::ConfidenceInterval ci = core::confidence_interval_95(s);
    table.add_row({key, step, std::string(metric), ci.mean, ci.half_width, s.count()});
  };
  for (std::int64_t i = 0; i < n; ++i) {
    const std::int64_t step = i + 1;
    if (step % every != 0 && step != n && step != 1) continue;
    add("pct_optimal", stats.optimal[i], step);
    add("reward", stats.reward[i], step);
    if (!stats.entropy.empty()) add("entropy", stats.entropy[i], step);
  }
}

nlohmann::json curve_json(const std::vector<core::RunningStats>& curve) {
  std::vector<double> mean, ci;
  mean.reserve(curve.size());
  ci.reserve(curve.size());
  for (const auto& s : curve) {
    const core::ConfidenceInterval c = core::confidence_interval_95(s);
    mean.push_back(c.mean);
    ci.push_back(c.half_width);
  }
  return {{"mean", mean}, {"ci95", ci}};
}

Series curve_series(const std::string& name, const std::vector<core::RunningStats>& curve, std::size_t max_points) {
  Series s;
  s.name = name;
  const std::size_t stride = std::max<std::size_t>(1, (curve.size() + max_points - 1) / std::max<std::size_t>(max_points, 1));
  for (std::size_t i = 0; i < curve.size(); i += stride) {
    const core::ConfidenceInterval c = core::confidence_interval_95(curve[i]);
    s.x.push_back(static_cast<double>(i + 1));
    s.y.push_back(c.mean);
    s.y_err.push_back(c.half_width);
  }
  return s;
}

nlohmann::json ci_json(const core::RunningStats& s) {
  const core::ConfidenceInterval c = core::confidence_interval_95(s);
  return {{"mean", c.mean}, {"ci95", c.half_width}};
}

core::Table run_table(const std::string& key_column, const std::vector<core::Cell>& keys, const BanditBatch& batch) {
  core::Table t({key_column, "run", "mean_reward", "pct_optimal", "final_entropy", "final_optimal_probability",
                 "final_greedy_is_optimal"});
  for (int g = 0; g < batch.settings(); ++g) {
    const auto runs = batch.run_summaries(g);
    for (std::size_t r = 0; r < runs.size(); ++r) {
      const auto& s = runs[r];
      t.add_row({keys[static_cast<std::size_t>(g)], static_cast<std::int64_t>(r), s.mean_reward,
                 100.0 * s.fraction_optimal, s.final_entropy, s.final_optimal_probability,
                 static_cast<std::int64_t>(s.final_greedy == s.optimal_action ? 1 : 0)});
    }
  }
  return t;
}

std::string fixed(double x, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, x);
  return buf;
}

}  // namespace arbiter::experiments::rl
