// Kind physics.levels through the registry: every configs/physics levels config runs and matches its closed
// form; bad configs are ConfigErrors naming the JSON path. Also the 4 x 4 exact Ising config.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <variant>
#include <functional>
#include <string>

#include "core/config_error.hpp"
#include "experiments/config_loader.hpp"
#include "physics/ising_exact.hpp"
#include "physics/level_families.hpp"

using namespace arbiter;
using json = nlohmann::json;

namespace {

experiments::Results run(const experiments::LoadedConfig& cfg) {
  auto exp = experiments::make_experiment(cfg, 1);
  while (!exp->done()) exp->step();
  const auto obs = exp->observables();
  CHECK_FALSE(obs.plots.empty());
  return exp->finish();
}

experiments::Results run_file(const std::string& name, const std::vector<std::string>& overrides = {}) {
  return run(experiments::load_config(std::string(ARBITER_SOURCE_DIR) + "/configs/physics/" + name, overrides));
}

std::size_t column(const core::Table& t, const std::string& name) {
  const auto& c = t.columns();
  const auto it = std::find(c.begin(), c.end(), name);
  REQUIRE(it != c.end());
  return static_cast<std::size_t>(it - c.begin());
}

double num(const core::Table& t, std::size_t row, const std::string& name) {
  return std::get<double>(t.rows()[row][column(t, name)]);
}

std::string config_error_path(json cfg) {
  try {
    run(experiments::resolve_config(std::move(cfg), "bad.json", "."));
  } catch (const core::ConfigError& e) {
    return e.json_path();
  }
  return "(no ConfigError)";
}

}  // namespace

TEST_CASE("configs/physics/schottky.json: the C_v peak at T = 0.417 Delta, height 0.439", "[physics][levels_kind]") {
  const auto r = run_file("schottky.json");
  const auto& t = r.results;
  REQUIRE(t.size() == 150);
  for (std::size_t i = 0; i < t.size(); ++i) {
    CHECK(num(t, i, "C_v") == Approx(num(t, i, "C_v_closed_form")).margin(1e-12));
    CHECK(num(t, i, "pop_0") + num(t, i, "pop_1") == Approx(1.0).epsilon(1e-14));
    CHECK(num(t, i, "F") == Approx(num(t, i, "U") - num(t, i, "T") * num(t, i, "S")).margin(1e-12));
  }
  CHECK(r.summary["heat_capacity_peak"]["T"].get<double>() == Approx(0.4168).margin(0.02));
  CHECK(r.summary["heat_capacity_peak"]["C_v"].get<double>() == Approx(0.4392).margin(1e-3));
  CHECK(r.summary["levels"].size() == 2);
}

TEST_CASE("configs/physics/harmonic_oscillator.json agrees with the untruncated closed form", "[physics][levels_kind]") {
  // 120 levels: the truncation error of U, n w^n / (1 - w^n) with w = e^{-1/T}, is below 1.2e-11 for T <= 4.
  // (With the 40 levels the config once had it reached 1.8e-3 at T = 4, so the config, not the sum, was off.)
  const auto r = run_file("harmonic_oscillator.json");
  const auto& t = r.results;
  REQUIRE(t.size() == 80);
  for (std::size_t i = 0; i < t.size(); ++i) {
    CHECK(num(t, i, "U") == Approx(num(t, i, "U_closed_form")).margin(2e-11));
    CHECK(num(t, i, "C_v") == Approx(num(t, i, "C_v_closed_form")).margin(1e-9));
  }
  CHECK(column(t, "pop_119") > 0);
  CHECK(num(t, t.size() - 1, "C_v") == Approx(1.0).margin(0.006));  // equipartition approached at T = 4
  // Truncated to n = 10 levels the sum is off by exactly the geometric tail: U_inf - U_n = n w^n / (1 - w^n).
  const auto few = run_file("harmonic_oscillator.json", {"/oscillator/levels=10", "/temperatures=[0.5, 1, 2, 4]"});
  for (std::size_t i = 0; i < few.results.size(); ++i) {
    const double w = std::exp(-1.0 / num(few.results, i, "T")), wn = std::pow(w, 10);
    const double tail = 10 * wn / (1 - wn);
    CHECK(num(few.results, i, "U_closed_form") - num(few.results, i, "U") == Approx(tail).epsilon(1e-9).margin(1e-14));
  }
}

TEST_CASE("configs/physics/paramagnet.json: M = N mu tanh(mu B / T)", "[physics][levels_kind]") {
  const auto r = run_file("paramagnet.json");
  const auto& t = r.results;
  REQUIRE(t.size() == 100);
  for (std::size_t i = 0; i < t.size(); ++i)
    CHECK(num(t, i, "M") == Approx(100 * std::tanh(1.0 / num(t, i, "T"))).epsilon(1e-12));
  // A Brillouin spin-7/2 variant through overrides.
  const auto b = run_file("paramagnet.json", {"/paramagnet/spin=3.5", "/temperatures=[0.5, 1, 2]"});
  for (std::size_t i = 0; i < b.results.size(); ++i)
    CHECK(num(b.results, i, "M") ==
          Approx(100 * physics::brillouin(3.5, 1.0 / num(b.results, i, "T"))).epsilon(1e-11));
}

