#include "experiments/sweep_run.hpp"

#include <stdexcept>

#include "core/table.hpp"
#include "experiments/runner.hpp"

namespace arbiter::experiments {

using json = nlohmann::json;

namespace {

// The run's table with the sweep columns in front. A run column whose name a sweep column already uses
// is kept as NAME_run.
core::Table with_sweep_columns(const SweepPlan& plan, const SweepRun& run, const core::Table& table) {
  std::vector<std::string> columns = {"sweep_run", "seed"};
  for (const auto& p : plan.parameters) columns.push_back(sweep_column(p));
  const std::size_t lead = columns.size();
  for (const auto& c : table.columns()) {
    bool clash = false;
    for (std::size_t i = 0; i < lead; ++i) clash = clash || columns[i] == c;
    columns.push_back(clash ? c + "_run" : c);
  }
  std::vector<core::Cell> prefix = {core::Cell(static_cast<std::int64_t>(run.index)),
                                    core::Cell(static_cast<std::int64_t>(run.config.seed))};
  for (const auto& v : plan.points[run.point]) prefix.push_back(json_cell(v));
  core::Table out(columns);
  for (const auto& row : table.rows()) {
    std::vector<core::Cell> r = prefix;
    r.insert(r.end(), row.begin(), row.end());
    out.add_row(std::move(r));
  }
  return out;
}

bool measures_time(const std::string& key) {
  auto ends_with = [&](const std::string& tail) {
    return key.size() >= tail.size() && key.compare(key.size() - tail.size(), tail.size(), tail) == 0;
  };
  return key == "timing" || ends_with("seconds") || ends_with("per_second");
}

void flatten(const json& j, const std::string& prefix, json& out) {
  auto name = [&](const std::string& k) { return prefix.empty() ? k : prefix + "/" + k; };
  if (j.is_object()) {
    for (const auto& [k, v] : j.items())
      if (!measures_time(k)) flatten(v, name(k), out);
  } else if (j.is_array()) {
    for (std::size_t i = 0; i < j.size(); ++i)
      if (j[i].is_object())
        flatten(j[i], name(j[i].contains("label") && j[i]["label"].is_string() ? j[i]["label"].get<std::string>()
                                                                               : std::to_string(i)),
                out);
  } else if (j.is_number() && !prefix.empty()) {
    out[prefix] = j;
  }
}

}  // namespace

core::Cell json_cell(const json& v) {
  if (v.is_number_integer()) return core::Cell(v.get<std::int64_t>());
  if (v.is_number()) return core::Cell(v.get<double>());
  if (v.is_string()) return core::Cell(v.get<std::string>());
  return core::Cell(v.dump());
}

json headline_figures(const json& summary) {
  json out = json::object();
  flatten(summary, "", out);
  return out;
}

json RunRecord::to_json() const {
  json j = {{"run", index}, {"ok", ok}};
  if (ok) {
    j["figures"] = figures;
    j["results_csv"] = results_csv;
  } else {
    j["error"] = error;
  }
  return j;
}

RunRecord RunRecord::from_json(const json& j) {
  if (!j.is_object() || !j.contains("run") || !j.contains("ok")) throw std::runtime_error("not a sweep run record");
  RunRecord r;
  r.index = j.at("run").get<std::size_t>();
  r.ok = j.at("ok").get<bool>();
  if (r.ok) {
    r.figures = j.at("figures");
    if (!r.figures.is_object()) throw std::runtime_error("a sweep run record's figures are not an object");
    for (const auto& [k, v] : r.figures.items())
      if (!v.is_number()) throw std::runtime_error("a sweep run record's figure \"" + k + "\" is not a number");
    r.results_csv = j.at("results_csv").get<std::string>();
  } else {
    r.error = j.at("error").get<std::string>();
  }
  return r;
}

std::optional<RunRecord> execute_run(const SweepPlan& plan, std::size_t index, const std::atomic<bool>* cancel,
                                     const std::function<void(double)>& on_progress) {
  const SweepRun& run = plan.runs.at(index);
  RunRecord record;
  record.index = index;
  try {
    auto experiment = make_experiment(run.config, 1, cancel, kBatchSliceSeconds);
    while (!experiment->done()) {
      if (cancel && cancel->load()) return std::nullopt;
      experiment->step();
      if (on_progress) on_progress(experiment->progress());
    }
    if (cancel && cancel->load()) return std::nullopt;
    Results results = experiment->finish();
    require_finite_results(results);
    record.results_csv = with_sweep_columns(plan, run, results.results).to_csv();
    record.figures = headline_figures(results.summary.is_object() ? results.summary : json{{"value", results.summary}});
    record.ok = true;
  } catch (const std::exception& e) {
    if (cancel && cancel->load()) return std::nullopt;
    record.ok = false;
    record.error = e.what();
  }
  return record;
}

}  // namespace arbiter::experiments
