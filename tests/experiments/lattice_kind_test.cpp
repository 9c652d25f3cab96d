// physics.ising / physics.potts through the registry: thread invariance, the shipped configs (reduced),
// Yang's magnetisation at L = 64, live mode (apply_live; a batch run of a live config ends), and bad input
// as ConfigError with the JSON path (messages exactly as the CLI prints them).
#include <catch2/catch.hpp>
#include <algorithm>
#include <cmath>
#include "core/config_error.hpp"
#include "experiments/physics/lattice_experiment.hpp"
#include "experiments/registry.hpp"
#include "experiments/runner.hpp"
#include "physics/kaufman_torus.hpp"
#include "physics/onsager.hpp"
#include "tests/physics/run_lattice.hpp"

using arbiter::test_physics_mc::run_lattice;
using nlohmann::json;
namespace ex = arbiter::experiments;

namespace {
std::string config_path(const std::string& name) { return std::string(ARBITER_SOURCE_DIR) + "/configs/physics/" + name; }

std::string error_path(const json& cfg) {
  try {
    const auto loaded = ex::resolve_config(cfg, "bad.json", ".");
    ex::make_experiment(loaded, 1);
  } catch (const arbiter::core::ConfigError& e) {
    return e.json_path();
  }
  return "(no error)";
}
}  // namespace

TEST_CASE("Results are identical for any thread count", "[physics_mc][threads]") {
  for (const std::string alg : {"metropolis", "heat_bath", "wolff"}) {
    const json cfg = {{"kind", "physics.ising"}, {"sizes", {6, 8}}, {"temperatures", {1.8, 2.3, 2.9}},
                      {"algorithm", alg}, {"thermalization_sweeps", 100}, {"measurement_sweeps", 3000}, {"seed", 42}};
    const auto one = run_lattice(cfg, 1), two = run_lattice(cfg, 2), four = run_lattice(cfg, 4);
    CHECK(one.csv == two.csv);
    CHECK(one.csv == four.csv);
    CHECK(one.rows.size() == 6);
  }
  const json potts = {{"kind", "physics.potts"}, {"q", 3}, {"L", 6}, {"temperatures", {0.9, 1.1}},
                      {"measurement_sweeps", 2000}, {"thermalization_sweeps", 100}};
  CHECK(run_lattice(potts, 1).csv == run_lattice(potts, 2).csv);
}

TEST_CASE("Below T_c, <|m|> on L = 64 matches Yang's magnetisation within 2 %", "[physics_mc][yang]") {
  const std::vector<double> Ts{1.5, 1.8, 2.0, 2.1};
  const json cfg = {{"kind", "physics.ising"}, {"L", 64}, {"temperatures", Ts}, {"algorithm", "metropolis"},
                    {"thermalization_sweeps", 500}, {"measurement_sweeps", 3000}, {"seed", 2}};
  const auto run = run_lattice(cfg);
  REQUIRE(run.rows.size() == Ts.size());
  for (std::size_t i = 0; i < Ts.size(); ++i) {
    const double yang = arbiter::physics::yang_spontaneous_magnetisation(Ts[i]);
    INFO("T = " << Ts[i] << ": |m| " << run.rows[i]["abs_m_per_spin"] << " +- " << run.rows[i]["abs_m_err"]
                << ", Yang " << yang);
    CHECK(std::abs(run.rows[i]["abs_m_per_spin"] / yang - 1.0) < 0.02);
  }
  REQUIRE(run.summary.contains("yang"));
  CHECK(run.summary["yang"].size() == Ts.size());
}

TEST_CASE("Every shipped physics lattice config validates and runs in reduced form", "[physics_mc][configs]") {
  for (const std::string name :
       {"ising_4x4_check.json", "ising_finite_size.json", "ising_yang.json", "potts_q3.json", "ising_chain.json"}) {
    INFO(name);
    const auto loaded = ex::load_config(config_path(name), {"/measurement_sweeps=200", "/thermalization_sweeps=20"});
    auto e = ex::make_experiment(loaded, 2);
    while (!e->done()) e->step();
    const auto res = e->finish();
    CHECK(res.results.columns() == ex::physics_lab::lattice_result_columns());
    CHECK(res.results.size() > 0);
    const auto obs = e->observables();
    CHECK(obs.grids.size() == 1);
    CHECK(obs.plots.size() == 5);
  }
}

