// The `arbiter` program end to end: it is started as a user would start it, and its exit status, messages
// and files are checked.
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <unistd.h>

#include "tests/apps/arbiter_process.hpp"

namespace fs = std::filesystem;

namespace {

using test_apps::arbiter;
using test_apps::Outcome;

fs::path scratch(const std::string& name) {
  const fs::path d = fs::temp_directory_path() / ("arbiter_cli_test_" + name);
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

std::string write(const fs::path& file, const std::string& text) {
  std::ofstream(file) << text;
  return file.string();
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("validate: a typo'd key exits 2 naming the file and the JSON path", "[apps]") {
  const auto d = scratch("typo");
  const auto cfg = write(d / "typo.json", R"({"kind": "softmax.temperature", "logits": [1, 2], "temprature": 2})");
  const auto r = arbiter("validate " + cfg);
  CHECK(r.status == 2);
  CHECK_THAT(r.output, Catch::Contains("typo.json: /temprature: expected one of the keys") &&
                           Catch::Contains("(did you mean \"temperature\"?)"));
  CHECK(arbiter("validate configs/quickstart.json").status == 0);
}

TEST_CASE("run: a lesson's bad \"controls\" or \"reveal\" exits 2 naming its path, before any output", "[apps]") {
  const auto d = scratch("lesson");
  const std::string lesson = "run configs/classroom/09_physics_ising.json --out " + (d / "out").string();
  const auto key = arbiter(lesson + " --set /lesson/controls/0=/temperature");
  CHECK(key.status == 2);
  CHECK_THAT(key.output, Catch::Contains("09_physics_ising.json: /lesson/controls/0: expected a key of") &&
                             Catch::Contains("\"/temperature\", not a key of physics.ising"));
  const auto prompt = arbiter(lesson + " --set /lesson/reveal/at_prompt=3");
  CHECK(prompt.status == 2);
  CHECK_THAT(prompt.output, Catch::Contains("09_physics_ising.json: /lesson/reveal/at_prompt: expected the index"));
  const auto series = arbiter(lesson + " --set /lesson/reveal/series=[]");
  CHECK(series.status == 2);
  CHECK_THAT(series.output, Catch::Contains("/lesson/reveal/series"));
  CHECK_FALSE(fs::exists(d / "out"));
  CHECK(arbiter("validate configs/classroom/09_physics_ising.json").status == 0);
}

TEST_CASE("run: a bad config exits 2 and creates no output folder", "[apps]") {
  const auto d = scratch("bad");
  const auto cfg = write(d / "quickstart.json", R"({"kind": "softmax.temperature", "logits": [1], "temperature": -1})");
  const auto r = arbiter("run " + cfg + " --out " + (d / "out").string());
  CHECK(r.status == 2);
  CHECK_THAT(r.output, Catch::Contains("quickstart.json: /temperature: expected a number > 0, got -1"));
  CHECK_FALSE(fs::exists(d / "out"));
  const auto broken = write(d / "broken.json", "{\"kind\": \"softmax.temperature\",\n  \"logits\": [1,]}");
  const auto b = arbiter("run " + broken + " --out " + (d / "out").string());
  CHECK(b.status == 2);
  CHECK_THAT(b.output, Catch::Contains("broken.json:2:") && Catch::Contains("malformed JSON"));
  CHECK_FALSE(fs::exists(d / "out"));
  CHECK(arbiter("run " + (d / "missing.json").string()).status == 2);
  const auto huge = write(d / "huge.json", R"({"kind": "softmax.temperature", "logits": [1, 1e400]})");
  const auto h = arbiter("validate " + huge);
  CHECK(h.status == 2);
  CHECK_THAT(h.output, Catch::Contains("huge.json: malformed JSON: a number too large for a double ('1e400')"));
  const auto set = arbiter("validate configs/quickstart.json --set /temperature=1e400");
  CHECK(set.status == 2);
  CHECK_THAT(set.output, Catch::Contains("quickstart.json: /temperature: expected a value that JSON can hold"));
}

TEST_CASE("run: writes results.csv and summary.json, and does not overwrite them without --force", "[apps]") {
  const auto d = scratch("out");
  const auto out = (d / "q").string();
  const auto r = arbiter("run configs/quickstart.json --out " + out + " --set /temperature=0.5");
  REQUIRE(r.status == 0);
  CHECK_THAT(r.output, Catch::Contains("results: " + out + "/ (results.csv, summary.json)"));
  CHECK(fs::file_size(fs::path(out) / "results.csv") > 1000);
  CHECK_THAT(slurp(fs::path(out) / "summary.json"), Catch::Contains("\"temperature\": 0.5"));
  const auto again = arbiter("run configs/quickstart.json --out " + out);
  CHECK(again.status == 2);
  CHECK_THAT(again.output, Catch::Contains("already holds results; pass --force"));
  CHECK(arbiter("run configs/quickstart.json --force --out " + out).status == 0);
}

TEST_CASE("run: the numbers out are identical for --threads 1 and --threads 8", "[apps]") {
  const auto d = scratch("threads");
  const std::string base = "run configs/rl/bandit_fig2_5.json --set /runs=64 --set /steps=100 -q --out ";
  REQUIRE(arbiter(base + (d / "t1").string() + " --threads 1").status == 0);
  REQUIRE(arbiter(base + (d / "t8").string() + " --threads 8").status == 0);
  const auto csv = slurp(d / "t1" / "results.csv");
  CHECK(csv.size() > 10000);
  CHECK(csv == slurp(d / "t8" / "results.csv"));
}

TEST_CASE("usage errors exit 2, --help and list exit 0 and explain", "[apps]") {
  CHECK(arbiter("frobnicate").status == 2);
  CHECK(arbiter("run").status == 2);
  CHECK(arbiter("run configs/quickstart.json --threads -3").status == 2);
  const auto help = arbiter("--help");
  CHECK(help.status == 0);
  for (const char* c : {"run", "validate", "list", "describe", "sweep", "report"}) CHECK_THAT(help.output, Catch::Contains(c));
  const auto run_help = arbiter("run --help");
  CHECK(run_help.status == 0);
  CHECK_THAT(run_help.output, Catch::Contains("--set") && Catch::Contains("--force") && Catch::Contains("--threads"));
  const auto list = arbiter("list");
  CHECK(list.status == 0);
  for (const char* k : {"softmax.temperature", "rl.bandit", "econ.estimate", "physics.ising"})
    CHECK_THAT(list.output, Catch::Contains(k));
  CHECK_THAT(arbiter("sweep --help").output, Catch::Contains("log_range") && Catch::Contains("resumes"));
}

TEST_CASE("Ctrl-C stops a run cleanly with status 130 and leaves nothing that looks complete", "[apps]") {
  const auto d = scratch("sigint");
  const std::string out = (d / "fig").string();
  const std::string cmd = std::string(ARBITER_EXE) + " run configs/rl/bandit_fig2_5.json --set /runs=200000 -q -j 1 --out " + out;
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    execl("/bin/sh", "sh", "-c", ("exec " + cmd + " > /dev/null 2>&1").c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  kill(pid, SIGINT);
  int st = 0;
  waitpid(pid, &st, 0);
  REQUIRE(WIFEXITED(st));
  CHECK(WEXITSTATUS(st) == 130);
  CHECK_FALSE(fs::exists(fs::path(out) / "summary.json"));
  CHECK_FALSE(fs::exists(fs::path(out) / "results.csv"));
}

TEST_CASE("sweep and report: a sweep writes its files, reports them, and resumes instantly", "[apps]") {
  const auto d = scratch("sweep");
  const std::string out = (d / "s").string();
  const auto r = arbiter("sweep configs/sweeps/softmax_temperature.json -q --out " + out);
  REQUIRE(r.status == 0);
  CHECK_THAT(r.output, Catch::Contains("sweep: 25 runs (25 points x 1 seed), 25 run now, 0 already done"));
  const auto again = arbiter("sweep configs/sweeps/softmax_temperature.json -q --out " + out);
  CHECK_THAT(again.output, Catch::Contains("0 run now, 25 already done"));
  const auto rep = arbiter("report " + out + " --metric entropy");
  CHECK(rep.status == 0);
  CHECK_THAT(rep.output, Catch::StartsWith("temperature  runs_done      entropy  entropy ci95\n        0.1          1  0.000504315             0\n"));
  CHECK(fs::exists(fs::path(out) / "report.md"));
  const auto bad = arbiter("sweep configs/sweeps/softmax_temperature.json -q --set /sweep/~1temprature=[1] --out " +
                           (d / "bad").string());
  CHECK(bad.status == 2);
  CHECK_THAT(bad.output, Catch::Contains("\"/temprature\", which is not in the config"));
  CHECK_FALSE(fs::exists(d / "bad"));
}
