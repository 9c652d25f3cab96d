// Every configs/econ/travelmode*.json config runs through the registry and writes the documented outputs;
// bad data stops a config while it loads, before anything is estimated; the kind advances in slices with
// progress rising to 1 and the one-shot estimates; specific and individual terms in both JSON forms.
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "core/config_error.hpp"
#include "experiments/config_loader.hpp"

using namespace arbiter::experiments;

namespace {

Results run(const std::string& file) {
  const LoadedConfig cfg = load_config(file);
  auto exp = make_experiment(cfg, 2);
  while (!exp->done()) exp->step();
  return exp->finish();
}

double estimate_of(const Results& r, const std::string& name) { return r.summary.at("estimates").at(name).get<double>(); }

}  // namespace

TEST_CASE("configs/econ/travelmode_clogit.json reproduces the conditional-logit table") {
  const Results r = run(std::string(ARBITER_SOURCE_DIR) + "/configs/econ/travelmode_clogit.json");
  const auto& est = r.tables.at("estimates.csv");
  CHECK(est.columns() ==
        std::vector<std::string>{"parameter", "estimate", "std_error", "robust_std_error", "t_value", "p_value"});
  CHECK(est.size() == 6);
  for (const char* key : {"log_likelihood", "null_log_likelihood", "constants_log_likelihood", "rho_squared",
                          "adjusted_rho_squared", "aic", "bic", "n_situations", "iterations", "converged"})
    CHECK(r.summary.contains(key));
  CHECK(r.summary.at("converged").get<bool>());
  CHECK(r.summary.at("n_situations").get<long>() == 210);
  CHECK(r.summary.at("log_likelihood").get<double>() == Approx(-199.128).margin(5e-4));
  // The exact optimum (travelmode_test.cpp explains why it differs from the published six decimals by ~1e-5).
  CHECK(estimate_of(r, "asc.air") == Approx(5.2074432987).epsilon(1e-9));
  CHECK(estimate_of(r, "gcost") == Approx(-0.0155015253).margin(1e-9));
  CHECK(r.report.find("Pr(>|z|)") != std::string::npos);
  CHECK(r.report.find("income.air") != std::string::npos);
  CHECK(r.results.size() >= 2);
  // Value of waiting time: -b_wait / b_gcost with its delta-method standard error from the covariance.
  REQUIRE(r.tables.count("wtp.csv") == 1);
  const auto& wtp = r.tables.at("wtp.csv");
  REQUIRE(wtp.size() == 1);
  const double bw = estimate_of(r, "wait"), bc = estimate_of(r, "gcost");
  CHECK(std::get<double>(wtp.rows()[0][2]) == Approx(-bw / bc).epsilon(1e-14));
  CHECK(std::get<double>(wtp.rows()[0][2]) == Approx(-6.200990).margin(5e-7));
  CHECK(r.summary.at("willingness_to_pay").at("wait").at("std_error").get<double>() == Approx(1.893843).margin(5e-7));
  CHECK(r.summary.at("lr_test_constants").at("df").get<int>() == 3);
  CHECK(r.report.find("Willingness to pay") != std::string::npos);
}

TEST_CASE("configs/econ/travelmode_nested.json reproduces the nested-logit table") {
  const Results r = run(std::string(ARBITER_SOURCE_DIR) + "/configs/econ/travelmode_nested.json");
  CHECK(r.summary.at("converged").get<bool>());
  CHECK(r.summary.at("log_likelihood").get<double>() == Approx(-193.66).margin(5e-3));
  CHECK(estimate_of(r, "iv.fly") == Approx(0.586009).margin(5e-7));
  CHECK(estimate_of(r, "iv.ground") == Approx(0.388962).margin(5e-7));
  CHECK(r.tables.at("estimates.csv").size() == 8);
  CHECK(r.summary.at("lr_test_nests").at("df").get<int>() == 2);
  CHECK(r.summary.at("lr_test_nests").at("statistic").get<double>() == Approx(10.944).margin(5e-4));
  CHECK(r.summary.at("conditional_logit_log_likelihood").get<double>() == Approx(-199.128).margin(5e-4));
}