TEST_CASE("Far above T_c (|J| 1e-300 or 5e-324, T 1e308) the exact rows and the Kaufman comparison are finite: "
          "the high-temperature limit (the config fuzzer's findings)", "[physics_mc][errors]") {
  const double tiny[] = {1e-300, 5e-324};
  for (const double J : tiny) {
    INFO("J = " << J);
    const json exact = {{"kind", "physics.ising"}, {"L", 16}, {"J", J}, {"algorithm", "exact"},
                        {"temperatures", {1.0, 1e308}}};
    const auto run = run_lattice(exact, 1);
    REQUIRE(run.rows.size() == 2);
    for (const auto& row : run.rows) {
      CHECK(row["e_per_spin"] == Approx(-2.0 * J * J / row["T"]).margin(1e-320));
      CHECK(row["c_per_spin"] == Approx(0.0).margin(1e-300));
    }
  }
  // The Monte Carlo classroom config compares with Kaufman's torus in summary.json.
  for (const std::string& set : {std::string("/J=1e-300"), std::string("/temperatures/0=1e308")}) {
    INFO(set);
    const auto loaded = ex::load_config(std::string(ARBITER_SOURCE_DIR) + "/configs/classroom/09_physics_ising.json",
                                        {set, "/L=16", "/measurement_sweeps=100", "/thermalization_sweeps=10"});
    auto e = ex::make_experiment(loaded, 1, nullptr, ex::kBatchSliceSeconds);
    while (!e->done()) e->step();
    const auto res = e->finish();
    CHECK_NOTHROW(ex::require_finite_results(res));
    REQUIRE(res.summary.contains("kaufman_exact"));
    CHECK(res.summary["kaufman_exact"][0]["e_exact"].is_number());
  }
}

TEST_CASE("The 4x4 check config's exact twin has the same columns", "[physics_mc][configs]") {
  const auto loaded = ex::load_config(config_path("ising_4x4_check.json"), {"/algorithm=exact"});
  auto e = ex::make_experiment(loaded, 1);
  while (!e->done()) e->step();
  const auto res = e->finish();
  CHECK(res.results.columns() == ex::physics_lab::lattice_result_columns());
  CHECK(res.results.size() > 0);
}

TEST_CASE("The finite-size config's exact twin: Kaufman's torus for L = 16, 32, 64", "[physics_mc][configs]") {
  const auto loaded = ex::load_config(config_path("ising_finite_size.json"), {"/algorithm=exact"});
  auto e = ex::make_experiment(loaded, 1);
  while (!e->done()) e->step();
  const auto res = e->finish();
  REQUIRE(res.results.size() == 3 * 14);
  const auto& cols = res.results.columns();
  auto at = [&](std::size_t row, const std::string& name) {
    const auto i = static_cast<std::size_t>(std::find(cols.begin(), cols.end(), name) - cols.begin());
    const auto& cell = res.results.rows()[row][i];
    if (const auto* d = std::get_if<double>(&cell)) return *d;
    if (const auto* s = std::get_if<std::string>(&cell)) return s->empty() ? std::nan("") : -1.0;  // empty: n/a
    return static_cast<double>(std::get<std::int64_t>(cell));
  };
  for (std::size_t i = 0; i < res.results.size(); ++i) {
    const auto k = arbiter::physics::kaufman_torus_row(static_cast<int>(at(i, "L")), 1.0, at(i, "T"));
    CHECK(at(i, "e_per_spin") == k.e_per_spin);
    CHECK(at(i, "c_per_spin") == k.c_per_spin);
    CHECK(at(i, "c_err") == 0.0);
    CHECK(std::isnan(at(i, "binder")));  // Kaufman's solution has no field: the magnetisation cells are empty
  }
  // On the config's grid the exact peak sits at 2.32, 2.29, 2.28 for L = 16, 32, 64.
  const auto& peaks = res.summary["c_peaks"];
  REQUIRE(peaks.size() == 3);
  CHECK(peaks[0]["T"].get<double>() == Approx(2.32));
  CHECK(peaks[1]["T"].get<double>() == Approx(2.29));
  CHECK(peaks[2]["T"].get<double>() == Approx(2.28));
  CHECK(peaks[2]["c_per_spin"].get<double>() == Approx(2.2512).margin(1e-4));
}

