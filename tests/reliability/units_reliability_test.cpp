// The pieces behind "nothing crashes, hangs, lies or half-writes", one at a time: the JSON reader's depth
// and duplicate-key checks, threads the system refuses, all-or-nothing files, the non-finite guard and
// the sweep's checked count.
#include <catch2/catch.hpp>

#include <sys/resource.h>
#include <sys/wait.h>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <functional>
#include <limits>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <string>
#include <vector>
#include <unistd.h>

#include "core/atomic_file.hpp"
#include "core/config_error.hpp"
#include "core/parallel_for.hpp"
#include "core/table.hpp"
#include "experiments/config_loader.hpp"
#include "experiments/runner.hpp"
#include "experiments/sweep_plan.hpp"

namespace fs = std::filesystem;
using nlohmann::json;
namespace ex = arbiter::experiments;
namespace core = arbiter::core;

namespace {

std::string nested(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "(nothing thrown)";
}

fs::path scratch(const std::string& name) {
  const fs::path d = fs::temp_directory_path() / ("arbiter_reliability_unit_" + name);
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kAddressSanitizer = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kAddressSanitizer = true;
#else
constexpr bool kAddressSanitizer = false;
#endif
#else
constexpr bool kAddressSanitizer = false;
#endif

}  // namespace

TEST_CASE("JSON nested exactly 64 deep is read, 65 deep is refused naming the path", "[reliability]") {
  CHECK(ex::parse_json_text(nested(ex::kMaxJsonDepth), "f.json").is_array());
  CHECK_THROWS_AS(ex::parse_json_text(nested(ex::kMaxJsonDepth + 1), "f.json"), core::ConfigError);
  const std::string msg = message_of([] { ex::parse_json_text(R"({"a": [1, {"b": )" + nested(63) + "}]}", "f.json"); });
  std::string path = "/a/1/b";
  for (int i = 0; i < 61; ++i) path += "/0";
  CHECK(msg == "f.json: " + path + ": expected lists and objects nested at most 64 deep, got deeper nesting");
  // A million levels are refused as fast as 65, without recursion.
  CHECK_THROWS_AS(ex::parse_json_text(nested(1000000), "f.json"), core::ConfigError);
}

TEST_CASE("a key given twice in one object is refused with its JSON path, escaped keys stay paths", "[reliability]") {
  CHECK(message_of([] { ex::parse_json_text(R"({"x": [{"a/b": 1, "a/b": 2}]})", "f.json"); }) ==
        "f.json: /x/0/a~1b: expected each key once in an object, got \"a/b\" a second time");
  CHECK(ex::parse_json_text(R"({"a": {"k": 1}, "b": {"k": 2}})", "f.json")["b"]["k"] == 2);  // one per object
  CHECK_THROWS_AS(ex::parse_json_text("[1,", "f.json"), json::parse_error);
  json config = {{"kind", "x"}};
  CHECK(message_of([&] { ex::apply_override(config, "/o=" + nested(80), "f.json"); })
            .rfind("f.json: /o/0/0", 0) == 0);
}

TEST_CASE("parallel_for runs every index when the system refuses most of its threads", "[reliability]") {
  if (kAddressSanitizer) return;  // AddressSanitizer reserves far more address space than any limit below
  // In a child process (limits are per process): address space limited to what is mapped now plus 64 MB,
  // so that only a few of 200 threads (8 MB of stack each) can be created.
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    std::ifstream status("/proc/self/status");
    std::string line;
    long long vm_kb = 0;
    while (std::getline(status, line))
      if (line.rfind("VmSize:", 0) == 0) vm_kb = std::stoll(line.substr(7));
    const rlimit lim{static_cast<rlim_t>((vm_kb + 65536) * 1024), static_cast<rlim_t>((vm_kb + 65536) * 1024)};
    if (vm_kb == 0 || setrlimit(RLIMIT_AS, &lim) != 0) _exit(3);
    std::vector<long long> out(10000, 0);
    try {
      core::parallel_for(out.size(), 200, [&](std::size_t i) { out[i] = static_cast<long long>(i) * 3; });
    } catch (...) {
      _exit(2);
    }
    const long long sum = std::accumulate(out.begin(), out.end(), 0LL);
    _exit(sum == 3LL * 9999 * 10000 / 2 ? 0 : 1);
  }
  int st = 0;
  waitpid(pid, &st, 0);
  REQUIRE(WIFEXITED(st));  // before the fix: "terminate called without an active exception", SIGABRT
  CHECK(WEXITSTATUS(st) == 0);
}