TEST_CASE("a wtp cost that is not a free coefficient is a ConfigError naming /wtp/cost") {
  for (const char* bad : {"price", "asc.car"}) {
    nlohmann::json c = {{"kind", "econ.estimate"},
                        {"data", "travelmode.csv"},
                        {"columns", {{"situation", "individual"}, {"alternative", "mode"}, {"choice", "choice"}}},
                        {"model", {{"reference", "car"}, {"generic", {"gcost", "wait"}}}},
                        {"wtp", {{"cost", bad}}}};
    const LoadedConfig cfg = resolve_config(c, std::string(ARBITER_SOURCE_DIR) + "/configs/econ/x.json",
                                            std::string(ARBITER_SOURCE_DIR) + "/configs/econ");
    try {
      make_experiment(cfg, 1);
      FAIL("no error for " << bad);
    } catch (const arbiter::core::ConfigError& e) {
      CHECK(e.json_path() == "/wtp/cost");
    }
  }
}

TEST_CASE("bad data in a config is a ConfigError naming the data file, line and column, before any estimate") {
  const auto dir = std::filesystem::temp_directory_path() / "arbiter_econ_cfg";
  std::filesystem::create_directories(dir);
  {
    std::ofstream d(dir / "bad.csv");
    d << "sid,alt,chosen,x\n1,a,1,1\n1,b,1,2\n";
    std::ofstream c(dir / "bad.json");
    c << R"({"kind": "econ.estimate", "data": "bad.csv",
             "columns": {"situation": "sid", "alternative": "alt", "choice": "chosen"},
             "model": {"generic": ["x"]}})";
  }
  const LoadedConfig cfg = load_config((dir / "bad.json").string());
  try {
    auto exp = make_experiment(cfg, 1);
    while (!exp->done()) {
      exp->step();
      CHECK(exp->progress() < 0.25);  // still loading
    }
    FAIL("no error");
  } catch (const arbiter::core::ConfigError& e) {
    INFO(e.what());
    CHECK(std::string(e.what()).find("bad.csv:3: column chosen: situation '1' has two chosen alternatives") !=
          std::string::npos);
    CHECK(std::string(e.what()).rfind((dir / "bad.json").string() + ": ", 0) == 0);
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("econ.estimate steps: progress rises strictly from 0 to 1 over more than two steps, same estimates") {
  const std::string file = std::string(ARBITER_SOURCE_DIR) + "/configs/econ/travelmode_clogit.json";
  auto exp = make_experiment(load_config(file), 1);
  double last = exp->progress();
  CHECK(last == 0.0);
  int steps = 0;
  while (!exp->done()) {
    exp->step();
    ++steps;
    INFO("step " << steps);
    CHECK(exp->progress() > last);
    last = exp->progress();
  }
  CHECK(last == 1.0);
  CHECK(steps > 2);
  const Results stepped = exp->finish();
  const Results oneshot = run(file);
  CHECK(stepped.tables.at("estimates.csv").to_csv() == oneshot.tables.at("estimates.csv").to_csv());
  CHECK(stepped.results.to_csv() == oneshot.results.to_csv());
  CHECK(steps == stepped.summary.at("iterations").get<int>() + 2);  // preparing, the iterations, the converged check
}

namespace {

// A long-format file of `situations` two-alternative situations (about 40 bytes a situation), and a config
// for it; `bad_last_row` makes the last row's x non-numeric.
std::string write_large_data(const std::filesystem::path& dir, int situations, bool bad_last_row) {
  std::filesystem::create_directories(dir);
  {
    std::ofstream d(dir / "large.csv");
    d << "sid,alt,chosen,x\n";
    for (int s = 1; s <= situations; ++s) {
      const double xa = (s * 7 % 13) / 10.0, xb = (s * 3 % 11) / 10.0;
      const bool a = xa > xb || s % 5 == 0;
      d << s << ",a," << (a ? 1 : 0) << "," << xa << "\n";
      d << s << ",b," << (a ? 0 : 1) << ",";
      if (bad_last_row && s == situations) d << "oops\n";
      else d << xb << "\n";
    }
    std::ofstream c(dir / "large.json");
    c << R"({"kind": "econ.estimate", "data": "large.csv",
             "columns": {"situation": "sid", "alternative": "alt", "choice": "chosen"},
             "model": {"generic": ["x"]}})";
  }
  return (dir / "large.json").string();
}

}  // namespace

