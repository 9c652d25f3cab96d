// Every config under configs/ (found by a glob, so a new file is covered the day it lands) validates through
// experiments::load_config, takes its kind's `quick` overrides, builds, steps to the end within a time bound and
// finishes with non-empty, finite results. A sweep is planned (every point validated and built) and its first
// and last runs are run. A live config (no end) runs a few slices, then stops as on Ctrl-C.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>
#include "core/config_error.hpp"
#include "experiments/config_loader.hpp"
#include "experiments/sweep_plan.hpp"

using namespace arbiter;
using json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

// Time limits are for an optimised build; the sanitizer build (make sanitize) runs several times slower.
#if defined(__SANITIZE_ADDRESS__)
constexpr double kSlowness = 5.0;
#else
constexpr double kSlowness = 1.0;
#endif
// A quick config runs in well under this; one that does not is too slow for the test that runs them all.
constexpr double kSecondsPerConfig = 10.0 * kSlowness;
// A kind without quick overrides must run its configs as they are in about this time.
constexpr double kSecondsWithoutQuick = 2.0 * kSlowness;
// A live config runs this long before it is stopped.
constexpr double kLiveSeconds = 0.3;

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::vector<std::string> shipped_configs() {
  std::vector<std::string> files;
  const fs::path root = fs::path(ARBITER_SOURCE_DIR) / "configs";
  for (const auto& entry : fs::recursive_directory_iterator(root))
    if (entry.is_regular_file() && entry.path().extension() == ".json") files.push_back(entry.path().string());
  std::sort(files.begin(), files.end());
  return files;
}

std::string relative_name(const std::string& file) {
  return fs::relative(file, fs::path(ARBITER_SOURCE_DIR)).generic_string();
}

// The first non-finite number in a JSON tree ("" if none), as its JSON pointer.
std::string first_non_finite(const json& j, const std::string& path = "") {
  if (j.is_number_float()) return std::isfinite(j.get<double>()) ? "" : (path.empty() ? "/" : path);
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      const std::string found = first_non_finite(it.value(), path + "/" + it.key());
      if (!found.empty()) return found;
    }
  } else if (j.is_array()) {
    for (std::size_t i = 0; i < j.size(); ++i) {
      const std::string found = first_non_finite(j[i], path + "/" + std::to_string(i));
      if (!found.empty()) return found;
    }
  }
  return "";
}

// Every double cell of a table is finite (what the runner refuses to write, core::Table::require_finite).
void check_table_finite(const core::Table& table, const std::string& name) {
  const auto& columns = table.columns();
  for (std::size_t r = 0; r < table.rows().size(); ++r)
    for (std::size_t c = 0; c < columns.size(); ++c) {
      const double* x = std::get_if<double>(&table.rows()[r][c]);
      INFO(name << " row " << r << " column " << columns[c]);
      if (x != nullptr) REQUIRE(std::isfinite(*x));
    }
}

void check_results(const experiments::Results& results) {
  REQUIRE_FALSE(results.results.empty());
  check_table_finite(results.results, "results.csv");
  for (const auto& [name, table] : results.tables) check_table_finite(table, name);
  INFO("summary.json results" << first_non_finite(results.summary) << " is not finite");
  REQUIRE(first_non_finite(results.summary).empty());
}

// Builds and runs one resolved config to its end (a live one for kLiveSeconds, then cancelled); returns the
// wall time. Fails when it runs past kSecondsPerConfig.
double run_to_end(const experiments::LoadedConfig& cfg) {
  std::atomic<bool> cancel{false};
  const auto start = Clock::now();
  auto experiment = experiments::make_experiment(cfg, 2, &cancel, experiments::kBatchSliceSeconds);
  const bool live = cfg.resolved.value("live", false);
  while (!experiment->done()) {
    experiment->step();
    if (live && seconds_since(start) > kLiveSeconds) cancel = true;
    INFO(cfg.file << " is still running after " << kSecondsPerConfig << " s (progress " << experiment->progress()
                  << "): its kind's quick overrides must make it a short run");
    REQUIRE(seconds_since(start) < kSecondsPerConfig);
  }
  if (!live) CHECK(experiment->progress() == Approx(1.0));
  (void)experiment->observables();
  check_results(experiment->finish());
  return seconds_since(start);
}

