// econ.estimate's mixed logit through the registry: configs/econ/mixed_logit_electricity*.json at the published
// estimates give xlogit's and mlogit's simulated log-likelihoods (Train's Electricity panel), a fit from the
// conditional-logit start reaches the published optimum or a better one, individual.csv holds each person's
// conditional means, and each bad input of the list is a ConfigError naming its JSON path.
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/config_error.hpp"
#include "experiments/config_loader.hpp"
#include "tests/econ/econ_config_run.hpp"

using namespace arbiter::experiments;
using namespace arbiter::test_econ;
using json = nlohmann::json;

namespace {

json published(const std::string& file) {
  std::ifstream in(std::string(ARBITER_TEST_DATA) + "/" + file);
  return json::parse(in);
}

// The config evaluated at a published solution: /model/start as given, no iteration.
json at_published(json c, const std::string& file) {
  const json j = published(file);
  for (auto it = j.at("parameters").begin(); it != j.at("parameters").end(); ++it) {
    std::string name = it.key();
    if (name.rfind("chol.", 0) == 0) name[name.find(':')] = '.';
    c["model"]["start"][name] = it.value().at("value");
  }
  c["estimation"]["start"] = "given";
  c["estimation"]["max_iterations"] = 0;
  return c;
}

}  // namespace

TEST_CASE("configs/econ/mixed_logit_electricity.json at xlogit's README estimates gives its LL -3888.413",
          "[econ][mixed_logit]") {
  const Results r =
      run_econ(at_published(econ_config("mixed_logit_electricity.json"), "xlogit_readme_electricity_R600.json"));
  CHECK(r.summary.at("log_likelihood").get<double>() == Approx(-3888.413414).margin(1e-3));
  CHECK(r.summary.at("n_situations").get<long>() == 4308);
  CHECK(r.summary.at("n_people").get<long>() == 361);
  CHECK(r.summary.at("draws").get<int>() == 600);
  CHECK(r.summary.at("estimates").at("sd.wk").get<double>() == Approx(-1.2192931).epsilon(1e-12));
  const auto& est = r.tables.at("estimates.csv");
  CHECK(est.size() == 12);
  CHECK(std::get<std::string>(est.rows()[6][0]) == "sd.pf");
  // individual.csv: one row per person, the conditional mean of each of the six random coefficients; over
  // people they average near the population mean (Train 2009, section 11.5: exactly so at the true values).
  const auto& ind = r.tables.at("individual.csv");
  REQUIRE(ind.size() == 361);
  CHECK(ind.columns() == std::vector<std::string>{"person", "pf", "cl", "loc", "wk", "tod", "seas"});
  double mean_pf = 0.0;
  for (const auto& row : ind.rows()) mean_pf += std::get<double>(row[1]) / 361.0;
  CHECK(mean_pf == Approx(-0.9996286).margin(0.05));
}

TEST_CASE("configs/econ/mixed_logit_electricity_mlogit.json at mlogit's Elec.mxl2 estimates gives its LL -3961.7",
          "[econ][mixed_logit]") {
  json c = at_published(econ_config("mixed_logit_electricity_mlogit.json"), "mlogit_electricity_Elec_mxl2.json");
  c["wtp"] = {{"cost", "pf"}, {"attributes", {"loc", "cl"}}};
  const Results r = run_econ(c);
  CHECK(r.summary.at("log_likelihood").get<double>() == Approx(-3961.7352898939).margin(1e-3));
  CHECK(r.tables.at("estimates.csv").size() == 11);
  // person, the five random coefficients, then each person's willingness to pay; with the price fixed it is
  // the conditional mean of the attribute's coefficient over -b_pf.
  const auto& ind = r.tables.at("individual.csv");
  REQUIRE(ind.columns() == std::vector<std::string>{"person", "cl", "loc", "wk", "tod", "seas", "wtp.loc", "wtp.cl"});
  const double pf = r.summary.at("estimates").at("pf").get<double>();
  CHECK(pf == Approx(-0.8799).margin(1e-4));
  double mean_wtp_loc = 0.0;
  for (const auto& row : ind.rows()) {
    CHECK(std::get<double>(row[6]) == Approx(-std::get<double>(row[2]) / pf).epsilon(1e-12));
    CHECK(std::get<double>(row[7]) == Approx(-std::get<double>(row[1]) / pf).epsilon(1e-12));
    mean_wtp_loc += std::get<double>(row[6]) / static_cast<double>(ind.size());
  }
  CHECK(r.summary.at("willingness_to_pay_mean_of_individuals").at("loc").get<double>() ==
        Approx(mean_wtp_loc).epsilon(1e-12));
}