TEST_CASE("econ.estimate reads a large file in step() with progress moving, and reports a bad row from there") {
  const auto dir = std::filesystem::temp_directory_path() / "arbiter_econ_large";
  const std::string file = write_large_data(dir, 200000, false);
  REQUIRE(std::filesystem::file_size(dir / "large.csv") > (std::size_t(4) << 20));
  auto exp = make_experiment(load_config(file), 1);
  CHECK(exp->progress() == 0.0);
  double last = 0.0;
  int steps = 0, loading_steps = 0;
  while (!exp->done()) {
    exp->step();
    ++steps;
    INFO("step " << steps);
    CHECK(exp->progress() > last);
    last = exp->progress();
    if (last <= 0.2) ++loading_steps;
  }
  CHECK(loading_steps >= 1);
  CHECK(last == 1.0);
  const Results r = exp->finish();
  CHECK(r.summary.at("n_situations").get<long>() == 200000);
  CHECK(r.summary.at("converged").get<bool>());

  const std::string bad = write_large_data(dir, 200000, true);
  auto broken = make_experiment(load_config(bad), 1);  // the header is fine: the bad row is met while stepping
  try {
    while (!broken->done()) broken->step();
    FAIL("no error");
  } catch (const arbiter::core::ConfigError& e) {
    const std::string m = e.what();
    INFO(m);
    CHECK(m.rfind(bad + ": ", 0) == 0);
    CHECK(m.find("large.csv:400001: column x: expected a number, got 'oops'") != std::string::npos);
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("an unknown model key is rejected by the schema with its JSON path") {
  nlohmann::json c = {{"kind", "econ.estimate"}, {"data", "travelmode.csv"}, {"model", {{"generics", {"gcost"}}}}};
  try {
    resolve_config(c, "x.json", ".");
    FAIL("no error");
  } catch (const arbiter::core::ConfigError& e) {
    CHECK(std::string(e.what()).find("/model/generics") != std::string::npos);
  }
}

TEST_CASE("a run that does not converge still reports its last iterate, with converged false") {
  const LoadedConfig cfg = load_config(std::string(ARBITER_SOURCE_DIR) + "/configs/econ/travelmode_clogit.json",
                                       {"/estimation/max_iterations=2"});
  auto exp = make_experiment(cfg, 1);
  while (!exp->done()) exp->step();
  const Results r = exp->finish();
  CHECK_FALSE(r.summary.at("converged").get<bool>());
  CHECK(r.summary.at("iterations").get<int>() == 2);
  CHECK(r.tables.at("estimates.csv").size() == 6);
  CHECK(std::isfinite(estimate_of(r, "asc.air")));
  CHECK(r.report.find("NOT converged") != std::string::npos);
  CHECK(r.report.find("did not converge after 2 iterations") != std::string::npos);
}

TEST_CASE("specific and individual terms, as lists or as objects, name VAR.ALT and reach the independent optimum") {
  // Alternative-specific gcost for every mode, generic wait, income for every mode but the reference car.
  // Reference: an independent numpy Newton fit of the same model (gradient < 1e-12), its estimates and
  // classical standard errors.
  const std::string file = std::string(ARBITER_SOURCE_DIR) + "/configs/econ/travelmode_clogit.json";
  const std::vector<std::string> common = {"/model/generic=[\"wait\"]", "/wtp/cost=\"\"", "/wtp/attributes=[]"};
  auto with = [&](const std::string& specific, const std::string& individual) {
    std::vector<std::string> sets = common;
    sets.push_back("/model/specific=" + specific);
    sets.push_back("/model/individual=" + individual);
    auto exp = make_experiment(load_config(file, sets), 1);
    while (!exp->done()) exp->step();
    return exp->finish();
  };
  const Results lists = with("[\"gcost\"]", "[\"income\"]");
  const Results objects = with(R"({"gcost": ["air", "train", "bus", "car"]})", R"({"income": ["air", "train", "bus"]})");
  const std::map<std::string, std::pair<double, double>> optimum = {
      {"asc.air", {3.503017346, 1.10923}},           {"asc.train", {5.352264437, 0.792991}},
      {"asc.bus", {3.736265979, 0.955395}},          {"gcost.air", {0.01047062362, 0.00910051}},
      {"gcost.train", {-0.008856070731, 0.0050541}}, {"gcost.bus", {-0.007085503575, 0.00742255}},
      {"gcost.car", {-0.01108252372, 0.00561187}},   {"wait", {-0.09628509146, 0.0104908}},
      {"income.air", {-0.003444161511, 0.0119876}},  {"income.train", {-0.05816150949, 0.014083}},
      {"income.bus", {-0.02841672099, 0.0155086}}};
  for (const Results* r : {&lists, &objects}) {
    CHECK(r->summary.at("converged").get<bool>());
    CHECK(r->summary.at("estimates").size() == optimum.size());
    CHECK(r->summary.at("log_likelihood").get<double>() == Approx(-184.949599464731).epsilon(1e-12));
    const auto& est = r->tables.at("estimates.csv");
    for (const auto& row : est.rows()) {
      const std::string name = std::get<std::string>(row[0]);
      INFO(name);
      REQUIRE(optimum.count(name) == 1);
      CHECK(std::get<double>(row[1]) == Approx(optimum.at(name).first).epsilon(1e-8));
      CHECK(std::get<double>(row[2]) == Approx(optimum.at(name).second).epsilon(1e-5));
    }
  }
  CHECK(lists.summary.at("estimates") == objects.summary.at("estimates"));
}

namespace {

LoadedConfig travelmode_wtp_config(const nlohmann::json& estimation) {
  nlohmann::json c = {{"kind", "econ.estimate"},
                      {"data", "travelmode.csv"},
                      {"columns", {{"situation", "individual"}, {"alternative", "mode"}, {"choice", "choice"}}},
                      {"model", {{"reference", "car"}, {"generic", {"gcost", "wait"}}}},
                      {"wtp", {{"cost", "gcost"}}},
                      {"estimation", estimation}};
  return resolve_config(c, std::string(ARBITER_SOURCE_DIR) + "/configs/econ/x.json",
                        std::string(ARBITER_SOURCE_DIR) + "/configs/econ");
}

std::string refused_path(const nlohmann::json& estimation) {
  try {
    travelmode_wtp_config(estimation);
  } catch (const arbiter::core::ConfigError& e) {
    return e.json_path();
  }
  return "(accepted)";
}

}  // namespace

TEST_CASE("a nonsensical tolerance or iteration count is refused with its range, naming its path") {
  CHECK(refused_path({{"tolerance", 2.0}}) == "/estimation/tolerance");
  CHECK(refused_path({{"tolerance", 1e308}}) == "/estimation/tolerance");
  CHECK(refused_path({{"max_iterations", 2147483648LL}}) == "/estimation/max_iterations");
  CHECK(refused_path({{"max_iterations", 100001}}) == "/estimation/max_iterations");
  CHECK(refused_path({{"tolerance", 1.0}, {"max_iterations", 100000}}) == "(accepted)");
}

TEST_CASE("willingness to pay from a fit that stopped at its start values says so, not a bare zero coefficient") {
  const LoadedConfig cfg = travelmode_wtp_config({{"max_iterations", 0}});
  auto exp = make_experiment(cfg, 1);
  while (!exp->done()) exp->step();
  try {
    exp->finish();
    FAIL("no RunError");
  } catch (const arbiter::core::RunError& e) {
    const std::string m = e.what();
    INFO(m);
    CHECK(m.find("the cost coefficient \"gcost\" is 0") != std::string::npos);
    CHECK(m.find("the fit stopped at its start values (/estimation/max_iterations is 0)") != std::string::npos);
    CHECK(m.find("lower /estimation/tolerance") != std::string::npos);
  }
}
