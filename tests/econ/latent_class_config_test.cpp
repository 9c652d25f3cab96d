// econ.estimate's latent-class logit through the registry: configs/econ/latent_class_electricity.json runs,
// fits at least as well as the conditional logit, writes each person's posterior class probabilities and the
// class shares; one class through the kind is the conditional logit; bad input is a ConfigError naming its
// JSON path.
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

json base() { return econ_config("latent_class_electricity.json"); }

}  // namespace

TEST_CASE("configs/econ/latent_class_electricity.json: posteriors per person, shares, better than one class",
          "[econ][latent_class]") {
  const Results r = run_econ(base());
  REQUIRE(r.summary.at("converged").get<bool>());
  CHECK(r.summary.at("n_people").get<int>() == 361);
  const json& shares = r.summary.at("class_shares");
  CHECK(shares.at("a").get<double>() + shares.at("b").get<double>() == Approx(1.0).epsilon(1e-12));
  const auto& ind = r.tables.at("individual.csv");
  REQUIRE(ind.rows().size() == 361);
  CHECK(std::get<std::string>(ind.rows()[0][0]) == "1");
  for (const auto& row : ind.rows()) CHECK(std::get<double>(row[1]) + std::get<double>(row[2]) == Approx(1.0).epsilon(1e-12));
  // Two classes with pf and cl class-specific: 3 more parameters than the conditional logit, and a better fit.
  CHECK(r.summary.at("n_parameters").get<int>() == 9);
  CHECK(r.summary.at("log_likelihood").get<double>() >
        r.summary.at("conditional_logit_log_likelihood").get<double>() + 10.0);
}

TEST_CASE("one latent class through the kind is the conditional logit", "[econ][latent_class]") {
  json c = base();
  c["model"]["classes"] = {{"names", {"all"}}, {"specific", {"pf"}}};
  const Results r = run_econ(c);
  CHECK(r.summary.at("log_likelihood").get<double>() ==
        Approx(r.summary.at("conditional_logit_log_likelihood").get<double>()).epsilon(1e-12));
  CHECK(r.summary.at("class_shares").at("all").get<double>() == 1.0);
}

TEST_CASE("bad latent-class input is a ConfigError naming the JSON path", "[econ][latent_class]") {
  auto with = [&](const std::string& pointer, const json& value) {
    json c = base();
    c[json::json_pointer(pointer)] = value;
    return c;
  };
  CHECK(econ_error_path(with("/model/classes/names", {"a", "b", "a"})) == "/model/classes/names/2");
  CHECK(econ_error_path(with("/model/classes/names", json::array())) == "/model/classes/names");
  CHECK(econ_error_path(with("/model/classes/specific", {"price"})) == "/model/classes/specific/0");
  CHECK(econ_error_path(with("/model/classes/fixed", {{"pf.c", 0.0}})) == "/model/classes/fixed/pf.c");
  CHECK(econ_error_path(with("/model/classes/fixed", {{"pf.a", "zero"}})) == "/model/classes/fixed/pf.a");
  CHECK(econ_error_path(with("/model/classes/membership", {"pf"})) == "/model/classes/membership/0");
  // A membership variable the data lacks: the data file's header is named, as for any model variable.
  try {
    run_econ(with("/model/classes/membership", {"income"}));
    FAIL("no error");
  } catch (const arbiter::core::ConfigError& e) {
    CHECK_THAT(e.what(), Catch::Contains("electricity_long.csv:1: column income: no such column"));
  }
  CHECK(econ_error_path(with("/columns/individual", "")) == "/model/panel");
  CHECK(econ_error_path(with("/model/random", {{"pf", "normal"}})) == "/model/random");
  CHECK(econ_error_path(base()).empty());
}

TEST_CASE("latent class: /estimation/starts sets how many spreads are fitted (3 when absent), the best kept",
          "[econ][latent_class]") {
  const Results three = run_econ(base());
  CHECK(three.summary.at("starts").at("count").get<int>() == 3);
  json c = base();
  c["estimation"]["starts"] = 1;
  const Results one = run_econ(c);
  CHECK(one.summary.at("starts").at("count").get<int>() == 1);
  c["estimation"]["starts"] = 5;
  const Results five = run_econ(c);
  CHECK(five.summary.at("starts").at("count").get<int>() == 5);
  CHECK(five.summary.at("starts").at("reached_best").get<int>() >= 1);
  // The first three starts are the default's, so five starts find an optimum at least as good.
  const double ll3 = three.summary.at("log_likelihood").get<double>(), ll5 = five.summary.at("log_likelihood").get<double>();
  CHECK(ll5 >= ll3);
  CHECK(ll3 >= one.summary.at("log_likelihood").get<double>());
  c["estimation"]["starts"] = 0;
  CHECK(econ_error_path(c) == "/estimation/starts");
  // Without classes or random coefficients the key has no meaning.
  json clogit = base();
  clogit["model"].erase("classes");
  clogit["model"].erase("panel");
  clogit["estimation"]["starts"] = 2;
  CHECK(econ_error_path(clogit) == "/estimation/starts");
}
