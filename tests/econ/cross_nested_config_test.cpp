// econ.estimate's cross-nested logit through the registry: configs/econ/cross_nested_travelmode.json runs and
// reports allocations summing to 1 with equal delta-method standard errors for an alternative in two nests;
// with every alternative in one nest it gives the RUM nested logit's optimum; bad input is a ConfigError naming
// its JSON path.
#include <catch2/catch.hpp>
#include <cmath>
#include <string>

#include "core/config_error.hpp"
#include "experiments/config_loader.hpp"
#include "tests/econ/econ_config_run.hpp"

using namespace arbiter::experiments;
using namespace arbiter::test_econ;
using json = nlohmann::json;

namespace {

json base() { return econ_config("cross_nested_travelmode.json"); }

// The estimates.csv row of a parameter: estimate, std_error, robust_std_error (NaN for an empty cell).
std::vector<double> row_of(const Results& r, const std::string& name) {
  for (const auto& row : r.tables.at("estimates.csv").rows()) {
    if (std::get<std::string>(row[0]) != name) continue;
    std::vector<double> out;
    for (int i = 1; i <= 3; ++i)
      out.push_back(std::holds_alternative<double>(row[static_cast<std::size_t>(i)]) ? std::get<double>(row[static_cast<std::size_t>(i)])
                                                                                    : std::nan(""));
    return out;
  }
  FAIL("no parameter " << name);
  return {};
}

}  // namespace

TEST_CASE("configs/econ/cross_nested_travelmode.json: car's two allocations sum to 1 with one delta-method error",
          "[econ][cross_nested]") {
  const Results r = run_econ(base());
  REQUIRE(r.summary.at("converged").get<bool>());
  const auto ground = row_of(r, "alpha.car.ground"), priv = row_of(r, "alpha.car.private");
  CHECK(ground[0] + priv[0] == Approx(1.0).epsilon(1e-14));
  CHECK(ground[0] > 0.0);
  CHECK(ground[1] == Approx(priv[1]).epsilon(1e-10));
  CHECK(ground[2] == Approx(priv[2]).epsilon(1e-10));
  CHECK(std::isnan(row_of(r, "alpha.air.private")[1]));  // one nest: alpha 1, fixed
  CHECK(row_of(r, "alpha.air.private")[0] == 1.0);
  CHECK(r.summary.at("allocations").at("alpha.car.ground").get<double>() == ground[0]);
  // Nesting car twice cannot fit worse than the conditional logit it starts from.
  CHECK(r.summary.at("log_likelihood").get<double>() > r.summary.at("conditional_logit_log_likelihood").get<double>());
}

TEST_CASE("cross nests with every alternative in one nest give the RUM nested logit's optimum through the kind",
          "[econ][cross_nested]") {
  json c = base();
  c["model"]["cross_nests"] = {{"fly", {"air"}}, {"ground", {"train", "bus", "car"}}};
  c["model"]["fixed"] = {{"iv.fly", 1.0}};
  const Results r = run_econ(c);
  // tests/econ/travelmode_test.cpp: the RUM nested logit with iv.fly fixed at 1.
  CHECK(r.summary.at("log_likelihood").get<double>() == Approx(-194.9439394393).epsilon(1e-11));
  CHECK(row_of(r, "iv.ground")[0] == Approx(0.5170809984).epsilon(1e-4));
  CHECK(row_of(r, "iv.ground")[1] == Approx(0.126307).epsilon(2e-3));
  CHECK(row_of(r, "gcost")[0] == Approx(-0.0150636743).epsilon(1e-4));
}

TEST_CASE("bad cross-nested input is a ConfigError naming the JSON path", "[econ][cross_nested]") {
  auto with = [&](const std::string& pointer, const json& value) {
    json c = base();
    c[json::json_pointer(pointer)] = value;
    return c;
  };
  CHECK(econ_error_path(with("/model/cross_nests", {{"ground", {"train", "bus", "car"}}})) == "/model/cross_nests");
  CHECK(econ_error_path(with("/model/cross_nests/ground", {"train", "ship"})) == "/model/cross_nests/ground");
  CHECK(econ_error_path(with("/model/cross_nests/ground", json::array())) == "/model/cross_nests/ground");
  CHECK(econ_error_path(with("/model/fixed", {{"alpha.car.ground", 1.5}})) == "/model/fixed/alpha.car.ground");
  CHECK(econ_error_path(with("/model/fixed", {{"alpha.car.ground", -0.1}})) == "/model/fixed/alpha.car.ground");
  CHECK(econ_error_path(with("/model/fixed", {{"alpha.car.ground", 0.3}, {"alpha.car.private", 0.3}})) ==
        "/model/fixed/alpha.car.ground");
  CHECK(econ_error_path(with("/model/start", {{"alpha.air.ground", 0.5}})) == "/model/start/alpha.air.ground");
  CHECK(econ_error_path(with("/model/nests", {{"fly", {"air"}}})) == "/model/nests");
  CHECK(econ_error_path(with("/model/nest_form", "unscaled")) == "/model/nest_form");
  CHECK(econ_error_path(base()).empty());
}

TEST_CASE("the cross-nested logit's willingness to pay is -b_attribute / b_cost with its delta-method error",
          "[econ][cross_nested][wtp]") {
  json c = base();
  c["wtp"] = {{"cost", "gcost"}, {"attributes", {"wait"}}};
  const Results r = run_econ(c);
  REQUIRE(r.tables.count("wtp.csv") == 1);
  const auto& w = r.tables.at("wtp.csv");
  REQUIRE(w.size() == 1);
  const auto wait = row_of(r, "wait"), gcost = row_of(r, "gcost");
  const double value = std::get<double>(w.rows()[0][2]), se = std::get<double>(w.rows()[0][3]);
  CHECK(value == Approx(-wait[0] / gcost[0]).epsilon(1e-14));
  // The delta method's bounds from the two standard errors alone: |g_a| s_a - |g_c| s_c <= se <= |g_a| s_a + |g_c| s_c.
  const double ga = std::abs(1.0 / gcost[0]) * wait[1], gc = std::abs(wait[0] / (gcost[0] * gcost[0])) * gcost[1];
  CHECK(se >= std::abs(ga - gc) - 1e-12);
  CHECK(se <= ga + gc + 1e-12);
  CHECK(r.summary.at("willingness_to_pay").at("wait").at("value").get<double>() == value);
  // Every free generic coefficient by default; an unknown one names its path.
  json all = base();
  all["wtp"] = {{"cost", "gcost"}};
  CHECK(run_econ(all).tables.at("wtp.csv").size() == 2);  // wait and income.air
  all["wtp"]["attributes"] = {"speed"};
  CHECK(econ_error_path(all) == "/wtp/attributes/0");
}
