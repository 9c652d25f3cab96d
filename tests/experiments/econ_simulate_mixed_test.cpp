// econ.simulate's random tastes through the registry: configs/econ/simulate_mixed_panel.json writes exactly the
// shipped configs/econ/mixed_panel_choices.csv (which mixed_logit_simulated.json estimates), a simulated panel
// mixed logit of 1000 people x 8 situations is recovered by econ.estimate (every mean and spread within three
// standard errors of the truth: a normal price; a normal price and a neg_lognormal time for two more seeds),
// each bad /random or spread is a ConfigError naming its JSON path, and econ.estimate's willingness to pay for
// the mixed logit (fixed and random cost) and per latent class. Latent classes: simulate_latent_panel.json writes
// exactly the shipped latent_panel_choices.csv, and a simulated 1000 x 8 two-class panel is recovered by the
// latent-class logit (class-specific coefficients, shared constants and the membership constant) for three seeds.
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <unistd.h>

#include "core/config_error.hpp"
#include "experiments/config_loader.hpp"
#include "tests/econ/econ_config_run.hpp"

using namespace arbiter::experiments;
using namespace arbiter::test_econ;
using json = nlohmann::json;

namespace {

std::string file_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The estimates.csv value of a parameter in column `col` (1: estimate, 2: std_error).
double estimate_of(const Results& r, const std::string& name, std::size_t col) {
  for (const auto& row : r.tables.at("estimates.csv").rows())
    if (std::get<std::string>(row[0]) == name) return std::get<double>(row[col]);
  FAIL("no parameter " << name);
  return 0.0;
}

}  // namespace

TEST_CASE("simulate_mixed_panel.json writes exactly the shipped mixed_panel_choices.csv", "[econ_simulate]") {
  const auto r = run_econ(econ_config("simulate_mixed_panel.json"));
  REQUIRE(r.tables.count("choices.csv") == 1);
  const auto& t = r.tables.at("choices.csv");
  CHECK(t.columns() == std::vector<std::string>{"situation", "person", "alternative", "choice", "price", "time"});
  CHECK(t.size() == 6000);
  CHECK(t.to_csv() == file_text(kConfigDir + "/mixed_panel_choices.csv"));
  CHECK(r.summary.at("people").get<int>() == 250);
  CHECK(r.summary.at("identified_coefficients").at("sd.price").get<double>() == 0.6);
  CHECK(r.tables.count("recovery.csv") == 0);
}

namespace {

// Simulates `sim`, writes its choices.csv to a temporary folder, estimates it with `est` and checks every
// identified coefficient (means and spreads, or class coefficients and shares) within three standard errors of
// the truth, each standard error below `largest_se`.
void check_recovery(const json& sim, json est, double largest_se = 0.15) {
  const auto simulated = run_econ(sim);
  // One folder per process and seed: ctest runs the test cases of this file in parallel.
  const auto dir = std::filesystem::temp_directory_path() /
                   ("arbiter_econ_simulate_mixed_test_" + std::to_string(::getpid()) + "_" +
                    std::to_string(sim.value("seed", 0)));
  std::filesystem::create_directories(dir);
  const std::string data = (dir / "choices.csv").string();
  {
    std::ofstream out(data, std::ios::binary);
    out << simulated.tables.at("choices.csv").to_csv();
  }
  est["data"] = data;
  const auto fit = run_econ(est);
  std::filesystem::remove_all(dir);
  REQUIRE(fit.summary.at("converged").get<bool>());
  CHECK(fit.summary.at("n_people").get<int>() == 1000);
  const json truth = simulated.summary.at("identified_coefficients");
  // Every mean and spread, or every class coefficient and the membership constants.
  CHECK(truth.size() == sim.at("coefficients").size() + (sim.contains("classes") ? sim["classes"]["names"].size() - 1 : 0));
  for (auto it = truth.begin(); it != truth.end(); ++it) {
    // A spread's sign is not identified (only |sd| enters the distribution).
    const bool spread = it.key().rfind("sd.", 0) == 0;
    const double e = estimate_of(fit, it.key(), 1), se = estimate_of(fit, it.key(), 2);
    INFO("seed " << sim.value("seed", 0) << ", " << it.key() << ": estimate " << e << ", std. error " << se
                 << ", true " << it.value());
    CHECK(std::abs((spread ? std::abs(e) : e) - it.value().get<double>()) < 3.0 * se);
    CHECK(se < largest_se);
  }
}

}  // namespace

TEST_CASE("a simulated 1000 x 8 panel mixed logit (normal price) is recovered by econ.estimate within 3 std. errors",
          "[econ_simulate]") {
  json sim = econ_config("simulate_mixed_panel.json");
  sim["situations"] = 8000;
  check_recovery(sim, econ_config("mixed_logit_simulated.json"));
}