TEST_CASE("mlogit's Elec.mxl5 (correlated, tod and seas neg_lognormal) through the kind gives its LL -3851.4",
          "[econ][mixed_logit]") {
  json c = econ_config("mixed_logit_electricity_mlogit.json");
  // mlogit's opposite = c("tod", "seas") with lognormal tastes is neg_lognormal on the data as they are.
  c["model"]["random"] = {{"cl", "normal"}, {"loc", "normal"}, {"wk", "normal"}, {"tod", "neg_lognormal"}, {"seas", "neg_lognormal"}};
  c["model"]["correlated"] = {"cl", "loc", "wk", "tod", "seas"};
  const Results r = run_econ(at_published(c, "mlogit_electricity_Elec_mxl5.json"));
  CHECK(r.summary.at("log_likelihood").get<double>() == Approx(-3851.442047870076).margin(1e-3));
  CHECK(r.summary.at("estimates").contains("chol.cl.loc"));
  CHECK(r.summary.at("implied").at("cor.cl.loc").at("value").get<double>() == Approx(0.2856).margin(1e-4));
}

TEST_CASE("a mixed logit fitted from the conditional-logit start reaches mlogit's Elec.mxl optimum or a better one",
          "[econ][mixed_logit]") {
  json c = econ_config("mixed_logit_electricity.json");
  c["simulation"]["draws"] = 100;
  const Results r = run_econ(c);
  INFO("LL " << r.summary.at("log_likelihood").get<double>());
  CHECK(r.summary.at("converged").get<bool>());
  CHECK(r.summary.at("log_likelihood").get<double>() >= -3952.4878);
  CHECK(r.summary.at("conditional_logit_log_likelihood").get<double>() < r.summary.at("log_likelihood").get<double>());
  CHECK(r.summary.at("lr_test_random").at("df").get<int>() == 6);
  CHECK(r.report.find("sd.tod") != std::string::npos);
  for (const auto& row : r.tables.at("estimates.csv").rows()) CHECK(std::get<double>(row[2]) > 0.0);
}

TEST_CASE("single-precision first iterations reach the double-precision fit's optimum with fewer evaluations",
          "[econ][mixed_logit]") {
  // /estimation/single_precision_gradient (default 0.1) only changes the path: the fit still converges on the
  // double-precision gradient, so its log-likelihood and estimates are those of a fit in double throughout.
  json c = econ_config("mixed_logit_electricity.json");
  c["simulation"]["draws"] = 100;
  const Results fast = run_econ(c);
  c["estimation"]["single_precision_gradient"] = 0.0;
  const Results exact = run_econ(c);
  REQUIRE(fast.summary.at("converged").get<bool>());
  REQUIRE(exact.summary.at("converged").get<bool>());
  CHECK(fast.summary.at("log_likelihood").get<double>() ==
        Approx(exact.summary.at("log_likelihood").get<double>()).margin(1e-6).epsilon(0));
  for (const auto& [name, value] : exact.summary.at("estimates").items())
    CHECK(fast.summary.at("estimates").at(name).get<double>() == Approx(value.get<double>()).margin(2e-3).epsilon(0));
  CHECK(fast.summary.at("evaluations").get<int>() < exact.summary.at("evaluations").get<int>());
  c["estimation"]["single_precision_gradient"] = -1.0;
  CHECK(econ_error_path(c) == "/estimation/single_precision_gradient");
}

TEST_CASE("quadrature: one random coefficient integrated without simulation noise, through the kind",
          "[econ][mixed_logit][quadrature]") {
  // The simulated 250 x 8 panel (a normal price): 256 nodes and 512 agree to 1e-6 in the log-likelihood, and
  // Halton draws approach it (5000 draws within 0.02).
  json c = econ_config("mixed_logit_simulated.json");
  c["simulation"] = {{"method", "quadrature"}, {"draws", 256}};
  const Results q = run_econ(c);
  REQUIRE(q.summary.at("converged").get<bool>());
  c["simulation"]["draws"] = 512;
  const Results q2 = run_econ(c);
  CHECK(q.summary.at("log_likelihood").get<double>() ==
        Approx(q2.summary.at("log_likelihood").get<double>()).margin(1e-6).epsilon(0));
  c["simulation"] = {{"method", "halton"}, {"draws", 5000}};
  const Results h = run_econ(c);
  CHECK(h.summary.at("log_likelihood").get<double>() ==
        Approx(q.summary.at("log_likelihood").get<double>()).margin(0.02));
  CHECK(h.summary.at("estimates").at("sd.price").get<double>() ==
        Approx(q.summary.at("estimates").at("sd.price").get<double>()).margin(0.01));
  json anti = econ_config("mixed_logit_simulated.json");
  anti["simulation"] = {{"method", "quadrature"}, {"draws", 64}, {"antithetic", true}};
  CHECK(econ_error_path(anti) == "/simulation/antithetic");
}