namespace {
const ex::Series& first_series(const ex::Observables& o, const std::string& id) {
  const auto it = std::find_if(o.plots.begin(), o.plots.end(), [&](const ex::Plot& p) { return p.id == id; });
  REQUIRE(it != o.plots.end());
  REQUIRE_FALSE(it->series.empty());
  return it->series[0];
}
double number(const ex::Observables& o, const std::string& id) {
  const auto it = std::find_if(o.numbers.begin(), o.numbers.end(), [&](const ex::Number& n) { return n.id == id; });
  REQUIRE(it != o.numbers.end());
  return it->value;
}
}  // namespace

TEST_CASE("Live mode: one lattice, traces and a temperature changed in place by apply_live", "[physics_mc][live]") {
  const json cfg = {{"kind", "physics.ising"}, {"L", 32}, {"temperatures", {1.5}}, {"live", true}, {"seed", 9},
                    {"thermalization_sweeps", 10}, {"measurement_sweeps", 100}};
  const auto loaded = ex::resolve_config(cfg, "live.json", ".");
  auto e = ex::make_experiment(loaded, 1);
  for (int k = 0; k < 20; ++k) e->step();
  CHECK_FALSE(e->done());
  auto obs = e->observables();
  REQUIRE(obs.grids.size() == 1);
  CHECK(obs.grids[0].rows == 32);
  CHECK(obs.grids[0].values.size() == 32u * 32u);
  CHECK(first_series(obs, "energy_trace").y.size() == 20u * 64u);  // 2^16 / 1024 sweeps per step
  CHECK(first_series(obs, "energy_trace").y.back() < -1.8);         // ordered at T = 1.5
  CHECK(first_series(obs, "magnetisation_trace").y.back() > 0.9);
  CHECK(number(obs, "temperature") == 1.5);
  CHECK(number(obs, "sweeps") == 20 * 64);
  CHECK(number(obs, "t_c") == Approx(2.0 / std::log(1.0 + std::sqrt(2.0))).epsilon(1e-14));
  CHECK(number(obs, "m_min") == -1.0);

  // A live key (the temperature) changes in place: same lattice, the sweeps go on, the statistics restart.
  json hot = loaded.resolved;
  hot["temperatures"] = {10.0};
  CHECK(e->apply_live(hot));
  obs = e->observables();
  CHECK(number(obs, "temperature") == 10.0);
  CHECK(number(obs, "sweeps") == 20 * 64);
  CHECK(number(obs, "measured_sweeps") == 0);
  for (int k = 0; k < 20; ++k) e->step();
  obs = e->observables();
  CHECK(number(obs, "sweeps") == 40 * 64);
  CHECK(first_series(obs, "energy_trace").x.back() == 40 * 64);
  CHECK(first_series(obs, "energy_trace").y.back() > -0.5);  // disordered at T = 10
  // The temperature left (with its measured sweeps) is a point of C(T).
  const auto* lattice = dynamic_cast<const ex::physics_lab::LatticeExperiment*>(e.get());
  REQUIRE(lattice != nullptr);
  REQUIRE(lattice->visited_temperatures().size() == 1);
  CHECK(lattice->visited_temperatures()[0].T == 1.5);
  const auto res = e->finish();
  REQUIRE(res.results.size() == 1);
  CHECK(std::get<double>(res.results.rows()[0][1]) == 10.0);

  // Anything but the temperature asks the caller to rebuild; so does a temperature that does not resolve.
  json bigger = hot;
  bigger["L"] = 64;
  CHECK_FALSE(e->apply_live(bigger));
  json coupling = hot;
  coupling["J"] = 0.5;
  CHECK_FALSE(e->apply_live(coupling));
  json negative = hot;
  negative["temperatures"] = {-1.0};
  CHECK_FALSE(e->apply_live(negative));
  CHECK(number(e->observables(), "temperature") == 10.0);
}