TEST_CASE("normal price and neg_lognormal time tastes are recovered within 3 std. errors for two seeds",
          "[econ_simulate]") {
  for (int seed : {1, 2}) {
    json sim = econ_config("simulate_mixed_panel.json");
    sim["seed"] = seed;
    sim["situations"] = 8000;
    sim["random"]["time"] = "neg_lognormal";  // time = -exp(-0.2 + 0.5 z)
    sim["coefficients"]["time"] = -0.2;
    sim["coefficients"]["sd.time"] = 0.5;
    json est = econ_config("mixed_logit_simulated.json");
    est["model"]["random"]["time"] = "neg_lognormal";
    check_recovery(sim, est);
  }
}

TEST_CASE("simulate_latent_panel.json writes exactly the shipped latent_panel_choices.csv", "[econ_simulate]") {
  const auto r = run_econ(econ_config("simulate_latent_panel.json"));
  CHECK(r.tables.at("choices.csv").to_csv() == file_text(kConfigDir + "/latent_panel_choices.csv"));
  CHECK(r.summary.at("people").get<int>() == 300);
  const json per_class = r.summary.at("people_per_class");
  CHECK(per_class.at("a").get<int>() + per_class.at("b").get<int>() == 300);
  CHECK(r.summary.at("identified_coefficients").at("class.b").get<double>() == Approx(std::log(0.4 / 0.6)).epsilon(1e-15));
  CHECK(r.summary.at("identified_coefficients").at("price.b").get<double>() == -0.4);
}

TEST_CASE("a simulated 1000 x 8 panel with two latent classes is recovered by econ.estimate within 3 std. errors, "
          "three seeds", "[econ_simulate]") {
  for (int seed : {1, 2, 3}) {
    json sim = econ_config("simulate_latent_panel.json");
    sim["seed"] = seed;
    sim["situations"] = 8000;
    check_recovery(sim, econ_config("latent_class_simulated.json"), 0.2);
  }
}

TEST_CASE("econ.simulate: a bad /classes is a ConfigError naming the JSON path", "[econ_simulate]") {
  const json good = econ_config("simulate_latent_panel.json");
  CHECK(econ_error_path(good).empty());
  json bad = good;
  bad["classes"]["names"] = {"a", "a"};
  CHECK(econ_error_path(bad) == "/classes/names");
  bad = good;
  bad["classes"]["shares"] = {0.6, 0.6};  // not summing to 1
  CHECK(econ_error_path(bad) == "/classes/shares");
  bad = good;
  bad["classes"]["shares"] = {1.0};  // one share for two classes
  CHECK(econ_error_path(bad) == "/classes/shares");
  bad = good;
  bad["coefficients"].erase("time.b");  // a class without its value
  CHECK(econ_error_path(bad) == "/coefficients");
  bad = good;
  bad["coefficients"]["price"] = -1.0;  // a shared value beside the class values
  CHECK(econ_error_path(bad) == "/coefficients/price");
  bad = good;
  bad["classes"]["specific"] = {"time"};  // price.a is then a class value of a coefficient not listed
  CHECK(econ_error_path(bad) == "/coefficients/price.a");
  bad = good;
  bad["classes"]["names"] = {"a", "bus"};  // price.bus would read as a bus-specific price
  CHECK(econ_error_path(bad) == "/classes/names/1");
  bad = good;
  bad["random"] = {{"asc.bus", "normal"}};
  bad["coefficients"]["sd.asc.bus"] = 0.5;
  bad["classes"]["specific"] = {"price", "time", "asc.bus"};
  bad["coefficients"].erase("asc.bus");
  bad["coefficients"]["asc.bus.a"] = -0.2;
  bad["coefficients"]["asc.bus.b"] = -0.1;
  CHECK(econ_error_path(bad) == "/random/asc.bus");  // random and class-specific at once: no shared asc.bus
  bad = good;
  bad["estimate"] = true;  // the recovery fit is a conditional logit
  CHECK(econ_error_path(bad) == "/estimate");
}

