// The bandit kinds through the registry: every shipped config validates and runs in a reduced form, numbers
// do not depend on the thread count, Figure 2.5's ordering shows up even in a small batch, Bernoulli arms,
// agents save and load back, and bad input fails with a ConfigError naming the JSON path.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>
#include "agents/boltzmann_policy.hpp"
#include "core/config_error.hpp"
#include "experiments/config_loader.hpp"
#include "experiments/registry.hpp"

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
  {
    const auto r = run_file("configs/rl/bandit_nonstationary.json", 2, {"/runs=10", "/steps=200"});
    CHECK(r.summary.at("agents").size() == 3);
  }
}

TEST_CASE("rl.bandit on Bernoulli arms: the gradient bandit finds the best coin", "[rl_bandit][kinds]") {
  const json config = json::parse(R"({
    "kind": "rl.bandit", "seed": 5, "runs": 200, "steps": 1000,
    "env": {"name": "bernoulli", "k": 3, "values": [0.2, 0.8, 0.5]},
    "agents": [{"name": "gradient_bandit", "alpha": 0.2, "baseline": true}]
  })");
  const auto r = run_config(config, 2);
  const json& a = r.summary.at("agents")[0];
  // Rewards are 0 or 1: the mean reward at step 1 is that of the uniform policy, (0.2 + 0.8 + 0.5) / 3.
  CHECK(a.at("reward_curve").at("mean")[0].get<double>() == Approx(0.5).margin(0.11));
  CHECK(a.at("final_pct_optimal").at("mean").get<double>() > 85.0);
  CHECK(a.at("average_reward").at("mean").get<double>() > 0.7);
  CHECK(a.at("average_reward").at("mean").get<double>() < 0.8);
}

TEST_CASE("bad bandit input fails with a ConfigError naming the JSON path", "[rl_bandit][errors]") {
  const json base = small_bandit();
  CHECK_THAT(config_error(base, {"/agents/0/alpha=-0.1"}), Catch::Contains("/agents/0/alpha") && Catch::Contains("(0, 1e+06]"));
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

TEST_CASE("bandit agents save to JSON and every run starts from them when loaded", "[rl_bandit][save_load]") {
  const auto file = std::filesystem::temp_directory_path() / "arbiter_rl_bandit_saved_agents.json";
  std::filesystem::remove(file);
  json config = json::parse(R"({
    "kind": "rl.bandit", "seed": 3, "runs": 20, "steps": 300,
    "env": {"name": "gaussian", "k": 4, "values": [0.0, 1.0, 0.5, -0.5]},
    "agents": [
      {"name": "gradient_bandit", "alpha": 0.2, "baseline": true},
      {"name": "softmax_exploration", "estimate": "sample_average", "temperature": 0.3}
    ],
    "record_entropy": true
  })");
  const auto trained = run_config(config, 2, {"/save_agent=" + file.string()});
  REQUIRE(std::filesystem::exists(file));
  CHECK(trained.summary.at("saved_agent").at("file") == file.string());
  std::ifstream in(file);
  const json saved = json::parse(in);
  CHECK(saved.at("kind") == "rl.bandit");
  REQUIRE(saved.at("agents").size() == 2);
  const json& g = saved.at("agents")[0].at("state");
  CHECK(g.at("name") == "gradient_bandit");
  CHECK(g.at("steps") == 300);
  const json& s = saved.at("agents")[1].at("state");
  CHECK(s.at("counts").get<std::vector<int>>().size() == 4);
  int pulls = 0;
  for (int c : s.at("counts").get<std::vector<int>>()) pulls += c;
  CHECK(pulls == 300);

  // Loaded: every run's first step is taken by the saved policy, so the step-1 entropy is the saved
  // policy's in every run (no spread across runs).
  const auto loaded = run_config(config, 2, {"/load_agent=" + file.string(), "/steps=5"});
  agents::BoltzmannPolicy uniform_t(4);
  const Eigen::VectorXd h = Eigen::Map<const Eigen::VectorXd>(g.at("preferences").get<std::vector<double>>().data(), 4);
  const double h_saved = uniform_t.entropy(uniform_t.probabilities(h));
  const json& a0 = loaded.summary.at("agents")[0];
  CHECK(a0.at("entropy_curve").at("mean")[0].get<double>() == Approx(h_saved).epsilon(1e-12));
  CHECK(a0.at("entropy_curve").at("ci95")[0].get<double>() < 1e-9);
  CHECK(h_saved < std::log(4.0) - 0.1);  // it had learned something
  agents::BoltzmannPolicy cold(4, agents::TemperatureSchedule::constant(0.3));
  const Eigen::VectorXd q = Eigen::Map<const Eigen::VectorXd>(s.at("action_values").get<std::vector<double>>().data(), 4);
  CHECK(loaded.summary.at("agents")[1].at("entropy_curve").at("mean")[0].get<double>() ==
        Approx(cold.entropy(cold.probabilities(q))).epsilon(1e-12));

  // Files that do not fit.
  CHECK_THAT(config_error(config, {"/load_agent=" + file.string(), "/env/k=5", "/env/values=[0,1,2,3,4]"}),
             Catch::Contains("/load_agent") && Catch::Contains("5 arms"));
  json one = config;
  one["agents"] = json::array({config["agents"][0]});
  CHECK_THAT(config_error(one, {"/load_agent=" + file.string()}),
             Catch::Contains("/load_agent") && Catch::Contains("1 saved agents"));
  json swapped = config;
  std::swap(swapped["agents"][0], swapped["agents"][1]);
  CHECK_THAT(config_error(swapped, {"/load_agent=" + file.string()}),
             Catch::Contains("/load_agent") && Catch::Contains("softmax_exploration"));
  json entropy = json::parse(R"({"kind": "rl.bandit_entropy", "runs": 5, "steps": 5,
      "env": {"name": "gaussian", "k": 4}, "agent": {"name": "gradient_bandit"}, "betas": [0, 0.1]})");
  CHECK_THAT(config_error(entropy, {"/load_agent=" + file.string()}),
             Catch::Contains("/load_agent") && Catch::Contains("rl.bandit_entropy"));
  std::filesystem::remove(file);
  CHECK_THAT(config_error(config, {"/load_agent=" + file.string()}),
             Catch::Contains("/load_agent") && Catch::Contains("readable"));

  // rl.bandit_entropy saves one agent per beta.
  const auto e = run_config(entropy, 1, {"/save_agent=" + file.string()});
  std::ifstream in2(file);
  CHECK(json::parse(in2).at("agents").size() == 2);
  CHECK(e.summary.at("agent_steps").get<double>() == 2.0 * 5 * 5);
  std::filesystem::remove(file);
}