TEST_CASE("configs/physics/einstein_solid.json: 10 x one oscillator, Dulong-Petit C_v -> 10", "[physics][levels_kind]") {
  const auto r = run_file("einstein_solid.json");
  const auto& t = r.results;
  REQUIRE(t.size() == 100);
  for (std::size_t i = 0; i < t.size(); ++i) {
    const double T = num(t, i, "T");
    CHECK(num(t, i, "C_v") == Approx(num(t, i, "C_v_closed_form")).margin(1e-9));
    CHECK(num(t, i, "U") == Approx(10 * physics::harmonic_oscillator_closed_form(1.0, T).mean_energy).epsilon(1e-11));
  }
  // At T = 5 (x = 0.2): C_v = 10 x^2 e^x / (e^x - 1)^2 = 9.9667, approaching N = 10.
  const double x = 0.2, ex = std::exp(x);
  CHECK(num(t, t.size() - 1, "C_v") == Approx(10 * x * x * ex / ((ex - 1) * (ex - 1))).epsilon(1e-10));
}

TEST_CASE("configs/physics/paramagnet_brillouin.json: M = N mu B_{7/2}(mu B / T) and Curie's law", "[physics][levels_kind]") {
  const auto r = run_file("paramagnet_brillouin.json");
  const auto& t = r.results;
  REQUIRE(t.size() == 120);
  for (std::size_t i = 0; i < t.size(); ++i)
    CHECK(num(t, i, "M") == Approx(1000 * physics::brillouin(3.5, 1.0 / num(t, i, "T"))).epsilon(1e-11));
  // Near saturation at T = 0.05 (x = 20): 1 - B_J(x) = e^{-x/J} / J (1 + O(e^{-x/J})), the m = J - 1 level.
  CHECK(1000.0 - num(t, 0, "M") == Approx(1000.0 / 3.5 * std::exp(-20.0 / 3.5)).epsilon(0.01));
  // T = 20: M = N (J + 1) x / (3 J) (1 - O(x^2)), x = 0.05.
  CHECK(num(t, t.size() - 1, "M") == Approx(1000 * 4.5 / 10.5 * 0.05).epsilon(2e-3));
  CHECK(r.summary["levels"].size() == 8);
}

TEST_CASE("physics.levels: a level list and the Einstein solid through the registry", "[physics][levels_kind]") {
  json cfg = {{"kind", "physics.levels"},
              {"family", "levels"},
              {"levels", {{"energies", {0.0, 1.0, 1e6}}, {"degeneracies", {1, 2, 3}}}},
              {"temperatures", {0.5, 1.0}}};
  const auto r = run(experiments::resolve_config(cfg, "list.json", "."));
  CHECK(num(r.results, 0, "pop_2") == 0.0);
  // No closed form for a plain level list: the cell is empty, never "nan".
  CHECK(std::get<std::string>(r.results.rows()[0][column(r.results, "C_v_closed_form")]).empty());
  json e = {{"kind", "physics.levels"},
            {"family", "einstein_solid"},
            {"einstein", {{"oscillators", 4}, {"max_quanta", 400}}},
            {"temperatures", {{"from", 0.2}, {"to", 3.0}, {"points", 5}}}};
  const auto s = run(experiments::resolve_config(e, "einstein.json", "."));
  for (std::size_t i = 0; i < s.results.size(); ++i)
    CHECK(num(s.results, i, "C_v") == Approx(num(s.results, i, "C_v_closed_form")).margin(1e-9));
}

TEST_CASE("physics.levels: bad configs name the JSON path", "[physics][levels_kind][errors]") {
  const json base = {{"kind", "physics.levels"}, {"family", "levels"}, {"levels", {{"energies", {0.0, 1.0}}}}};
  auto with = [&](const std::string& ptr, json v) {
    json c = base;
    c[json::json_pointer(ptr)] = std::move(v);
    return c;
  };
  CHECK(config_error_path(with("/levels/energies", json::array())) == "/levels/energies");
  CHECK(config_error_path(with("/levels/degeneracies", {1.0, 0.0})) == "/levels/degeneracies/1");
  CHECK(config_error_path(with("/levels/degeneracies", {1.0})) == "/levels/degeneracies");
  CHECK(config_error_path(with("/temperatures", {1.0, -2.0})) == "/temperatures/1");
  CHECK(config_error_path(with("/temperatures", {0.0})) == "/temperatures/0");
  CHECK(config_error_path(with("/temperature", 0.0)) == "/temperature");
  CHECK(config_error_path(with("/levels/energies", {0.0, "x"})).rfind("/levels/energies", 0) == 0);
  const json spin = {{"kind", "physics.levels"}, {"family", "paramagnet"}, {"paramagnet", {{"spin", 0.7}}}};
  CHECK(config_error_path(spin) == "/paramagnet/spin");
  CHECK(config_error_path(with("/bogus", 1)) == "/bogus");
}