TEST_CASE("bad mixed-logit input is a ConfigError naming the JSON path", "[econ][mixed_logit]") {
  const json base = econ_config("mixed_logit_electricity.json");
  auto with = [&](const std::string& pointer, const json& value) {
    json c = base;
    c[json::json_pointer(pointer)] = value;
    return c;
  };
  CHECK(econ_error_path(with("/model/random/price", "normal")) == "/model/random/price");
  CHECK(econ_error_path(with("/model/random/pf", "gamma")) == "/model/random/pf");
  CHECK(econ_error_path(with("/simulation/draws", 0)) == "/simulation/draws");
  CHECK(econ_error_path(with("/simulation/method", "quadrature")) == "/simulation/method");
  json odd = with("/simulation/draws", 5);
  odd["simulation"]["antithetic"] = true;
  CHECK(econ_error_path(odd) == "/simulation/draws");
  json no_id = base;
  no_id["columns"].erase("individual");
  CHECK(econ_error_path(no_id) == "/model/panel");
  CHECK(econ_error_path(with("/model/correlated", json::array({"pf", "pf"}))) == "/model/correlated/1");
  json uniform = with("/model/random/wk", "uniform");
  uniform["model"]["correlated"] = {"cl", "wk"};
  CHECK(econ_error_path(uniform) == "/model/correlated/1");
  CHECK(econ_error_path(with("/model/correlated", json::array({"price"}))) == "/model/correlated/0");
  CHECK(econ_error_path(with("/model/start/sd.price", 1.0)) == "/model/start/sd.price");
  CHECK(econ_error_path(with("/model/fixed/chol.pf.cl", 0.0)) == "/model/fixed/chol.pf.cl");
  CHECK(econ_error_path(with("/wtp/cost", "price")) == "/wtp/cost");
  json plain = base;
  plain["model"].erase("random");
  plain["model"].erase("panel");
  CHECK(econ_error_path(plain) == "/simulation");
}

TEST_CASE("a person whose situations are not contiguous stops the config naming the file and line",
          "[econ][mixed_logit]") {
  const auto dir = std::filesystem::temp_directory_path() / "arbiter_mxl_cfg";
  std::filesystem::create_directories(dir);
  {
    std::ofstream d(dir / "panel.csv");
    d << "situation,alternative,choice,id,x\n1,a,1,1,0.5\n1,b,0,1,1.0\n2,a,0,2,0.3\n2,b,1,2,0.1\n3,a,1,1,0.2\n3,b,0,1,0.4\n";
  }
  json c = {{"kind", "econ.estimate"},
            {"data", (dir / "panel.csv").string()},
            {"columns", {{"individual", "id"}}},
            {"model", {{"constants", false}, {"generic", {"x"}}, {"random", {{"x", "normal"}}}, {"panel", true}}}};
  try {
    make_experiment(resolve_config(c, (dir / "x.json").string(), dir.string()), 1);
    FAIL("no error");
  } catch (const arbiter::core::ConfigError& e) {
    INFO(e.what());
    CHECK(std::string(e.what()).find("panel.csv: line 6") != std::string::npos);
    CHECK(std::string(e.what()).find("not contiguous") != std::string::npos);
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("the mixed logit steps one BFGS iteration and one start at a time, with progress that rises to 1",
          "[econ][mixed_logit]") {
  json c = econ_config("mixed_logit_simulated.json");
  c["simulation"]["draws"] = 50;
  c["estimation"]["starts"] = 3;
  auto exp = make_experiment(resolve_config(c, kConfigDir + "/x.json", kConfigDir), 1);
  int steps = 0, inside = 0;
  double last = 0.0;
  bool monotone = true;
  while (!exp->done()) {
    exp->step();
    ++steps;
    const double p = exp->progress();
    monotone = monotone && p >= last;
    inside += p > 0.1 && p < 0.95 && p > last ? 1 : 0;
    last = p;
  }
  const Results r = exp->finish();
  const int iterations = r.summary.at("iterations").get<int>();
  INFO(steps << " steps, " << iterations << " iterations of the best start");
  CHECK(r.summary.at("starts").at("count").get<int>() == 3);
  // At least an iteration per step over the three starts, each start's iterations moving the bar.
  CHECK(steps > 3 * 5);
  CHECK(steps >= iterations + 4);
  CHECK(inside >= 10);
  CHECK(monotone);
  CHECK(last == 1.0);
  // The same estimates as one uninterrupted run of the config.
  const Results whole = run_econ(c);
  CHECK(whole.summary.at("log_likelihood").get<double>() == r.summary.at("log_likelihood").get<double>());
  CHECK(whole.summary.at("estimates") == r.summary.at("estimates"));
}