TEST_CASE("A live config in a batch run ends after its sweeps with the results of the finite run",
          "[physics_mc][live]") {
  json cfg = {{"kind", "physics.ising"}, {"L", 16}, {"temperatures", {2.0}}, {"live", true}, {"seed", 5},
              {"thermalization_sweeps", 50}, {"measurement_sweeps", 400}};
  auto run = [](const json& c) {
    auto e = ex::make_experiment(ex::resolve_config(c, "batch.json", "."), 1, nullptr, ex::kBatchSliceSeconds);
    int steps = 0;
    while (!e->done() && steps < 100000) {
      e->step();
      ++steps;
    }
    CHECK(e->done());
    return e->finish().results.to_csv();
  };
  const std::string live = run(cfg);
  cfg["live"] = false;
  CHECK(live == run(cfg));
  CHECK(live.find("16,2,") != std::string::npos);
  // In a batch run there is no live view: a live change asks for a rebuild.
  cfg["live"] = true;
  const auto loaded = ex::resolve_config(cfg, "batch.json", ".");
  auto e = ex::make_experiment(loaded, 1, nullptr, ex::kBatchSliceSeconds);
  json warmer = loaded.resolved;
  warmer["temperatures"] = {2.5};
  CHECK_FALSE(e->apply_live(warmer));
}

TEST_CASE("The lattice kinds mark their temperatures live", "[physics_mc][live]") {
  for (const char* kind : {"physics.ising", "physics.potts"}) {
    const ex::ExperimentKind& k = ex::registry().find(kind);
    const auto* p = k.schema.find("/temperatures");
    REQUIRE(p != nullptr);
    CHECK(p->live);
    CHECK_FALSE(k.schema.find("/L")->live);
  }
}

TEST_CASE("Bad input is a ConfigError naming the JSON path", "[physics_mc][errors]") {
  const json base = {{"kind", "physics.ising"}, {"L", 8}, {"temperatures", {2.0}}};
  auto with = [&](const std::string& key, const json& v) {
    json c = base;
    c[key] = v;
    return c;
  };
  CHECK(error_path(with("L", 1)) == "/L");
  CHECK(error_path(with("temperatures", {2.0, -1.0})) == "/temperatures/1");
  CHECK(error_path(with("temperatures", {0.0})) == "/temperatures/0");
  CHECK(error_path(with("temperatures", json::array())) == "/temperatures");
  CHECK(error_path(with("temperatures", {{"from", 0.0}, {"to", 2.0}, {"points", 3}})) == "/temperatures/from");
  CHECK(error_path(with("algorithm", "glauber")) == "/algorithm");
  CHECK(error_path(with("measurement_sweeps", 0)) == "/measurement_sweeps");
  CHECK(error_path(with("sizes", {16, 1})) == "/sizes/1");
  // 10000 sizes (the config fuzzer's hang: a run per size and temperature, all built at once).
  CHECK(error_path(with("sizes", std::vector<int>(10000, 16))) == "/sizes");
  CHECK(error_path(with("sizes", std::vector<int>(64, 4))) == "(no error)");
  CHECK(error_path(with("dimensions", 3)) == "/dimensions");
  CHECK(error_path(with("bogus", 1)) == "/bogus");
  json wolff_field = with("algorithm", "wolff");
  wolff_field["h"] = 0.5;
  CHECK(error_path(wolff_field) == "/h");
  json exact_big = with("algorithm", "exact");
  exact_big["L"] = 40;
  exact_big["h"] = 0.1;  // no exact method for L > 10 in a field (Kaufman's torus needs h = 0)
  CHECK(error_path(exact_big) == "/L");
  exact_big["h"] = 0.0;
  exact_big["J"] = -1.0;
  exact_big["L"] = 41;  // the odd antiferromagnet is frustrated: no exact solution
  CHECK(error_path(exact_big) == "/L");
  json live = with("live", true);
  live["temperatures"] = {1.0, 2.0};
  CHECK(error_path(live) == "/temperatures");
  json potts = {{"kind", "physics.potts"}, {"q", 1}, {"L", 8}, {"temperatures", {1.0}}};
  CHECK(error_path(potts) == "/q");
  potts["q"] = 3;
  potts["algorithm"] = "exact";
  potts["L"] = 6;
  CHECK(error_path(potts) == "/L");
}