// The kind's quick overrides that apply to a config: one under an optional object the config leaves out (e.g.
// ml.calibration's /classifier in a config that gives /logits) would bring that object in, so it is left out.
std::vector<std::string> quick_overrides(const experiments::ExperimentKind& kind, const json& raw) {
  std::vector<std::string> out;
  for (const std::string& assignment : kind.quick) {
    const std::string path = assignment.substr(0, assignment.find('='));
    bool applies = true;
    for (auto slash = path.find('/', 1); slash != std::string::npos; slash = path.find('/', slash + 1)) {
      const std::string prefix = path.substr(0, slash);
      const core::Param* node = kind.schema.find(prefix);
      if (node != nullptr && node->optional_key && !raw.contains(json::json_pointer(prefix))) applies = false;
    }
    if (applies) out.push_back(assignment);
  }
  return out;
}

void check_quick_enough(const experiments::ExperimentKind& kind, const std::string& file, double seconds) {
  if (!kind.quick.empty()) return;
  INFO(file << " took " << seconds << " s and kind " << kind.name
            << " has no quick overrides: fill ExperimentKind::quick in the kind's declaration "
               "(experiments/<world>/...), e.g. {\"/runs=2\", \"/steps=100\"}");
  CHECK(seconds < kSecondsWithoutQuick);
}

}  // namespace

TEST_CASE("every shipped config validates, takes its kind's quick overrides and runs to finite results",
          "[experiments][configs_glob]") {
  const std::vector<std::string> files = shipped_configs();
  REQUIRE(files.size() >= 30);  // the glob found the folder
  for (const std::string& file : files) {
    const std::string name = relative_name(file);
    DYNAMIC_SECTION(name) {
      const json raw = experiments::read_json_file(file);
      REQUIRE(raw.contains("kind"));
      const experiments::ExperimentKind& kind = experiments::registry().find(raw.at("kind").get<std::string>());
      if (raw.contains("sweep")) {
        experiments::SweepOptions options;
        options.overrides = quick_overrides(kind, raw);
        const experiments::SweepPlan plan = experiments::plan_sweep(file, options);  // builds every point
        REQUIRE(plan.runs.size() >= 2);
        double seconds = 0.0;
        seconds += run_to_end(plan.runs.front().config);
        seconds += run_to_end(plan.runs.back().config);
        check_quick_enough(kind, name, seconds);
      } else {
        const experiments::LoadedConfig cfg = experiments::load_config(file, quick_overrides(kind, raw));
        CHECK(cfg.kind == &kind);
        check_quick_enough(kind, name, run_to_end(cfg));
      }
    }
  }
}

TEST_CASE("every kind's quick overrides name keys of its schema", "[experiments][configs_glob]") {
  for (const auto& kind : experiments::registry().kinds()) {
    for (const std::string& assignment : kind.quick) {
      INFO(kind.name << " quick override " << assignment);
      const auto eq = assignment.find('=');
      REQUIRE(eq != std::string::npos);
      REQUIRE(assignment.front() == '/');
      REQUIRE(kind.schema.find(assignment.substr(0, eq)) != nullptr);  // a misspelt key fails here
    }
  }
}

