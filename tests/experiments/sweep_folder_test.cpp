// Running a sweep into its folder: records, resuming, thread counts, failures and refusing another sweep.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/config_error.hpp"
#include "experiments/sweep_folder.hpp"
#include "experiments/sweep_threads.hpp"

using namespace arbiter;
using namespace arbiter::experiments;
using json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

// A small stochastic sweep: 3 step sizes x 2 seeds of a 30-run, 60-step bandit.
json bandit_config() {
  return json{{"kind", "rl.bandit"},
              {"seed", 5},
              {"runs", 30},
              {"steps", 60},
              {"env", {{"name", "gaussian"}, {"k", 4}}},
              {"agents", {{{"name", "gradient_bandit"}, {"label", "gb"}, {"alpha", 0.1}, {"baseline", true}}}},
              {"output", {{"every", 20}}},
              {"sweep", {{"/agents/0/alpha", {0.05, 0.2, 0.8}}, {"seeds", 2}}}};
}

SweepPlan bandit_plan() { return plan_sweep(bandit_config(), "b.json", ".", {}); }

fs::path fresh_dir(const std::string& name) {
  const fs::path d = fs::temp_directory_path() / ("arbiter_sweep_test_" + name);
  fs::remove_all(d);
  return d;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void run_all(const SweepPlan& plan, const fs::path& dir, int threads) {
  SweepFolder folder(dir, plan, false);
  const auto tally = run_sweep_threads(plan, folder, threads, nullptr, {});
  REQUIRE_FALSE(tally.interrupted);
  folder.write_final(plan);
}

// An experiment that fails in its second slice: stands in for a run that diverges.
class FailingExperiment final : public Experiment {
 public:
  void step() override {
    if (++steps_ == 2) throw core::RunError("preferences became NaN at step 2");
  }
  bool done() const override { return false; }
  double progress() const override { return 0.0; }
  Observables observables() const override { return {}; }
  Results finish() override { return {}; }

 private:
  int steps_ = 0;
};

}  // namespace

TEST_CASE("the final files do not depend on the thread count", "[sweep][folder]") {
  const auto plan = bandit_plan();
  const auto one = fresh_dir("t1"), two = fresh_dir("t2");
  run_all(plan, one, 1);
  run_all(plan, two, 2);
  const auto csv = slurp(one / "results.csv");
  CHECK(csv == slurp(two / "results.csv"));
  CHECK(slurp(one / "summary.json") == slurp(two / "summary.json"));
  // One header, then 6 runs x 1 agent x 4 recorded steps (1, 20, 40, 60) x its metrics, sweep columns first.
  CHECK(csv.rfind("sweep_run,seed,agents.0.alpha,", 0) == 0);
  CHECK(csv.find("\n5,6,0.8,") != std::string::npos);  // run 5: alpha 0.8, replicate 1 -> seed 5 + 1
}

TEST_CASE("summary.json holds the mean and 95% CI of each figure per grid point", "[sweep][folder]") {
  const auto plan = bandit_plan();
  const auto dir = fresh_dir("summary");
  run_all(plan, dir, 2);
  const json s = json::parse(slurp(dir / "summary.json"));
  CHECK(s["runs"] == 6);
  CHECK(s["completed"] == 6);
  CHECK(s["failed"].empty());
  CHECK(s["columns"] == json::array({"agents.0.alpha"}));
  REQUIRE(s["points"].size() == 3);
  const json& p1 = s["points"][1];
  CHECK(p1["parameters"]["agents.0.alpha"] == 0.2);
  CHECK(p1["runs_done"] == 2);
  // The mean over the two seeds' figures, read back from the records.
  SweepFolder folder(dir, plan, false);
  const auto recs = folder.records();
  REQUIRE(recs.size() == 6);
  const std::string key = "agents/gb/final_pct_optimal/mean";
  REQUIRE(recs[2].figures.contains(key));
  const double a = recs[2].figures[key].get<double>(), b = recs[3].figures[key].get<double>();
  CHECK(p1["results"][key]["mean"].get<double>() == Approx((a + b) / 2));
  CHECK(p1["results"][key]["ci95"].get<double>() == Approx(12.706204736 * std::abs(a - b) / 2).epsilon(1e-6));
  CHECK(p1["results"][key]["n"] == 2);
  for (const auto& [k, v] : recs[0].figures.items()) {
    CHECK(k.find("seconds") == std::string::npos);
    CHECK(k.find("per_second") == std::string::npos);
  }
}

