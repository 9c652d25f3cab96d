// Expanding a config's "sweep" block: the grid, its order and seeds, and every bad sweep refused before work.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>

#include "core/config_error.hpp"
#include "experiments/sweep_plan.hpp"

using namespace arbiter::experiments;
using json = nlohmann::json;

namespace {

json softmax_config(json sweep) {
  return json{{"kind", "softmax.temperature"}, {"logits", {2.0, 1.0, 0.0}}, {"temperatures", {1.0}}, {"seed", 40},
              {"sweep", std::move(sweep)}};
}

SweepPlan plan(json sweep, SweepOptions o = {}) { return plan_sweep(softmax_config(std::move(sweep)), "s.json", ".", o); }

std::string error_of(json sweep, SweepOptions o = {}) {
  try {
    plan(std::move(sweep), o);
  } catch (const arbiter::core::ConfigError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("a grid crosses its axes, the first varying slowest, with seeds per point", "[sweep][plan]") {
  const auto p = plan({{"/temperature", {0.5, 2.0}}, {"/logits/0", {1.0, 3.0, 5.0}}, {"seeds", 2}});
  // nlohmann orders object keys, so the axes are "/logits/0" then "/temperature".
  REQUIRE(p.parameters == std::vector<std::string>{"/logits/0", "/temperature"});
  REQUIRE(p.points.size() == 6);
  REQUIRE(p.runs.size() == 12);
  CHECK(p.points[0] == std::vector<json>{1.0, 0.5});
  CHECK(p.points[1] == std::vector<json>{1.0, 2.0});
  CHECK(p.points[5] == std::vector<json>{5.0, 2.0});
  for (const auto& r : p.runs) {
    CHECK(r.index == r.point * 2 + static_cast<std::size_t>(r.replicate));
    CHECK(r.config.seed == 40u + static_cast<std::uint64_t>(r.replicate));
    CHECK(r.config.resolved["temperature"] == p.points[r.point][1]);
    CHECK(r.config.resolved["logits"][0] == p.points[r.point][0]);
    CHECK_FALSE(r.config.resolved.contains("sweep"));
  }
  CHECK(describe_point(p, 5) == "logits.0=5.0, temperature=2.0");
  CHECK(sweep_column("/agent/alpha") == "agent.alpha");
}

TEST_CASE("range and log_range give evenly and geometrically spaced points with exact ends", "[sweep][plan]") {
  const auto lin = plan({{"/temperature", {{"range", {1.0, 2.0, 5}}}}});
  REQUIRE(lin.points.size() == 5);
  CHECK(lin.points[1][0].get<double>() == Approx(1.25).epsilon(1e-15));
  CHECK(lin.points[4][0].get<double>() == 2.0);
  const auto geo = plan({{"/temperature", {{"log_range", {0.1, 10.0, 25}}}}});
  REQUIRE(geo.points.size() == 25);
  CHECK(geo.points[0][0].get<double>() == 0.1);
  CHECK(geo.points[12][0].get<double>() == Approx(1.0).epsilon(1e-14));
  CHECK(geo.points[24][0].get<double>() == 10.0);
  for (std::size_t i = 1; i < 25; ++i)
    CHECK(geo.points[i][0].get<double>() / geo.points[i - 1][0].get<double>() == Approx(std::pow(100.0, 1.0 / 24)));
}

TEST_CASE("a list of points crosses with the grid axes", "[sweep][plan]") {
  const auto p = plan({{"/temperature", {1.0, 2.0}},
                       {"points", {{{"/logits/0", 0.0}, {"/logits/1", 1.0}}, {{"/logits/0", 5.0}, {"/logits/1", 6.0}}}}});
  REQUIRE(p.parameters == std::vector<std::string>{"/temperature", "/logits/0", "/logits/1"});
  REQUIRE(p.points.size() == 4);
  CHECK(p.points[1] == std::vector<json>{1.0, 5.0, 6.0});
  CHECK(p.points[2] == std::vector<json>{2.0, 0.0, 1.0});
}

TEST_CASE("every expanded run is identified by the sweep hash", "[sweep][plan]") {
  const auto a = plan({{"/temperature", {1.0, 2.0}}});
  const auto b = plan({{"/temperature", {1.0, 2.0}}});
  const auto c = plan({{"/temperature", {1.0, 3.0}}});
  CHECK(a.hash == b.hash);
  CHECK(a.hash != c.hash);
  SweepOptions seeded;
  seeded.seed_override = 41;
  CHECK(plan({{"/temperature", {1.0, 2.0}}}, seeded).hash != a.hash);
}

TEST_CASE("bad sweeps are config errors naming the problem, before any work", "[sweep][plan][errors]") {
  CHECK(error_of({{"/temprature", {1.0}}}) ==
        "s.json: /sweep: expected a config path of kind softmax.temperature (see `arbiter describe "
        "softmax.temperature`), got \"/temprature\", which is not in the config");
  CHECK(error_of({{"/temperature", json::array()}}) ==
        "s.json: /sweep: expected a non-empty list of values for \"/temperature\", got []");
  CHECK(error_of(json::object()).find("s.json: /sweep: expected at least one config path to vary") == 0);
  CHECK(error_of({{"/seed", {1, 2}}}).find("\"seeds\": N for replicates") != std::string::npos);
  CHECK(error_of({{"/temperature", {1.0}}, {"seed", 3}}) ==
        "s.json: /sweep/seed: expected a config path starting with \"/\", or one of \"seeds\", \"max_runs\", "
        "\"points\", got unknown key \"seed\"");
  CHECK(error_of({{"/temperature", {{"log_range", {0.0, 1.0, 3}}}}}).find("and from, to > 0") != std::string::npos);
  // A value that its kind rejects names the point.
  CHECK(error_of({{"/temperature", {1.0, -1.0}}}) ==
        "s.json: /temperature: expected a number > 0, got -1.0 (in the sweep point temperature=-1.0)");
}

TEST_CASE("a sweep larger than max_runs needs --yes", "[sweep][plan][errors]") {
  const json big = {{"/temperature", {{"range", {1.0, 2.0, 40}}}}, {"seeds", 30}};
  CHECK(error_of(big) ==
        "s.json: /sweep: expected at most 1000 runs (raise /sweep/max_runs, or pass --yes to run them all), got 40 "
        "points x 30 seeds = 1200 runs");
  json small_cap = {{"/temperature", {1.0, 2.0, 3.0}}, {"max_runs", 2}};
  CHECK(error_of(small_cap).find("expected at most 2 runs") != std::string::npos);
  SweepOptions yes;
  yes.allow_many = true;
  yes.build_each = false;
  CHECK(plan(big, yes).runs.size() == 1200);
}

TEST_CASE("a config without a sweep block is refused by the sweep planner", "[sweep][plan][errors]") {
  json c = softmax_config({});
  c.erase("sweep");
  CHECK_THROWS_WITH(plan_sweep(c, "s.json", ".", {}), Catch::StartsWith("s.json: /sweep: expected a \"sweep\" block"));
}

TEST_CASE("every shipped sweep config expands and validates", "[sweep][plan][configs]") {
  int n = 0;
  for (const auto& entry : std::filesystem::directory_iterator("configs/sweeps")) {
    if (entry.path().extension() != ".json") continue;
    INFO(entry.path().string());
    const auto p = plan_sweep(entry.path().string(), {});
    CHECK(p.runs.size() == p.points.size() * static_cast<std::size_t>(p.seeds));
    CHECK(p.runs.size() >= 10);
    ++n;
  }
  CHECK(n >= 2);
  const auto bandit = plan_sweep("configs/sweeps/bandit_alpha.json", {});
  CHECK(bandit.runs.size() == 30);
  CHECK(bandit.parameters == std::vector<std::string>{"/agents/0/alpha", "/env/mean_offset"});
}