TEST_CASE("a bandit step size that would overflow the first update is refused naming its path, not run",
          "[rl_bandit][errors]") {
  // Beyond 1e6 (experiments/learning_ranges.hpp) alpha * R reaches infinity: the config is refused (exit 2)
  // instead of diverging; the divergence error itself is tested on the rule (tests/agents).
  json config = small_bandit();
  config["agents"][0]["alpha"] = 1e308;
  CHECK_THAT(config_error(config, {}), Catch::Contains("/agents/0/alpha") && Catch::Contains("1e+06"));
  config["agents"][0]["alpha"] = 1e6;
  config["agents"][0]["temperature"] = 1e-100;
  config["env"]["mean_offset"] = 1e100;
  config["runs"] = 4;
  config["steps"] = 50;
  CHECK_NOTHROW(run_config(config, 2));  // the largest step, the coldest policy and huge rewards stay finite
}

TEST_CASE("bandit observables: curves, per-arm probabilities, entropy, last reward, baseline, agent-steps/s",
          "[rl_bandit][kinds]") {
  const auto cfg = experiments::resolve_config(small_bandit(), "test.json", ".");
  auto exp = experiments::make_experiment(cfg, 2);
  exp->step();
  const auto o = exp->observables();
  std::vector<std::string> plots;
  for (const auto& p : o.plots) plots.push_back(p.id);
  CHECK(plots == std::vector<std::string>{"pct_optimal", "average_reward"});
  REQUIRE(o.bars.size() == 1);
  CHECK(o.bars[0].labels.size() == 10);
  REQUIRE(o.bars[0].groups.size() == 3);
  double total = 0.0;
  for (double p : o.bars[0].groups[0].values) total += p;
  CHECK(total == Approx(1.0));
  int entropy = 0, reward = 0, baseline = 0;
  for (const auto& n : o.numbers) {
    const std::string& label = n.label;
    entropy += label.find("policy entropy") != std::string::npos;
    reward += label.find("last reward") != std::string::npos;
    baseline += label.find(": run 0 baseline") != std::string::npos;
  }
  CHECK(entropy == 3);
  CHECK(reward == 3);
  CHECK(baseline == 3);
  while (!exp->done()) exp->step();
  const auto r = exp->finish();
  CHECK(r.summary.at("agent_steps_per_second").get<double>() > 0.0);
  const auto study = run_file("configs/rl/bandit_fig2_6.json", 2, {"/runs=5", "/steps=10"});
  CHECK(study.summary.at("agent_steps_per_second").get<double>() > 0.0);
  const auto ent = run_file("configs/rl/entropy_bonus_bandit.json", 2, {"/runs=5", "/steps=10"});
  CHECK(ent.summary.at("agent_steps_per_second").get<double>() > 0.0);
}

