// The report of a results folder as a table: for a sweep, one row per grid point with the swept parameters,
// the number of runs and each chosen headline figure's mean and 95% CI half-width; for a single run, one
// row of its headline figures. Rendered as CSV (exact), or as Markdown or aligned text for reading (numbers
// to six significant digits).
#pragma once
#include <string>
#include <vector>
#include <nlohmann/json.hpp>
#include "core/table.hpp"

namespace arbiter::experiments {

// `metrics`: flattened figure names ("final/pct_optimal") to keep; empty keeps every one. Throws
// ConfigError naming a metric that no point has, or a summary that is neither a sweep's nor a run's.
core::Table report_table(const nlohmann::json& summary, const std::vector<std::string>& metrics = {});
std::string to_markdown(const core::Table& table);
std::string to_text(const core::Table& table);

}  // namespace arbiter::experiments
