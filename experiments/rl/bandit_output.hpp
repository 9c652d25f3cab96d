// Shared output pieces of the bandit kinds: per-step curve rows for results.csv, mean/CI curves for
// summary.json and live plots, and the per-run table (runs.csv).
#pragma once
#include <cstdint>
#include <string>
#include <vector>
#include <nlohmann/json.hpp>
#include "core/running_stats.hpp"
#include "core/table.hpp"
#include "experiments/experiment.hpp"
#include "experiments/rl/bandit_batch.hpp"

namespace arbiter::experiments::rl {

// Columns of results.csv for per-step curves: <key>, step, metric, mean, ci95, n.
core::Table step_table(const std::string& key_column);
// Adds one row per recorded step (every `every` steps, and always the last) and metric of one setting.
void add_step_rows(core::Table& table, const core::Cell& key, const BanditStepStats& stats, std::int64_t every);
// {"mean": [...], "ci95": [...]} over steps 1..n.
nlohmann::json curve_json(const std::vector<core::RunningStats>& curve);
// A live series (x = step) with CI half-widths, thinned to at most `max_points` points.
Series curve_series(const std::string& name, const std::vector<core::RunningStats>& curve,
                    std::size_t max_points = 1000);
// {"mean": m, "ci95": h} of one statistic.
nlohmann::json ci_json(const core::RunningStats& s);
// Per-run summaries of every setting: columns <key>, run, mean_reward, pct_optimal, final_entropy,
// final_optimal_probability, final_greedy_is_optimal.
core::Table run_table(const std::string& key_column, const std::vector<core::Cell>& keys, const BanditBatch& batch);
// A number for live panels and reports, "85.3" style.
std::string fixed(double x, int decimals);

}  // namespace arbiter::experiments::rl