TEST_CASE("a config's \"lesson\" is a title and a list of prompts, checked like every key and ignored by the run",
          "[configs]") {
  json c = experiments::read_json_file("configs/classroom/01_softmax_temperature.json");
  REQUIRE(c.contains("lesson"));
  CHECK_NOTHROW(experiments::resolve_config(c, "lesson.json", "configs/classroom"));
  auto error_of = [&](const json& lesson) {
    json bad = c;
    bad["lesson"] = lesson;
    try {
      experiments::resolve_config(bad, "lesson.json", "configs/classroom");
    } catch (const core::ConfigError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK_THAT(error_of("Softmax"), Catch::Contains("/lesson: expected an object"));
  CHECK_THAT(error_of({{"prompts", {"a"}}}), Catch::Contains("/lesson/title"));
  CHECK_THAT(error_of({{"title", "t"}, {"prompts", json::array()}}), Catch::Contains("/lesson/prompts"));
  CHECK_THAT(error_of({{"title", "t"}, {"prompts", {"a", 2}}}), Catch::Contains("/lesson/prompts/1"));
  CHECK_THAT(error_of({{"title", "t"}, {"prompts", {"a"}}, {"promts", {"b"}}}), Catch::Contains("/lesson/promts"));
}

TEST_CASE("a lesson's \"controls\" name the kind's keys and its \"reveal\" names series and a prompt in range",
          "[configs]") {
  json c = experiments::read_json_file("configs/classroom/09_physics_ising.json");
  auto error_of = [&](const json& extra) {
    json bad = c;
    for (auto it = extra.begin(); it != extra.end(); ++it) bad["lesson"][it.key()] = it.value();
    try {
      experiments::resolve_config(bad, "lesson.json", "configs/classroom");
    } catch (const core::ConfigError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  // The good forms: a key, a nested key's group, a series at a prompt or on the key.
  CHECK(error_of({{"controls", {"/temperatures", "/L"}}}) == "no error");
  CHECK(error_of({{"reveal", {{"series", {"Onsager (L = inf)"}}, {"at_prompt", 2}}}}) == "no error");
  CHECK(error_of({{"reveal", {{"series", {"Onsager (L = inf)"}}}}}) == "no error");
  // controls: a list of the kind's keys, each checked against its schema.
  CHECK_THAT(error_of({{"controls", "/L"}}), Catch::Contains("/lesson/controls: expected a list"));
  CHECK_THAT(error_of({{"controls", json::array()}}), Catch::Contains("/lesson/controls"));
  const std::string misspelt = error_of({{"controls", {"/L", "/temperature"}}});
  CHECK_THAT(misspelt, Catch::Contains("/lesson/controls/1") &&
                           Catch::Contains("\"/temperature\", not a key of physics.ising"));
  CHECK_THAT(error_of({{"controls", {"L"}}}), Catch::Contains("/lesson/controls/0"));
  CHECK_THAT(error_of({{"controls", {"/seed"}}}), Catch::Contains("/lesson/controls/0"));
  CHECK_THAT(error_of({{"controls", {3}}}), Catch::Contains("/lesson/controls/0"));
  // reveal: {series: non-empty names, at_prompt: an index into the 3 prompts}.
  CHECK_THAT(error_of({{"reveal", {"Onsager (L = inf)"}}}), Catch::Contains("/lesson/reveal: expected an object"));
  CHECK_THAT(error_of({{"reveal", {{"at_prompt", 1}}}}), Catch::Contains("/lesson/reveal/series"));
  CHECK_THAT(error_of({{"reveal", {{"series", {"a", ""}}}}}), Catch::Contains("/lesson/reveal/series/1"));
  CHECK_THAT(error_of({{"reveal", {{"series", {"a"}}, {"at_prompt", 3}}}}),
             Catch::Contains("/lesson/reveal/at_prompt") && Catch::Contains("<= 2"));
  for (const json& at : {json(-1), json(1.5), json("2")})
    CHECK_THAT(error_of({{"reveal", {{"series", {"a"}}, {"at_prompt", at}}}}),
               Catch::Contains("/lesson/reveal/at_prompt"));
  CHECK_THAT(error_of({{"reveal", {{"series", {"a"}}, {"key", "v"}}}}), Catch::Contains("/lesson/reveal/key"));
}
