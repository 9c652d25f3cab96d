// Kind "rl.episodic" through the registry: every shipped config runs in a reduced form, bad input gives
// ConfigError naming the JSON path, divergence gives RunError naming run, episode and parameter, numbers do
// not depend on the thread count, agents save and load back, live changes and observables.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include "core/config_error.hpp"
#include "envs/short_corridor.hpp"
#include "experiments/config_loader.hpp"
#include "experiments/runner.hpp"
#include "experiments/rl/episodic_experiment.hpp"

using namespace arbiter;
using json = nlohmann::json;

namespace {

const std::string kDir = std::string(ARBITER_SOURCE_DIR) + "/configs/rl/";

std::unique_ptr<experiments::Experiment> build(const std::string& file, const std::vector<std::string>& overrides,
                                               int threads = 2) {
  const auto cfg = experiments::load_config(kDir + file, overrides);
  return experiments::make_experiment(cfg, threads);
}

experiments::Results run(const std::string& file, const std::vector<std::string>& overrides, int threads = 2) {
  auto ex = build(file, overrides, threads);
  while (!ex->done()) ex->step();
  CHECK(ex->progress() == Approx(1.0));
  return ex->finish();
}

std::string config_error(const std::string& file, const std::vector<std::string>& overrides) {
  try {
    build(file, overrides);
  } catch (const core::ConfigError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("rl.episodic: every shipped config validates and runs reduced", "[rl_pg][kind]") {
  for (const std::string f : {"short_corridor_reinforce.json", "short_corridor_baseline.json",
                              "short_corridor_large_step.json", "cliff_walking.json", "four_rooms.json",
                              "cartpole.json"}) {
    INFO(f);
    const auto res = run(f, {"/runs=2", "/episodes=12", "/output/every=1"});
    CHECK(res.results.columns() == std::vector<std::string>{"run", "episode", "metric", "value"});
    CHECK(res.results.size() >= 2 * 12 * 3);
    CHECK(res.summary["episodes"] == 12);
    CHECK(res.summary["agent_steps"].get<double>() > 0);
    CHECK(res.tables.count("curves.csv") == 1);
  }
}

TEST_CASE("rl.episodic: results are identical for any thread count", "[rl_pg][kind]") {
  const std::vector<std::string> o{"/runs=5", "/episodes=40"};
  CHECK(run("short_corridor_baseline.json", o, 1).results.to_csv() ==
        run("short_corridor_baseline.json", o, 2).results.to_csv());
  const std::vector<std::string> c{"/runs=3", "/episodes=15"};
  CHECK(run("cartpole.json", c, 1).results.to_csv() == run("cartpole.json", c, 3).results.to_csv());
}

TEST_CASE("rl.episodic: bad input names the JSON path", "[rl_pg][kind]") {
  CHECK_THAT(config_error("short_corridor_reinforce.json", {"/env/name=mountain_car"}), Catch::Contains("/env/name"));
  CHECK_THAT(config_error("short_corridor_reinforce.json", {"/agent/policy=deep_q"}), Catch::Contains("/agent/policy"));
  CHECK_THAT(config_error("short_corridor_reinforce.json", {"/agent/learning_rate=-0.1"}),
             Catch::Contains("/agent/learning_rate"));
  CHECK_THAT(config_error("short_corridor_reinforce.json", {"/agent/temperature=0"}), Catch::Contains("/agent/temperature"));
  CHECK_THAT(config_error("short_corridor_reinforce.json", {"/agent/initial_preferences=[1,2,3]"}),
             Catch::Contains("/agent/initial_preferences"));
  CHECK_THAT(config_error("cliff_walking.json", {"/env/map=[\"....\",\"C..G\"]"}),
             Catch::Contains("/env/map") && Catch::Contains("start"));
  CHECK_THAT(config_error("cliff_walking.json", {"/env/map=[\"S.#.\",\"..#G\"]"}),
             Catch::Contains("/env/map") && Catch::Contains("unreachable goal"));
  CHECK_THAT(config_error("cartpole.json", {"/agent/policy=tabular"}), Catch::Contains("/agent/policy"));
  CHECK_THAT(config_error("cartpole.json", {"/agent/entropy/schedule=linear", "/agent/entropy/final=0"}),
             Catch::Contains("/agent/entropy/final"));
  CHECK_THAT(config_error("cartpole.json", {"/load_agent=no_such_agent.json"}), Catch::Contains("/load_agent"));
  CHECK_THAT(config_error("cartpole.json", {"/agent/activation=sigmoid"}), Catch::Contains("/agent/activation"));
  CHECK_THAT(config_error("short_corridor_reinforce.json", {"/agent/probability_floor=0.6"}),
             Catch::Contains("/agent/probability_floor"));
  CHECK_THAT(config_error("four_rooms.json", {"/agent/baseline_learning_rate=0"}),
             Catch::Contains("/agent/baseline_learning_rate"));
}

TEST_CASE("rl.episodic: a step size that would overflow the first update is refused naming its path",
          "[rl_pg][kind]") {
  // Beyond 1e6 (experiments/learning_ranges.hpp) the update reaches infinity: refused, not run into a
  // divergence (the RunError naming run, episode and parameter is tested on the agent: tests/agents).
  CHECK_THROWS_WITH(build("short_corridor_reinforce.json", {"/agent/learning_rate=1e308"}),
                    Catch::Contains("/agent/learning_rate") && Catch::Contains("1e+06"));
  auto ex = build("short_corridor_reinforce.json",
                  {"/runs=3", "/episodes=20", "/agent/learning_rate=1e6", "/agent/temperature=1e-100"});
  CHECK_NOTHROW([&] {
    while (!ex->done()) ex->step();
  }());
}

TEST_CASE("rl.episodic: without a probability floor a policy reaching p(right) = 0 or 1 records J(p) bounded by "
          "the cut episode's return, not -inf (the config fuzzer's finding)", "[rl_pg][kind]") {
  // The large step size without its floor: runs are thrown to p(right) = 0 or 1, where J(p) = -inf.
  const auto res = run("short_corridor_large_step.json", {"/runs=4", "/episodes=40", "/agent/probability_floor=0",
                                                          "/env/max_steps=500"});
  CHECK_NOTHROW(experiments::require_finite_results(res));
  const auto& cols = res.results.columns();
  const auto metric = static_cast<std::size_t>(std::find(cols.begin(), cols.end(), "metric") - cols.begin());
  const auto value = static_cast<std::size_t>(std::find(cols.begin(), cols.end(), "value") - cols.begin());
  int at_bound = 0;
  for (const auto& row : res.results.rows())
    if (std::get<std::string>(row[metric]) == "start_value") {
      const double j = std::get<double>(row[value]);
      CHECK(j >= -500.0);
      CHECK(j <= envs::ShortCorridor::start_value(envs::ShortCorridor::optimal_p_right()));
      at_bound += j == -500.0;
    }
  CHECK(at_bound > 0);  // the case this guards: some run did reach p(right) = 0 or 1
}

TEST_CASE("rl.episodic: a saved agent loads back as the starting policy", "[rl_pg][kind]") {
  const auto file = std::filesystem::temp_directory_path() / "arbiter_rl_pg_saved_agent.json";
  std::filesystem::remove(file);
  const auto trained = run("cartpole.json", {"/runs=2", "/episodes=5", "/save_agent=" + file.string()});
  REQUIRE(std::filesystem::exists(file));
  std::ifstream in(file);
  const json saved = json::parse(in);
  CHECK(saved["kind"] == "rl.episodic");
  CHECK(saved["environment"] == "cartpole");
  CHECK(saved["agent"]["algorithm"] == "reinforce");
  CHECK(saved["episodes_trained"] == 5);
  CHECK(trained.summary["saved_agent"]["run"] == saved["run"]);
  auto ex = build("cartpole.json", {"/runs=2", "/episodes=1", "/load_agent=" + file.string()});
  auto& epi = dynamic_cast<experiments::rl::EpisodicExperiment&>(*ex);
  const auto params = saved["agent"]["policy"]["parameters"].get<std::vector<double>>();
  const auto values = saved["agent"]["baseline"]["parameters"].get<std::vector<double>>();
  for (int r = 0; r < 2; ++r) {
    const auto& theta = epi.agent(r).policy().parameters();
    REQUIRE(theta.size() == static_cast<Eigen::Index>(params.size()));
    for (std::size_t i = 0; i < params.size(); ++i) CHECK(theta[static_cast<Eigen::Index>(i)] == params[i]);
    const auto& w = epi.agent(r).baseline()->parameters();
    REQUIRE(w.size() == static_cast<Eigen::Index>(values.size()));
    for (std::size_t i = 0; i < values.size(); ++i) CHECK(w[static_cast<Eigen::Index>(i)] == values[i]);
  }
  // Agents that do not match: another shape, another activation, no baseline, another environment.
  CHECK_THAT(config_error("cartpole.json", {"/agent/hidden=[7]", "/load_agent=" + file.string()}),
             Catch::Contains("/load_agent") && Catch::Contains("shape"));
  CHECK_THAT(config_error("cartpole.json", {"/agent/activation=tanh", "/load_agent=" + file.string()}),
             Catch::Contains("/load_agent") && Catch::Contains("tanh"));
  CHECK_THAT(config_error("cartpole.json", {"/agent/baseline=none", "/load_agent=" + file.string()}),
             Catch::Contains("/load_agent") && Catch::Contains("without a baseline"));
  CHECK_THAT(config_error("short_corridor_reinforce.json", {"/load_agent=" + file.string()}),
             Catch::Contains("/load_agent") && Catch::Contains("short_corridor"));
  std::filesystem::remove(file);

  // A trained corridor policy carries over: the loaded runs start at the saved p(right).
  run("short_corridor_baseline.json", {"/runs=1", "/episodes=300", "/save_agent=" + file.string()});
  auto sc = build("short_corridor_baseline.json", {"/runs=3", "/episodes=1", "/load_agent=" + file.string()});
  auto& corridor = dynamic_cast<experiments::rl::EpisodicExperiment&>(*sc);
  std::ifstream in2(file);
  const json corridor_saved = json::parse(in2);
  const auto theta = corridor_saved["agent"]["policy"]["parameters"].get<std::vector<double>>();
  const double p_saved = 1.0 / (1.0 + std::exp(theta[0] - theta[1]));
  CHECK(p_saved > 0.3);  // trained away from the initial 0.05
  for (int r = 0; r < 3; ++r)
    CHECK(corridor.agent(r).action_probabilities(envs::Observation{0.0})[1] == Approx(p_saved).epsilon(1e-12));
  CHECK_THAT(config_error("short_corridor_reinforce.json", {"/load_agent=" + file.string()}),
             Catch::Contains("/load_agent") && Catch::Contains("without a baseline"));
  std::filesystem::remove(file);
  CHECK_THAT(config_error("cartpole.json", {"/load_agent=" + file.string()}),
             Catch::Contains("/load_agent") && Catch::Contains("readable"));
}

TEST_CASE("rl.episodic: the short corridor's p(right) per episode, the mean over runs and run 0, ends at the "
          "agents' p(right)", "[rl_pg][kind]") {
  auto ex = build("short_corridor_baseline.json", {"/runs=3", "/episodes=50"});
  while (!ex->done()) ex->step();
  auto& corridor = dynamic_cast<experiments::rl::EpisodicExperiment&>(*ex);
  const auto obs = ex->observables();
  const auto pr = std::find_if(obs.plots.begin(), obs.plots.end(), [](const auto& p) { return p.id == "p_right"; });
  REQUIRE(pr != obs.plots.end());
  REQUIRE(pr->series.size() == 3u);
  REQUIRE(pr->series[0].y.size() == 50u);
  double mean = 0.0;
  for (int r = 0; r < 3; ++r) mean += corridor.agent(r).action_probabilities(envs::Observation{0.0})[1] / 3.0;
  CHECK(pr->series[0].y.back() == Approx(mean).epsilon(1e-12));
  CHECK(pr->series[1].name == "run 0");
  const double p0 = corridor.agent(0).action_probabilities(envs::Observation{0.0})[1];
  CHECK(pr->series[1].y.back() == Approx(p0).epsilon(1e-12));
  CHECK(pr->series[2].y.front() == Approx(2.0 - std::sqrt(2.0)).epsilon(1e-12));
  for (double p : pr->series[0].y) CHECK((p > 0.0 && p < 1.0));
}

TEST_CASE("rl.episodic: observables for the live view and live cell changes", "[rl_pg][kind]") {
  auto ex = build("cliff_walking.json", {"/runs=2", "/episodes=30"});
  ex->step();
  auto obs = ex->observables();
  std::vector<std::string> grids;
  for (const auto& g : obs.grids) {
    grids.push_back(g.id);
    CHECK(g.values.size() == 48u);
  }
  CHECK(grids == std::vector<std::string>{"cells", "values", "p_up", "p_right", "p_down", "p_left"});
  REQUIRE(!obs.plots.empty());
  CHECK(obs.plots[0].id == "return");
  while (!ex->done()) ex->step();
  CHECK(ex->observables().grids[0].values[17] == 0.0f);
  auto cp = build("cartpole.json", {"/runs=1", "/episodes=3"});
  cp->step();
  bool has_theta = false;
  for (const auto& n : cp->observables().numbers) has_theta |= n.label.find("theta") != std::string::npos;
  CHECK(has_theta);
  // The numbers carry ids and units: the cart's position is the scene's x, in metres.
  const auto cp_obs = cp->observables();
  const auto cart_x = std::find_if(cp_obs.numbers.begin(), cp_obs.numbers.end(),
                                   [](const experiments::Number& n) { return n.id == "cart_x"; });
  REQUIRE(cart_x != cp_obs.numbers.end());
  CHECK(cart_x->unit == "m");
  CHECK(cart_x->value == cp_obs.plots.at(2).series.at(2).x.at(0));
  bool has_scene = false;
  for (const auto& p : cp->observables().plots)
    if (p.id == "cartpole") {
      has_scene = true;
      REQUIRE(p.series.size() == 3);
      // The pole: from the cart (height 0) to its tip, 2 * half length = 1 m away.
      const auto& pole = p.series[2];
      CHECK(std::hypot(pole.x[1] - pole.x[0], pole.y[1] - pole.y[0]) == Approx(1.0));
      CHECK(p.x_markers == std::vector<double>{-2.4, 2.4});
    }
  CHECK(has_scene);
  auto sc = build("short_corridor_baseline.json", {"/runs=2", "/episodes=5"});
  sc->step();
  const auto numbers = sc->observables().numbers;
  bool has_p = false, has_entropy = false, has_return = false, has_baseline = false;
  for (const auto& n : numbers) {
    const std::string& label = n.label;
    has_p |= label.find("p(right)") != std::string::npos;
    has_entropy |= label.find("policy entropy") != std::string::npos;
    has_return |= label.find("last return") != std::string::npos;
    has_baseline |= label.find("baseline value") != std::string::npos;
  }
  CHECK(has_p);
  CHECK(has_entropy);
  CHECK(has_return);
  CHECK(has_baseline);
  CHECK(sc->observables().bars.at(0).id == "policy");
}

TEST_CASE("rl.episodic: live keys change in place from the next slice on, and other keys are refused",
          "[rl_pg][kind][live]") {
  // The short corridor's step reward: after the change every step costs 2, so each return is -2 x length,
  // and J(p) doubles.
  const auto cfg = experiments::load_config(kDir + "short_corridor_reinforce.json",
                                            {"/runs=2", "/episodes=40", "/output/every=1"});
  auto ex = experiments::make_experiment(cfg, 2);
  while (ex->progress() < 0.25) ex->step();
  auto& epi = dynamic_cast<experiments::rl::EpisodicExperiment&>(*ex);
  const int changed_at = epi.episodes_done(0);
  CHECK((changed_at > 0 && changed_at < 40));
  json live = cfg.resolved;
  live["env"]["step_reward"] = -2.0;
  REQUIRE(ex->apply_live(live));
  while (!ex->done()) ex->step();
  const auto obs = ex->observables();
  const auto number = [&](const std::string& id) {
    for (const auto& n : obs.numbers)
      if (n.id == id) return n.value;
    FAIL("no number " << id);
    return 0.0;
  };
  CHECK(number("start_value") == Approx(envs::ShortCorridor::start_value(number("p_right"), -2.0)));
  CHECK(number("start_value") == Approx(2.0 * envs::ShortCorridor::start_value(number("p_right"), -1.0)));
  const auto res = ex->finish();
  int checked = 0;
  std::map<std::pair<std::int64_t, std::int64_t>, std::map<std::string, double>> rows;
  for (std::size_t i = 0; i < res.results.size(); ++i) {
    const auto& row = res.results.rows()[i];
    rows[{std::get<std::int64_t>(row[0]), std::get<std::int64_t>(row[1])}][std::get<std::string>(row[2])] =
        std::get<double>(row[3]);
  }
  for (const auto& [key, m] : rows) {
    if (key.first != 0) continue;
    const double expected = (key.second <= changed_at ? -1.0 : -2.0) * m.at("length");
    CHECK(m.at("return") == expected);
    ++checked;
  }
  CHECK(checked == 40);

  // Keys that are not live (the number of runs, the policy) are refused: the caller rebuilds.
  json runs = cfg.resolved;
  runs["runs"] = 3;
  CHECK_FALSE(ex->apply_live(runs));
  json policy = cfg.resolved;
  policy["agent"]["policy"] = "tabular";
  CHECK_FALSE(ex->apply_live(policy));
}

TEST_CASE("rl.episodic: a gridworld map edit is a live change, and a map that cannot be used is refused",
          "[rl_pg][kind][live]") {
  const auto cfg = experiments::load_config(kDir + "cliff_walking.json", {"/runs=2", "/episodes=30"});
  auto ex = experiments::make_experiment(cfg, 2);
  ex->step();
  json edited = cfg.resolved;
  std::string row = edited["env"]["map"][1].get<std::string>();
  row[5] = '#';
  edited["env"]["map"][1] = row;
  REQUIRE(ex->apply_live(edited));
  CHECK(ex->observables().grids.at(0).values.at(17) == 1.0f);  // row 1, column 5 of 12: a wall at once
  auto& epi = dynamic_cast<experiments::rl::EpisodicExperiment&>(*ex);
  for (int r = 0; r < 2; ++r) {
    const auto scene = epi.environment(r).scene();
    REQUIRE(scene.grid);
    CHECK(scene.grid->cells.at(17) == envs::CellType::wall);
  }
  json no_start = edited;
  std::string last = no_start["env"]["map"][3].get<std::string>();
  last[0] = '.';
  no_start["env"]["map"][3] = last;
  CHECK_FALSE(ex->apply_live(no_start));
  CHECK(epi.environment(0).scene().grid->cells.at(36) == envs::CellType::start);  // the running map stays
  while (!ex->done()) ex->step();
  CHECK(ex->observables().grids.at(0).values.at(17) == 1.0f);
}

TEST_CASE("rl.episodic: a live change and its undo leave the numbers of an uninterrupted run",
          "[rl_pg][kind][live]") {
  const auto cfg = experiments::load_config(kDir + "cartpole.json", {"/runs=2", "/episodes=30"});
  auto straight = experiments::make_experiment(cfg, 2);
  while (!straight->done()) straight->step();
  auto changed = experiments::make_experiment(cfg, 2);
  changed->step();
  json heavy = cfg.resolved;
  heavy["env"]["gravity"] = 20.0;
  heavy["agent"]["learning_rate"] = 0.5;
  heavy["agent"]["temperature"] = 3.0;
  REQUIRE(changed->apply_live(heavy));
  REQUIRE(changed->apply_live(cfg.resolved));
  while (!changed->done()) changed->step();
  CHECK(changed->finish().results.to_csv() == straight->finish().results.to_csv());
}
