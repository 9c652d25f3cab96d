// The bandit kinds through the registry: every shipped config validates and runs in a reduced form, numbers
// do not depend on the thread count, Figure 2.5's ordering shows up even in a small batch, and bad input
// fails with a ConfigError naming the JSON path.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>
#include "core/config_error.hpp"
#include "experiments/config_loader.hpp"

using namespace arbiter;
using json = nlohmann::json;

namespace {

experiments::Results run_config(const json& config, int threads, const std::vector<std::string>& overrides = {}) {
  const auto cfg = experiments::resolve_config(config, "test.json", ".", overrides);
  auto exp = experiments::make_experiment(cfg, threads);
  while (!exp->done()) {
    exp->step();
    (void)exp->observables();
  }
  return exp->finish();
}

experiments::Results run_file(const std::string& file, int threads, const std::vector<std::string>& overrides) {
  const auto cfg = experiments::load_config(file, overrides);
  auto exp = experiments::make_experiment(cfg, threads);
  while (!exp->done()) exp->step();
  return exp->finish();
}

json small_bandit() {
  return json::parse(R"({
    "kind": "rl.bandit", "seed": 7, "runs": 100, "steps": 200,
    "env": {"name": "gaussian", "k": 10, "mean_offset": 4.0},
    "agents": [
      {"name": "gradient_bandit", "alpha": 0.1, "baseline": true, "baseline_includes_current": true},
      {"name": "gradient_bandit", "alpha": 0.4, "baseline": false},
      {"name": "softmax_exploration", "estimate": "constant_step", "alpha": 0.1,
       "temperature": {"schedule": "exponential", "start": 1.0, "end": 0.05, "steps": 200}}
    ],
    "record_entropy": true
  })");
}

// The ConfigError's message for `config` with `overrides`, through resolve and make.
std::string config_error(json config, const std::vector<std::string>& overrides = {}) {
  try {
    run_config(config, 1, overrides);
  } catch (const core::ConfigError& e) {
    return e.what();
  }
  return "(no ConfigError)";
}

}  // namespace

TEST_CASE("rl.bandit gives identical numbers for 1 and 2 threads", "[rl_bandit][threads]") {
  const auto one = run_config(small_bandit(), 1);
  const auto two = run_config(small_bandit(), 2);
  CHECK(one.results.to_csv() == two.results.to_csv());
  CHECK(one.tables.at("runs.csv").to_csv() == two.tables.at("runs.csv").to_csv());
  CHECK(one.results.size() == 3u * 200u * 3u);  // 3 agents x 200 steps x {pct_optimal, reward, entropy}
  const auto three = run_config(small_bandit(), 3, {"/seed=8"});
  CHECK(one.results.to_csv() != three.results.to_csv());
}

TEST_CASE("rl.bandit summary holds final % optimal with CI and the curves", "[rl_bandit][kinds]") {
  const auto r = run_config(small_bandit(), 2);
  const json& a = r.summary.at("agents");
  REQUIRE(a.size() == 3);
  for (const auto& agent : a) {
    CHECK(agent.at("pct_optimal_curve").at("mean").size() == 200);
    const double fin = agent.at("final_pct_optimal").at("mean").get<double>();
    CHECK(fin >= 0.0);
    CHECK(fin <= 100.0);
    CHECK(agent.at("final_pct_optimal").at("ci95").get<double>() > 0.0);
    // Step 1 is uniform over 10 arms: about 10% optimal.
    CHECK(agent.at("pct_optimal_curve").at("mean")[0].get<double>() < 25.0);
    // The policy choosing step 1 is uniform over 10 arms (entropy log 10 in every run); it falls as the
    // agent learns.
    const auto& ent = agent.at("entropy_curve").at("mean");
    CHECK(ent[0].get<double>() == Approx(std::log(10.0)).epsilon(1e-12));
    CHECK(agent.at("entropy_curve").at("ci95")[0].get<double>() < 1e-12);
    CHECK(ent[199].get<double>() < ent[0].get<double>());
  }
  // With baseline, alpha 0.1 learns; alpha 0.4 without baseline is much worse (Figure 2.5's ordering).
  CHECK(a[0].at("final_pct_optimal").at("mean").get<double>() > 60.0);
  CHECK(a[0].at("final_pct_optimal").at("mean").get<double>() > a[1].at("final_pct_optimal").at("mean").get<double>());
  CHECK(r.summary.at("agent_steps").get<double>() == 3.0 * 100 * 200);
}