TEST_CASE("rl.bandit declares its agents once: resolve, describe and the node agree", "[rl_bandit][schema]") {
  const auto& kind = experiments::registry().find("rl.bandit");
  const core::Param* list = kind.schema.find("/agents");
  REQUIRE(list != nullptr);
  const core::Param& agent = list->element();
  REQUIRE(agent.type == core::ParamType::variant);
  const core::Param* gradient = agent.child("gradient_bandit");
  const core::Param* softmax = agent.child("softmax_exploration");
  REQUIRE(gradient != nullptr);
  REQUIRE(softmax != nullptr);
  // The default alpha as declared is what resolve() fills in and what describe prints.
  const json alpha = gradient->child("alpha")->default_value;
  REQUIRE(alpha.is_number());
  const auto cfg = experiments::resolve_config(
      json{{"kind", "rl.bandit"}, {"agents", {{{"name", "gradient_bandit"}}, {{"name", "softmax_exploration"}}}}},
      "test.json", ".");
  const json& agents = cfg.resolved.at("agents");
  CHECK(agents[0].at("alpha") == alpha);
  CHECK(agents[1].at("alpha") == softmax->child("alpha")->default_value);
  const std::string d = kind.schema.describe();
  const auto g = d.find("name = \"gradient_bandit\"");
  const auto s = d.find("name = \"softmax_exploration\"");
  REQUIRE(g != std::string::npos);
  REQUIRE(s != std::string::npos);
  CHECK(d.find("default " + core::short_json(alpha), d.find("alpha", g)) < s);
  // Every key of each agent type is listed under its alternative, with its default, and filled in by resolve.
  for (const auto& [alt, entry] : {std::pair{gradient, agents[0]}, std::pair{softmax, agents[1]}}) {
    const auto from = d.find("name = \"" + alt->key + "\"");
    for (const auto& key : alt->children()) {
      INFO(alt->key << "/" << key.key);
      const auto at = d.find("  " + key.key + " ", from);
      CHECK(at != std::string::npos);
      if (key.optional_key) {
        CHECK_FALSE(entry.contains(key.key));
        continue;
      }
      CHECK(entry.at(key.key) == key.default_instance());
      CHECK(d.find("default " + core::short_json(key.default_value), at) != std::string::npos);
    }
  }
}

TEST_CASE("bad agents are refused with the full path, a suggestion and the valid types", "[rl_bandit][errors]") {
  const json base = small_bandit();
  CHECK(config_error(base, {"/agents/1/alhpa=0.1"}) ==
        "test.json: /agents/1/alhpa: expected one of the keys name, alpha, baseline, baseline_includes_current, "
        "baseline_step, entropy_bonus, initial_preference, temperature, label, got unknown key \"alhpa\" (did you "
        "mean \"alpha\"?)");
  CHECK(config_error(base, {"/agents/1/name=\"epsilon_greedy\""}) ==
        "test.json: /agents/1/name: expected one of \"gradient_bandit\", \"softmax_exploration\", got "
        "\"epsilon_greedy\"");
  CHECK(config_error(base, {"/agents/2/temperature/sttart=1"}).find("did you mean \"start\"") != std::string::npos);
  CHECK(config_error(base, {"/agents/2/temperature={\"schedule\": \"linear\", \"start\": 1}"}) ==
        "test.json: /agents/2/temperature/steps: expected an integer >= 1 (annealing length), got nothing");
  CHECK(config_error(base, {"/agents/0/baseline_step=2"}) ==
        "test.json: /agents/0/baseline_step: expected a number in [0, 1], got 2");
  json many = base;
  for (int i = 0; i < 10; ++i) many["agents"].push_back(base["agents"][0]);
  CHECK_THAT(config_error(many), Catch::Contains("/agents: expected a list of 1 to 12 entries") &&
                                     Catch::Contains("got 13 entries"));
  json entropy = json::parse(R"({"kind": "rl.bandit_entropy", "runs": 5, "steps": 5,
      "agent": {"name": "gradient_bandit", "entropy_bonus": 0.1}, "betas": [0, 0.1]})");
  CHECK(config_error(entropy) ==
        "test.json: /agent/entropy_bonus: expected no entropy_bonus here (set the list /betas instead), got 0.1");
  entropy["agent"] = {{"name", "softmax_exploration"}};
  CHECK(config_error(entropy) == "test.json: /agent/name: expected \"gradient_bandit\" (the entropy bonus is a "
                                 "policy-gradient term), got \"softmax_exploration\"");
}

TEST_CASE("the resolved bandit config holds every agent default, label only when given", "[rl_bandit][schema]") {
  const auto cfg = experiments::resolve_config(small_bandit(), "test.json", ".");
  const json& a = cfg.resolved.at("agents");
  CHECK(a[1].at("baseline_step") == 0.0);
  CHECK(a[1].at("temperature") == 1.0);
  CHECK(a[2].at("initial_value") == 0.0);
  CHECK(a[2].at("temperature").at("schedule") == "exponential");
  CHECK_FALSE(a[0].contains("label"));
  // Resolving the resolved config changes nothing (the GUI and saved configs go round this loop).
  CHECK(experiments::resolve_config(cfg.resolved, "test.json", ".").resolved == cfg.resolved);
}