TEST_CASE("econ.simulate: a bad random coefficient or spread is a ConfigError naming the JSON path", "[econ_simulate]") {
  const json good = econ_config("simulate_mixed_panel.json");
  CHECK(econ_error_path(good).empty());
  json bad = good;
  bad["random"]["speed"] = "normal";  // not a coefficient
  CHECK(econ_error_path(bad) == "/random/speed");
  bad = good;
  bad["random"]["price"] = "gamma";  // no such distribution
  CHECK(econ_error_path(bad) == "/random/price");
  bad = good;
  bad["coefficients"]["sd.time"] = 0.2;  // time is not random
  CHECK(econ_error_path(bad) == "/coefficients/sd.time");
  bad = good;
  bad["coefficients"]["sd.price"] = -0.6;
  CHECK(econ_error_path(bad) == "/coefficients/sd.price");
  bad = good;
  bad["coefficients"].erase("sd.price");
  CHECK(econ_error_path(bad) == "/coefficients");
  bad = good;
  bad["estimate"] = true;  // the recovery fit is a conditional logit
  CHECK(econ_error_path(bad) == "/estimate");
  bad = good;
  bad["attributes"]["person"] = {{"mean", 1.0}};  // clashes with choices.csv's person column
  CHECK(econ_error_path(bad) == "/attributes/person");
  bad = good;
  bad["random"]["sd.price"] = "normal";  // a spread is not a coefficient
  CHECK(econ_error_path(bad) == "/random/sd.price");
  bad = good;
  bad["situations_per_person"] = 0;
  CHECK(econ_error_path(bad) == "/situations_per_person");
  // A lognormal taste that overflows is a failed run (exit 1) naming the keys to lower, not an infinite utility.
  bad = good;
  bad["random"]["price"] = "lognormal";
  bad["coefficients"]["sd.price"] = 1000.0;
  CHECK(econ_error_path(bad).empty());
  CHECK_THROWS_AS(run_econ(bad), arbiter::core::RunError);
}

TEST_CASE("econ.estimate's mixed-logit wtp.csv is the ratio of the estimated means, with a fixed or a random cost",
          "[econ_simulate][wtp]") {
  // A fixed cost (time): -E[b_price] / b_time, E[b_price] the normal mean.
  json c = econ_config("mixed_logit_simulated.json");
  c["wtp"] = {{"cost", "time"}, {"attributes", {"price"}}};
  const auto fixed_cost = run_econ(c);
  REQUIRE(fixed_cost.tables.count("wtp.csv") == 1);
  const auto& w = fixed_cost.tables.at("wtp.csv");
  REQUIRE(w.size() == 1);
  const double price = estimate_of(fixed_cost, "price", 1), time = estimate_of(fixed_cost, "time", 1);
  CHECK(std::get<double>(w.rows()[0][2]) == Approx(-price / time).epsilon(1e-14));
  const double se = std::get<double>(w.rows()[0][3]);
  CHECK(se > 0.0);
  CHECK(se < std::abs(price / time));
  CHECK(fixed_cost.summary.at("willingness_to_pay").at("price").at("std_error").get<double>() == se);
  CHECK_FALSE(fixed_cost.summary.at("willingness_to_pay_cost_random").get<bool>());
  // A random cost (price, normal): still the ratio of means, and the report says so.
  c["wtp"] = {{"cost", "price"}, {"attributes", {"time"}}};
  const auto random_cost = run_econ(c);
  CHECK(random_cost.summary.at("willingness_to_pay_cost_random").get<bool>());
  CHECK(random_cost.summary.at("willingness_to_pay").at("time").at("value").get<double>() ==
        Approx(-time / price).epsilon(1e-14));
  CHECK(random_cost.report.find("not the mean of the ratio") != std::string::npos);
}

TEST_CASE("econ.estimate's latent-class wtp.csv gives each class's ratio with delta-method errors", "[econ_simulate][wtp]") {
  json c = econ_config("latent_class_electricity.json");
  c["wtp"] = {{"cost", "pf"}, {"attributes", {"cl", "loc"}}};
  const auto r = run_econ(c);
  REQUIRE(r.tables.count("wtp.csv") == 1);
  const auto& w = r.tables.at("wtp.csv");
  CHECK(w.columns() == std::vector<std::string>{"attribute", "cost", "class", "wtp", "std_error", "robust_std_error",
                                                "z_value", "p_value", "ci_low", "ci_high"});
  REQUIRE(w.size() == 4);
  for (const auto& row : w.rows()) {
    const std::string a = std::get<std::string>(row[0]), k = std::get<std::string>(row[2]);
    // pf and cl are class-specific (COEF.CLASS), loc is shared.
    const double b_a = estimate_of(r, a == "cl" ? "cl." + k : a, 1), b_c = estimate_of(r, "pf." + k, 1);
    INFO(a << " in class " << k);
    CHECK(std::get<double>(row[3]) == Approx(-b_a / b_c).epsilon(1e-14));
    CHECK(std::get<double>(row[4]) > 0.0);
    CHECK(r.summary.at("willingness_to_pay").at(k).at(a).at("value").get<double>() == std::get<double>(row[3]));
  }
}