TEST_CASE("all-or-nothing files: a failure or a cancellation leaves the folder as it was", "[reliability]") {
  const auto d = scratch("files");
  std::ofstream(d / "summary.json") << "old";
  // The second file cannot be written (its folder does not exist): neither is, and no temporary is left.
  CHECK_THROWS_AS(core::write_files_atomically(d, {{"results.csv", "new"}, {"missing/x.csv", "y"}, {"summary.json", "new"}}),
                  core::RunError);
  CHECK_FALSE(fs::exists(d / "results.csv"));
  std::atomic<bool> cancel{true};
  CHECK_FALSE(core::write_files_atomically(d, {{"results.csv", std::string(3 << 20, 'x')}, {"summary.json", "new"}}, &cancel));
  CHECK_FALSE(core::write_file_atomically(d / "results.csv", "x", &cancel));
  CHECK_FALSE(fs::exists(d / "results.csv"));
  std::ifstream in(d / "summary.json");
  std::string old;
  in >> old;
  CHECK(old == "old");
  std::size_t entries = 0;
  for (const auto& e : fs::directory_iterator(d)) entries += e.is_regular_file() ? 1 : 0;
  CHECK(entries == 1);
  cancel = false;
  CHECK(core::write_files_atomically(d, {{"results.csv", "a,b\n"}, {"summary.json", "{}\n"}}, &cancel));
  CHECK(fs::file_size(d / "results.csv") == 4);
  CHECK(fs::file_size(d / "summary.json") == 3);
}

TEST_CASE("the final results' commit is marked only once they start to move into place", "[reliability]") {
  // In a child: the mark is process-wide and set for good. Before the fix a second Ctrl-C just after the last
  // rename exited 130 beside complete results (the Ctrl-C test, under the address sanitizer).
  const auto d = scratch("final_commit");
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    std::atomic<bool> cancel{true};
    int code = 0;
    if (core::write_files_atomically(d, {{"results.csv", "a\n"}, {"summary.json", "{}\n"}}, &cancel, true)) code |= 1;
    if (core::final_commit_begun()) code |= 2;  // a cancelled final write moved nothing
    cancel = false;
    if (!core::write_files_atomically(d, {{"results.csv", "a\n"}, {"summary.json", "{}\n"}}, &cancel)) code |= 4;
    if (core::final_commit_begun()) code |= 8;  // not the final results
    if (!core::write_files_atomically(d, {{"results.csv", "b\n"}, {"summary.json", "{}\n"}}, &cancel, true)) code |= 16;
    if (!core::final_commit_begun()) code |= 32;
    _exit(code);
  }
  int st = 0;
  waitpid(pid, &st, 0);
  REQUIRE(WIFEXITED(st));
  CHECK(WEXITSTATUS(st) == 0);
  std::ifstream in(d / "results.csv");
  std::string line;
  std::getline(in, line);
  CHECK(line == "b");
}

TEST_CASE("temporary names and write probes", "[reliability]") {
  CHECK(core::is_temporary_name("results.csv.tmp-12345"));
  CHECK_FALSE(core::is_temporary_name("results.csv.tmp-"));
  CHECK_FALSE(core::is_temporary_name("results.csv.tmp-12a"));
  CHECK_FALSE(core::is_temporary_name("results.csv"));
  const auto d = scratch("probe");
  std::ofstream(d / "file") << "x";
  CHECK(core::file_write_problem(d / "agent.json").empty());
  CHECK_FALSE(fs::exists(d / "agent.json"));
  CHECK(core::file_write_problem(d) == "it is a folder");
  CHECK_THAT(core::file_write_problem(d / "file" / "agent.json"), Catch::Contains("is not a folder"));
  CHECK_THAT(core::file_write_problem(d / "no" / "agent.json"), Catch::Contains("does not exist"));
}

TEST_CASE("the non-finite guard names the file, column and row, or the summary key", "[reliability]") {
  core::Table t({"T", "Z"});
  t.add_row({core::Cell(1.0), core::Cell(2.0)});
  CHECK_NOTHROW(t.require_finite("results.csv"));
  t.add_row({core::Cell(0.5), core::Cell(std::numeric_limits<double>::infinity())});
  CHECK(message_of([&] { t.require_finite("results.csv"); }) ==
        "refusing to write inf to results.csv: column \"Z\", row 2 (line 3) is not a finite number");
  ex::Results r;
  r.results = core::Table({"x"});
  r.tables["levels.csv"] = core::Table({"E"});
  r.tables["levels.csv"].add_row({core::Cell(std::nan(""))});
  CHECK_THAT(message_of([&] { ex::require_finite_results(r); }), Catch::Contains("nan to levels.csv: column \"E\", row 1"));
  r.tables.clear();
  r.summary = {{"fit", {{"estimates", {1.0, std::nan("")}}}}, {"agent", nullptr}};
  CHECK(message_of([&] { ex::require_finite_results(r); }) ==
        "refusing to write summary.json: the run computed a number that is not finite, at /results/fit/estimates/1: "
        "nan (JSON would hold it as null)");
  r.summary = {{"fit", 1.5}, {"agent", nullptr}};
  CHECK_NOTHROW(ex::require_finite_results(r));
}