TEST_CASE("configs/physics/ising_exact_4x4.json: the exact kind equals the enumeration", "[physics][levels_kind]") {
  const auto r = run_file("ising_exact_4x4.json");
  const auto& t = r.results;
  REQUIRE(t.size() == 31);
  const physics::IsingDensityOfStates dos(4);
  for (std::size_t i = 0; i < t.size(); i += 5) {
    const auto row = dos.row(1.0, 0.0, num(t, i, "T"));
    CHECK(num(t, i, "e_per_spin") == Approx(row.e_per_spin).margin(1e-12));
    CHECK(num(t, i, "c_per_spin") == Approx(row.c_per_spin).margin(1e-12));
    CHECK(num(t, i, "abs_m_per_spin") == Approx(row.abs_m_per_spin).margin(1e-12));
    CHECK(num(t, i, "chi_per_spin") == Approx(row.chi_per_spin).margin(1e-12));
    CHECK(num(t, i, "binder") == Approx(row.binder).margin(1e-12));
    CHECK(num(t, i, "e_err") == 0.0);
  }
}

TEST_CASE("physics.levels: the builders' argument errors read as the CLI printed them, at the family's path",
          "[physics][levels_kind][errors]") {
  auto message = [](const json& cfg) -> std::string {
    try {
      experiments::make_experiment(experiments::resolve_config(cfg, "bad.json", "."), 1);
    } catch (const core::ConfigError& e) {
      return e.in_file("bad.json").what();
    }
    return "(no ConfigError)";
  };
  const json mismatch = {{"kind", "physics.levels"},
                         {"family", "levels"},
                         {"levels", {{"energies", {0.0, 1.0, 2.0}}, {"degeneracies", {1.0, 2.0}}}}};
  CHECK(message(mismatch) == "bad.json: /levels/degeneracies: expected one degeneracy per level (3), got 2 values");
  const json zero = {{"kind", "physics.levels"},
                     {"family", "levels"},
                     {"levels", {{"energies", {0.0, 1.0}}, {"degeneracies", {1.0, 0.0}}}}};
  CHECK(message(zero) == "bad.json: /levels/degeneracies/1: expected a finite degeneracy > 0, got 0");
  const json quanta = {{"kind", "physics.levels"},
                       {"family", "einstein_solid"},
                       {"einstein", {{"oscillators", 100000}, {"max_quanta", 100000}}}};
  CHECK(message(quanta) == "bad.json: /einstein/max_quanta: expected few enough quanta for finite degeneracies "
                           "C(q + N - 1, q), got 1e+05");
  const json spin = {{"kind", "physics.levels"}, {"family", "paramagnet"}, {"paramagnet", {{"spin", 0.3}}}};
  CHECK(message(spin) == "bad.json: /paramagnet/spin: expected a spin J in {1/2, 1, 3/2, ...} up to 500, got 0.3");
}

TEST_CASE("physics.levels: the shown temperature changes in place by apply_live", "[physics][levels_kind][live]") {
  const auto loaded = experiments::resolve_config(
      json{{"kind", "physics.levels"}, {"family", "two_level"}, {"temperature", 0.5}, {"temperatures", {0.5, 1.0}}},
      "live.json", ".");
  auto e = experiments::make_experiment(loaded, 1);
  while (!e->done()) e->step();
  auto value = [&](const std::string& id) {
    for (const auto& n : e->observables().numbers)
      if (n.id == id) return n.value;
    FAIL("no number " << id);
    return 0.0;
  };
  CHECK(value("temperature") == 0.5);
  json warmer = loaded.resolved;
  warmer["temperature"] = 2.0;
  REQUIRE(e->apply_live(warmer));
  CHECK(value("temperature") == 2.0);
  // Two levels, gap 1 at T = 2: Z = 1 + e^{-1/2}, U = e^{-1/2} / Z.
  CHECK(value("z") == Approx(1.0 + std::exp(-0.5)).epsilon(1e-12));
  CHECK(value("mean_energy") == Approx(std::exp(-0.5) / (1.0 + std::exp(-0.5))).epsilon(1e-12));
  CHECK(e->finish().results.size() == 2);  // the grid is unchanged
  json other = warmer;
  other["two_level"]["gap"] = 2.0;
  CHECK_FALSE(e->apply_live(other));
  json bad = warmer;
  bad["temperature"] = -1.0;
  CHECK_FALSE(e->apply_live(bad));
  CHECK(value("temperature") == 2.0);
}