TEST_CASE("every shipped bandit config validates and runs in a reduced form", "[rl_bandit][configs]") {
  {
    const auto r = run_file("configs/rl/bandit_fig2_5.json", 2, {"/runs=40", "/steps=50"});
    CHECK(r.summary.at("agents").size() == 4);
    CHECK(r.results.size() == 4u * 50u * 2u);
  }
  {
    const auto r = run_file("configs/rl/bandit_fig2_6.json", 2, {"/runs=20", "/steps=30"});
    const auto& curves = r.summary.at("curves");
    REQUIRE(curves.size() == 3);
    CHECK(curves[0].at("values").size() == 8);
    CHECK(curves[0].at("values")[0].get<double>() == 1.0 / 32.0);
  }
  {
    const auto r = run_file("configs/rl/entropy_bonus_bandit.json", 2, {"/runs=20", "/steps=100"});
    CHECK(r.summary.at("betas").size() >= 2);
    CHECK(r.summary.at("betas")[0].at("entropy_curve").at("mean").size() == 100);
  }
}

TEST_CASE("bad bandit input fails with a ConfigError naming the JSON path", "[rl_bandit][errors]") {
  const json base = small_bandit();
  CHECK_THAT(config_error(base, {"/agents/0/alpha=-0.1"}), Catch::Contains("/agents/0/alpha") && Catch::Contains("> 0"));
  CHECK_THAT(config_error(base, {"/agents/2/temperature=0"}), Catch::Contains("/agents/2/temperature"));
  CHECK_THAT(config_error(base, {"/agents/2/temperature=-1"}), Catch::Contains("/agents/2/temperature"));
  CHECK_THAT(config_error(base, {"/agents/2/temperature/end=0"}), Catch::Contains("/agents/2/temperature/end"));
  CHECK_THAT(config_error(base, {"/agents/1/name=epsilon_greedy"}),
             Catch::Contains("/agents/1/name") && Catch::Contains("gradient_bandit"));
  CHECK_THAT(config_error(base, {"/agents/1/alhpa=0.1"}), Catch::Contains("/agents/1/alhpa"));
  CHECK_THAT(config_error(base, {"/env/name=poisson"}), Catch::Contains("/env/name"));
  CHECK_THAT(config_error(base, {"/env/values=[1,2]"}), Catch::Contains("/env/values"));
  CHECK_THAT(config_error(base, {"/runs=0"}), Catch::Contains("/runs"));
  CHECK_THAT(config_error(base, {"/agents=[]"}), Catch::Contains("/agents"));

  json study = json::parse(R"({"kind": "rl.bandit_study", "runs": 5, "steps": 5,
      "curves": [{"agent": {"name": "softmax_exploration", "estimate": "constant_step"}, "parameter": "alpha",
                  "exponents": [-1, 1]}]})");
  CHECK_THAT(config_error(study), Catch::Contains("/curves/0/exponents/1"));
  CHECK_THAT(config_error(study, {"/curves/0/parameter=beta"}), Catch::Contains("/curves/0/parameter"));

  json entropy = json::parse(R"({"kind": "rl.bandit_entropy", "runs": 5, "steps": 5,
      "agent": {"name": "softmax_exploration"}, "betas": [0, 0.1]})");
  CHECK_THAT(config_error(entropy), Catch::Contains("/agent/name"));
  entropy["agent"] = {{"name", "gradient_bandit"}, {"alpha", 0.1}};
  CHECK_THAT(config_error(entropy, {"/betas=[-0.1]"}), Catch::Contains("/betas"));
}