TEST_CASE("an interrupted sweep resumes and gives the same files as an uninterrupted one", "[sweep][folder]") {
  const auto plan = bandit_plan();
  const auto whole = fresh_dir("whole");
  run_all(plan, whole, 2);

  const auto resumed = fresh_dir("resumed");
  {
    SweepFolder folder(resumed, plan, false);
    for (std::size_t i : {0u, 3u, 4u}) folder.save(*execute_run(plan, i, nullptr));
    // A crash mid-write leaves at most a temporary file, which is not a record.
    std::ofstream(resumed / "runs" / "000001.json.tmp") << "{\"run\": 1, \"ok\": tr";
  }
  SweepFolder folder(resumed, plan, false);
  const auto tally = run_sweep_threads(plan, folder, 2, nullptr, {});
  CHECK(tally.skipped == 3);
  CHECK(tally.ran == 3);
  folder.write_final(plan);
  CHECK(slurp(resumed / "results.csv") == slurp(whole / "results.csv"));
  CHECK(slurp(resumed / "summary.json") == slurp(whole / "summary.json"));
}

TEST_CASE("a cancelled sweep keeps what finished and reports the interruption", "[sweep][folder]") {
  const auto plan = bandit_plan();
  const auto dir = fresh_dir("cancel");
  SweepFolder folder(dir, plan, false);
  std::atomic<bool> cancel{true};
  const auto tally = run_sweep_threads(plan, folder, 2, &cancel, {});
  CHECK(tally.interrupted);
  CHECK(tally.ran == 0);
  CHECK_FALSE(fs::exists(dir / "summary.json"));
  CHECK_FALSE(fs::exists(dir / "results.csv"));
}

TEST_CASE("a folder holding another sweep, or a plain run, is refused unless forced", "[sweep][folder][errors]") {
  const auto plan = bandit_plan();
  const auto dir = fresh_dir("other");
  run_all(plan, dir, 2);
  json other = bandit_config();
  other["steps"] = 61;
  const auto other_plan = plan_sweep(other, "b.json", ".", {});
  CHECK_THROWS_WITH(SweepFolder(dir, other_plan, false),
                    Catch::Contains("holds the results of a different sweep") && Catch::Contains("--force"));
  SweepFolder forced(dir, other_plan, true);
  CHECK(forced.records().empty());
  CHECK_FALSE(fs::exists(dir / "summary.json"));

  const auto plain = fresh_dir("plain");
  fs::create_directories(plain);
  std::ofstream(plain / "summary.json") << "{}";
  CHECK_THROWS_AS(SweepFolder(plain, plan, false), core::ConfigError);
}

TEST_CASE("a run that throws is recorded as failed with its message and the others finish", "[sweep][folder]") {
  auto plan = bandit_plan();
  ExperimentKind failing{"test.failing", "fails in its second slice", {},
                         [](const json&, const RunContext&) { return std::make_unique<FailingExperiment>(); }, {}, {}};
  plan.runs[4].config.kind = &failing;
  const auto dir = fresh_dir("failing");
  SweepFolder folder(dir, plan, false);
  const auto tally = run_sweep_threads(plan, folder, 2, nullptr, {});
  CHECK(tally.ran == 6);
  CHECK(tally.failed == 1);
  folder.write_final(plan);
  const json s = json::parse(slurp(dir / "summary.json"));
  CHECK(s["completed"] == 5);
  REQUIRE(s["failed"].size() == 1);
  CHECK(s["failed"][0]["run"] == 4);
  CHECK(s["failed"][0]["seed"] == 5);
  CHECK(s["failed"][0]["parameters"]["agents.0.alpha"] == 0.8);
  CHECK(s["failed"][0]["error"] == "preferences became NaN at step 2");
  CHECK(s["points"][2]["runs_done"] == 1);
  // The failed run is tried again on the next invocation; the finished ones are not.
  CHECK(pending_runs(plan, folder) == std::vector<std::size_t>{4});
}

TEST_CASE("results.csv of runs with different columns takes their union", "[sweep][folder]") {
  RunRecord a, b;
  a.ok = b.ok = true;
  a.results_csv = "sweep_run,x,y\n0,1,2\n";
  b.results_csv = "sweep_run,x,z\n1,3,\"a,b\"\n";
  CHECK(sweep_results_csv({a, b}) == "sweep_run,x,y,z\n0,1,2,\n1,3,,\"a,b\"\n");
  CHECK(sweep_results_csv({a, a}) == "sweep_run,x,y\n0,1,2\n0,1,2\n");
}
