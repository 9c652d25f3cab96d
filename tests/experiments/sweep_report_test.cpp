// `arbiter report`: a sweep's summary as one row per grid point, or a run's headline figures.
#include <catch2/catch.hpp>

#include "core/config_error.hpp"
#include "experiments/sweep_report.hpp"
#include "experiments/sweep_run.hpp"

using namespace arbiter;
using namespace arbiter::experiments;
using json = nlohmann::json;

namespace {

json sweep_summary_example() {
  return json::parse(R"({
    "columns": ["agent.alpha"],
    "points": [
      {"parameters": {"agent.alpha": 0.1}, "runs_done": 3,
       "results": {"reward": {"mean": 1.5, "ci95": 0.25, "n": 3}, "pct": {"mean": 80, "ci95": 2, "n": 3}}},
      {"parameters": {"agent.alpha": 0.4}, "runs_done": 2,
       "results": {"reward": {"mean": 1.25, "ci95": 0.5, "n": 2}, "pct": {"mean": 70, "ci95": 4, "n": 2}}}]})");
}

}  // namespace

TEST_CASE("a sweep report has a row per grid point with each figure's mean and CI", "[sweep][report]") {
  const auto t = report_table(sweep_summary_example(), {"reward"});
  REQUIRE(t.columns() == std::vector<std::string>{"agent.alpha", "runs_done", "reward", "reward ci95"});
  REQUIRE(t.size() == 2);
  CHECK(core::format_cell(t.rows()[1][0]) == "0.4");
  CHECK(core::format_cell(t.rows()[1][2]) == "1.25");
  CHECK(to_markdown(t) ==
        "| agent.alpha | runs_done | reward | reward ci95 |\n| --- | --- | --- | --- |\n"
        "| 0.1 | 3 | 1.5 | 0.25 |\n| 0.4 | 2 | 1.25 | 0.5 |\n");
  CHECK(to_text(t) ==
        "agent.alpha  runs_done  reward  reward ci95\n"
        "        0.1          3     1.5         0.25\n"
        "        0.4          2    1.25          0.5\n");
  CHECK(report_table(sweep_summary_example()).columns().size() == 6);
  CHECK_THROWS_WITH(report_table(sweep_summary_example(), {"rewards"}),
                    "--metric: expected one of pct, reward, got \"rewards\"");
}

TEST_CASE("a single run's report lists its headline figures, without timings", "[sweep][report]") {
  const json summary = {{"results",
                         {{"log_z", 2.5},
                          {"wall_seconds", 0.1},
                          {"agents", {{{"label", "a"}, {"final", 80}}, {{"final", 70}}}},
                          {"curve", {1, 2, 3}},
                          {"timing", {{"steps", 10}}}}}};
  const auto t = report_table(summary);
  REQUIRE(t.size() == 3);
  CHECK(core::format_cell(t.rows()[0][0]) == "agents/1/final");
  CHECK(core::format_cell(t.rows()[1][0]) == "agents/a/final");
  CHECK(core::format_cell(t.rows()[2][0]) == "log_z");
  CHECK(headline_figures(summary["results"]) == json{{"agents/1/final", 70}, {"agents/a/final", 80}, {"log_z", 2.5}});
  CHECK_THROWS_AS(report_table(json{{"x", 1}}), core::ConfigError);
}