TEST_CASE("a sweep's size is counted in checked arithmetic before any value is built", "[reliability]") {
  json config = {{"kind", "softmax.temperature"}, {"logits", {1.0, 2.0, 3.0}}};
  ex::SweepOptions o;
  o.allow_many = true;
  config["sweep"] = {{"/temperature", {{"range", {0.1, 1.0, 4294967296LL}}}},
                     {"/logits/0", {{"range", {0.0, 1.0, 4294967296LL}}}}};  // exactly 2^64: one too many
  CHECK_THAT(message_of([&] { ex::plan_sweep(config, "s.json", ".", o); }),
             Catch::Contains("4294967296 x 4294967296 points x 1 seeds = more than 2^64 runs"));
  config["sweep"] = {{"/temperature", {{"range", {0.1, 1.0, 1000}}}}, {"/logits/0", {1, 2}}, {"seeds", 501}};
  CHECK_THAT(message_of([&] { ex::plan_sweep(config, "s.json", ".", o); }),
             Catch::Contains("expected at most 1000000 runs in one sweep, got 2 x 1000 points x 501 seeds = 1002000 runs"));
  config["sweep"] = {{"/temperature", {{"from", 0.1}, {"to", 1}, {"points", 1e15}}}};
  CHECK_THAT(message_of([&] { ex::plan_sweep(config, "s.json", ".", o); }), Catch::Contains("\"points\" a number >= 1"));
  config["sweep"] = {{"/temperature", {{"range", {0.1, 1.0, 3}}}}, {"/logits/0", {1, 2}}, {"seeds", 2}};
  const auto plan = ex::plan_sweep(config, "s.json", ".", o);
  CHECK(plan.runs.size() == 12);
  CHECK(plan.points.size() == 6);
}

namespace {

// The longest of `steps` step() calls of the config (overrides applied), in seconds; also whether the run stops
// at once on a cancellation (the flag the CLI sets on Ctrl-C) and stepping on.
struct Stepping {
  double longest = 0.0;
  bool done = false;
};
Stepping step_config(const std::string& config, const std::vector<std::string>& overrides, int steps) {
  const std::string file = std::string(ARBITER_SOURCE_DIR) + "/configs/econ/" + config;
  const auto cfg = ex::load_config(file, overrides);
  std::atomic<bool> cancel{false};
  auto experiment = ex::make_experiment(cfg, 1, &cancel, ex::kBatchSliceSeconds);
  Stepping s;
  for (int i = 0; i < steps && !experiment->done(); ++i) {
    const auto t = std::chrono::steady_clock::now();
    experiment->step();
    s.longest = std::max(s.longest, std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count());
  }
  s.done = experiment->done();
  return s;
}

}  // namespace

TEST_CASE("econ.estimate steps in short slices: a latent-class fit of 1000 starts and a mixed logit of 100,000 "
          "draws per person", "[reliability][econ]") {
  // Once every start was fitted in one step (55 s for 1000 starts of 5 iterations), and one BFGS iteration of
  // the mixed logit evaluated its likelihood over all 2.5e7 draws several times in one step (seconds each).
  const double bound = 1.0 * (kAddressSanitizer ? 20.0 : 1.0);
  const auto latent = step_config("latent_class_electricity.json",
                                  {"/estimation/starts=1000", "/estimation/max_iterations=5"}, 300);
  INFO("longest steps: latent class " << latent.longest << " s");
  CHECK_FALSE(latent.done);
  CHECK(latent.longest < bound);
  const auto mixed = step_config("mixed_logit_simulated.json", {"/simulation/draws=100000", "/estimation/max_iterations=2"}, 60);
  INFO("mixed logit " << mixed.longest << " s");
  CHECK_FALSE(mixed.done);
  CHECK(mixed.longest < bound);
}

TEST_CASE("mixed-logit draws that cannot fit in memory are refused naming /simulation/draws, before they are made",
          "[reliability][econ]") {
  if (kAddressSanitizer) return;  // AddressSanitizer reserves far more address space than the limit below
  // In a child process: 3 GB of address space; 100,000 draws of 5 dimensions for each of the Electricity
  // panel's 4308 situations (no panel) need about 28 GB.
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    const rlimit lim{rlim_t(3) << 30, rlim_t(3) << 30};
    if (setrlimit(RLIMIT_AS, &lim) != 0) _exit(3);
    try {
      const auto cfg = ex::load_config(std::string(ARBITER_SOURCE_DIR) + "/configs/econ/mixed_logit_electricity_mlogit.json",
                                       {"/simulation/draws=100000", "/model/panel=false"});
      (void)ex::make_experiment(cfg, 1);
    } catch (const core::ConfigError& e) {
      const std::string m = e.what();
      _exit(m.find("/simulation/draws") != std::string::npos && m.find("GB of memory") != std::string::npos ? 0 : 1);
    } catch (...) {
      _exit(2);
    }
    _exit(4);
  }
  int st = 0;
  waitpid(pid, &st, 0);
  REQUIRE(WIFEXITED(st));
  CHECK(WEXITSTATUS(st) == 0);
}
