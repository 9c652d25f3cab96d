// The `arbiter` program given what once crashed it, hung it, made it lie or half-write a folder: it is
// started as a user would start it, and its exit status, message and files are checked.
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <chrono>
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

// Starts `arbiter ARGS` in the background (output discarded); returns its process id.
pid_t start(const std::string& args) {
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    execl("/bin/sh", "sh", "-c", ("exec " + std::string(ARBITER_EXE) + " " + args + " > /dev/null 2>&1").c_str(),
          static_cast<char*>(nullptr));
    _exit(127);
  }
  return pid;
}

int wait_for(pid_t pid) {
  int st = 0;
  waitpid(pid, &st, 0);
  return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

fs::path scratch(const std::string& name) {
  const fs::path d = fs::temp_directory_path() / ("arbiter_reliability_test_" + name);
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

std::string write(const fs::path& file, const std::string& text) {
  std::ofstream(file, std::ios::binary) << text;
  return file.string();
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> temporary_files_under(const fs::path& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    if (it->path().filename().string().find(".tmp-") != std::string::npos) out.push_back(it->path().string());
  return out;
}

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

TEST_CASE("JSON nested 100,000 deep is refused with its path and exit 2, not a stack overflow", "[reliability]") {
  const auto d = scratch("deep");
  const std::string open(100000, '['), close(100000, ']');
  const auto in_key = write(d / "deep.json", "{\"kind\":\"softmax.temperature\",\"logits\":" + open + close + "}");
  const auto top = write(d / "top.json", open + close);
  for (const auto& cmd : {"validate " + in_key, "run " + in_key + " --out " + (d / "out").string(),
                          "run " + top + " --out " + (d / "out").string(),
                          "sweep " + in_key + " --out " + (d / "out").string()}) {
    const auto r = arbiter(cmd);
    CHECK(r.status == 2);
    CHECK_THAT(r.output, Catch::Contains("expected lists and objects nested at most 64 deep, got deeper nesting"));
  }
  const auto r = arbiter("validate " + in_key);
  std::string path = "/logits";
  for (int i = 0; i < 63; ++i) path += "/0";
  CHECK_THAT(r.output, Catch::Contains("deep.json: " + path + ": expected"));
  CHECK_THAT(arbiter("validate " + top).output, Catch::Contains("top.json: /0/0/0/0"));
  CHECK_FALSE(fs::exists(d / "out"));
}

TEST_CASE("a --threads above 16 per core is refused with exit 2 before any work", "[reliability]") {
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  const auto d = scratch("threads");
  const auto r = arbiter("run configs/quickstart.json --threads 100000 --out " + (d / "out").string());
  CHECK(r.status == 2);
  CHECK_THAT(r.output, Catch::Contains("--threads: at most " + std::to_string(16 * cores) + " (16 per core"));
  CHECK(arbiter("sweep configs/sweeps/softmax_temperature.json --threads 100000 --out " + (d / "out").string()).status == 2);
  CHECK_FALSE(fs::exists(d / "out"));
  CHECK(arbiter("run configs/quickstart.json -q --threads " + std::to_string(16 * cores) + " --out " +
                (d / "max").string()).status == 0);
}

TEST_CASE("report names the key that is wrong in a malformed summary.json, exit 2", "[reliability]") {
  const auto d = scratch("report");
  struct Case {
    const char* summary;
    const char* message;
  };
  for (const Case& c : {
           Case{R"({"columns": ["t"], "points": [{}]})", "summary.json: /points/0/parameters: expected an object"},
           Case{R"({"points": [{}]})", "summary.json: /points/0/parameters: expected an object"},
           Case{R"({"columns": ["t"], "points": [{"parameters": {"t": 1}, "results": {}}]})",
                "/points/0/runs_done: expected a whole number >= 0"},
           Case{R"({"columns": ["t"], "points": [{"parameters": {}, "runs_done": 1, "results": {}}]})",
                "/points/0/parameters/t: expected the value of column \"t\""},
           Case{R"({"columns": ["t"], "points": [{"parameters": {"t": 1}, "runs_done": 1, "results": {"x": 5}}]})",
                "/points/0/results/x: expected an object"},
           Case{R"({"columns": "t", "points": []})", "/columns: expected a list of column names"},
           Case{R"([1, 2])", "expected a summary.json written by `arbiter run` or `arbiter sweep`"},
       }) {
    write(d / "summary.json", c.summary);
    const auto r = arbiter("report " + d.string());
    CHECK(r.status == 2);
    CHECK_THAT(r.output, Catch::Contains(c.message));
  }
  CHECK_FALSE(fs::exists(d / "report.csv"));
}

TEST_CASE("a sweep grid of more than 2^64 runs is refused, exit 2, no folder", "[reliability]") {
  const auto d = scratch("overflow");
  const std::string axis = R"({"range": [0.1, 1, 65536]})";
  const auto cfg = write(d / "big.json", R"({"kind": "softmax.temperature", "logits": [1, 2, 3], "sweep": {)"
                                         R"("/temperature": )" + axis + R"(, "/logits/0": )" + axis +
                                         R"(, "/logits/1": )" + axis + R"(, "/logits/2": )" + axis + "}}");
  for (const std::string flags : {"", " --yes", " --dry-run"}) {
    const auto r = arbiter("sweep " + cfg + flags + " --out " + (d / "out").string());
    CHECK(r.status == 2);
    CHECK_THAT(r.output, Catch::Contains("/sweep: expected at most 1000000 runs in one sweep, got 65536 x 65536 x "
                                         "65536 x 65536 points x 1 seeds = more than 2^64 runs"));
  }
  CHECK_FALSE(fs::exists(d / "out"));
}

TEST_CASE("a range axis of 10^12 points is refused at once, even with --dry-run", "[reliability]") {
  const auto d = scratch("huge_range");
  const auto cfg = write(d / "huge.json", R"({"kind": "softmax.temperature", "logits": [1, 2, 3], "sweep": {)"
                                          R"("/temperature": {"range": [0.1, 1, 1000000000000]}}})");
  const auto t0 = std::chrono::steady_clock::now();
  const auto dry = arbiter("sweep " + cfg + " --dry-run");
  CHECK(dry.status == 2);
  CHECK_THAT(dry.output, Catch::Contains("1000000000000 points x 1 seeds = 1000000000000 runs"));
  const auto yes = arbiter("sweep " + cfg + " --yes --out " + (d / "out").string());
  CHECK(yes.status == 2);
  CHECK(seconds_since(t0) < 20.0);
  CHECK_FALSE(fs::exists(d / "out"));
}

TEST_CASE("Ctrl-C in any phase exits 130 or finishes whole, and no temporary file survives", "[reliability]") {
  const auto d = scratch("sigint");
  // Signals at spread-out moments of a run whose results take a while to assemble and write; a second
  // signal shortly after the first exits at once.
  const std::string args = "run configs/rl/bandit_fig2_5.json --set /runs=2000 --set /steps=20000 -q -j 2 --out ";
  int interrupted = 0;
  for (int delay_ms : {300, 900, 1500, 2500}) {
    for (bool twice : {false, true}) {
      const fs::path out = d / ("o" + std::to_string(delay_ms) + (twice ? "b" : "a"));
      const pid_t pid = start(args + out.string());
      std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
      kill(pid, SIGINT);
      if (twice) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        kill(pid, SIGINT);
      }
      const int status = wait_for(pid);
      INFO("delay " << delay_ms << " ms, twice " << twice << ", status " << status);
      CHECK((status == 130 || status == 0));
      CHECK(temporary_files_under(d).empty());
      if (status == 130) {
        ++interrupted;
        CHECK_FALSE(fs::exists(out / "summary.json"));
        CHECK_FALSE(fs::exists(out / "results.csv"));
      } else {
        CHECK(fs::exists(out / "summary.json"));
      }
    }
  }
  CHECK(interrupted > 0);
}

TEST_CASE("temporary files a killed run left are removed by the next run into the folder", "[reliability]") {
  const auto d = scratch("stale");
  const fs::path out = d / "out";
  fs::create_directories(out);
  write(out / "results.csv.tmp-999999", "half a file");
  write(out / "summary.json.tmp-12", "{");
  write(out / "notes.txt", "mine");
  REQUIRE(arbiter("run configs/quickstart.json -q --out " + out.string()).status == 0);
  CHECK(temporary_files_under(out).empty());
  CHECK(slurp(out / "notes.txt") == "mine");
  const fs::path sweep = d / "sweep";
  fs::create_directories(sweep / "runs");
  write(sweep / "runs" / "000001.json.tmp-4242", "{");
  REQUIRE(arbiter("sweep configs/sweeps/softmax_temperature.json -q --out " + sweep.string()).status == 0);
  CHECK(temporary_files_under(sweep).empty());
}

TEST_CASE("two runs into one folder at once: the second is told the folder is busy, exit 2", "[reliability]") {
  const auto d = scratch("lock");
  const fs::path out = d / "out";
  const pid_t first = start("run configs/rl/bandit_fig2_5.json --set /runs=200000 -q -j 1 --out " + out.string());
  const auto t0 = std::chrono::steady_clock::now();
  while (!fs::exists(out / ".arbiter.lock") && seconds_since(t0) < 10) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  const auto second = arbiter("run configs/quickstart.json -q --out " + out.string());
  CHECK(second.status == 2);
  CHECK_THAT(second.output, Catch::Contains(out.string() + " is busy: another arbiter run is writing into it"));
  const auto sweep = arbiter("sweep configs/sweeps/softmax_temperature.json -q --out " + out.string());
  CHECK(sweep.status == 2);
  CHECK_THAT(sweep.output, Catch::Contains("is busy"));
  kill(first, SIGINT);
  CHECK(wait_for(first) == 130);
  CHECK_FALSE(fs::exists(out));  // the first run created it and wrote nothing: it is gone again
  CHECK(arbiter("run configs/quickstart.json -q --out " + out.string()).status == 0);
}

TEST_CASE("a file that does not fit leaves the folder as the run found it", "[reliability]") {
  // `ulimit -f` makes writes past a size fail (EFBIG), as a full disk would; SIGXFSZ is ignored as a
  // full disk sends none. ising_4x4_check writes results.csv of 1.7 KB and summary.json of 3.6 KB.
  const std::string limit = "trap '' XFSZ; ulimit -f 5; ";  // 5 blocks of 512 bytes
  const auto d = scratch("full");
  const std::string cfg = "run configs/physics/ising_4x4_check.json -q --out ";
  const auto fresh = arbiter(cfg + (d / "fresh").string(), limit);
  CHECK(fresh.status == 1);
  CHECK_THAT(fresh.output, Catch::Contains("summary.json.tmp-") && Catch::Contains("File too large"));
  CHECK_FALSE(fs::exists(d / "fresh"));
  fs::create_directories(d / "empty");
  CHECK(arbiter(cfg + (d / "empty").string(), limit).status == 1);
  CHECK(fs::is_empty(d / "empty"));
  // A forced re-run that fails keeps the old results, both files of them.
  REQUIRE(arbiter(cfg + (d / "old").string()).status == 0);
  const std::string old_csv = slurp(d / "old" / "results.csv"), old_summary = slurp(d / "old" / "summary.json");
  CHECK(arbiter(cfg + (d / "old").string() + " --force --seed 7", limit).status == 1);
  CHECK(slurp(d / "old" / "results.csv") == old_csv);
  CHECK(slurp(d / "old" / "summary.json") == old_summary);
  CHECK(temporary_files_under(d).empty());
  // The re-run is not refused as "already holds results".
  CHECK(arbiter(cfg + (d / "empty").string()).status == 0);
}

TEST_CASE("an unwritable --out or --save-agent is refused before any work, exit 2", "[reliability]") {
  const auto d = scratch("unwritable");
  write(d / "file", "not a folder");
  const auto out = arbiter("run configs/rl/bandit_fig2_5.json --set /runs=200000 -q --out " + (d / "file" / "out").string());
  CHECK(out.status == 2);
  CHECK_THAT(out.output, Catch::Contains("--out: cannot create the output folder"));
  const auto t0 = std::chrono::steady_clock::now();
  const auto agent = arbiter("run configs/rl/bandit_fig2_5.json --set /runs=200000 -q --out " + (d / "out").string() +
                             " --save-agent " + (d / "file" / "agent.json").string());
  CHECK(agent.status == 2);
  CHECK_THAT(agent.output, Catch::Contains("--save-agent: cannot write") && Catch::Contains("is not a folder"));
  CHECK(seconds_since(t0) < 10.0);
  CHECK_FALSE(fs::exists(d / "out"));
  const auto folder = arbiter("run configs/rl/bandit_fig2_5.json -q --out " + (d / "out").string() + " --save-agent " +
                              d.string());
  CHECK(folder.status == 2);
  CHECK_THAT(folder.output, Catch::Contains("it is a folder"));
}

TEST_CASE("no NaN or inf is written with exit 0: inputs that would overflow are refused with their range",
          "[reliability]") {
  const auto d = scratch("nonfinite");
  // A coupling whose energies overflow, a price whose utility would, are refused up front with their valid
  // range (exit 2). The guard behind them (a non-finite number fails the run naming the file, column and row)
  // is tested in units_reliability_test.cpp.
  const auto ising = arbiter("run configs/physics/ising_4x4_check.json -q --set /J=1e308 --out " + (d / "i").string());
  CHECK(ising.status == 2);
  CHECK_THAT(ising.output, Catch::Contains("/J: expected a coupling with |J| <= 7.8125e+147"));
  CHECK_FALSE(fs::exists(d / "i"));
  const auto price = arbiter("run configs/econ/pricing_bertrand.json -q --set /products/0/price=1e308 --out " +
                             (d / "p").string());
  CHECK(price.status == 2);
  CHECK_THAT(price.output, Catch::Contains("/products/0/price: expected a number in [-1e+50, 1e+50], got 1e+308"));
  CHECK_FALSE(fs::exists(d / "p"));
}

TEST_CASE("a --seed follows the config's rule: a whole number >= 0 below 2^64", "[reliability]") {
  for (const char* bad : {"-1", "=-18446744073709551615", " 18446744073709551616", " 1.5", " 0x10", " ' 7'"}) {
    const auto r = arbiter(std::string("validate configs/quickstart.json --seed") + (bad[0] == '-' ? " " : "") + bad);
    INFO(bad);
    CHECK(r.status == 2);
    CHECK_THAT(r.output, Catch::Contains("--seed: expected a whole number >= 0 and below 2^64"));
  }
  const auto top = arbiter("validate configs/quickstart.json --print --seed 18446744073709551615");
  CHECK(top.status == 0);
  CHECK_THAT(top.output, Catch::Contains("\"seed\": 18446744073709551615"));
  CHECK(arbiter("validate configs/quickstart.json --set /seed=-1").status == 2);
}

TEST_CASE("a folder is named a folder, duplicate keys are refused with their path, a BOM is accepted", "[reliability]") {
  const auto d = scratch("json_files");
  const auto folder = arbiter("validate " + d.string());
  CHECK(folder.status == 2);
  CHECK_THAT(folder.output, Catch::Contains(d.string() + ": is a folder, not a JSON file"));
  const auto dup = write(d / "dup.json", R"({"kind": "softmax.temperature", "logits": [1, 2],
    "temperatures": {"from": 1, "to": 2, "points": 3, "to": 4}})");
  const auto r = arbiter("validate " + dup);
  CHECK(r.status == 2);
  CHECK_THAT(r.output, Catch::Contains("dup.json: /temperatures/to: expected each key once in an object, got \"to\" a "
                                       "second time"));
  const auto bom = write(d / "bom.json", "\xEF\xBB\xBF{\"kind\": \"softmax.temperature\", \"logits\": [1, 2]}");
  CHECK(arbiter("validate " + bom).status == 0);
}
