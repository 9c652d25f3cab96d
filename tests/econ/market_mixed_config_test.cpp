// econ.market with mixed-logit and latent-class consumers through the registry: the shipped
// configs/econ/market_mixed_red_bus.json lands between plain and nested logit; a model read from the
// estimates.csv a real econ.estimate run writes gives the figures of the same model built by hand from the
// file's numbers; bad input is a ConfigError naming the JSON path (or a DataError naming the file and line).
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/input_error.hpp"
#include "econ/market_model.hpp"
#include "econ/simulation_draws.hpp"
#include "tests/econ/econ_config_run.hpp"

using namespace arbiter;
using namespace arbiter::experiments;
using namespace arbiter::test_econ;
using json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

// Runs an econ.estimate config and writes its estimates.csv to a scratch folder; returns the file's path.
std::string estimates_of(json estimate, const std::string& name) {
  const Results r = run_econ(estimate);
  const fs::path dir = fs::temp_directory_path() / ("arbiter_market_mixed_" + name);
  fs::create_directories(dir);
  const fs::path file = dir / "estimates.csv";
  std::ofstream(file) << r.tables.at("estimates.csv").to_csv();
  return file.string();
}

// The estimate's value of `name` in an estimates.csv.
double estimate(const std::string& file, const std::string& name) {
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(name + ",", 0) == 0) return std::stod(line.substr(name.size() + 1));
  FAIL("no parameter " << name << " in " << file);
  return 0.0;
}

// A commuter market on the modes of configs/econ/mixed_panel_choices.csv.
json commuter_market(const std::string& estimates) {
  json c = {{"kind", "econ.market"},
            {"products",
             {{{"name", "car"}, {"price", 2.0}, {"attributes", {{"time", 1.0}}}},
              {{"name", "bus"}, {"price", 1.5}, {"attributes", {{"time", 1.5}}}},
              {{"name", "train"}, {"price", 2.5}, {"attributes", {{"time", 1.2}}}}}},
            {"coefficients", {{"price", -1.0}, {"time", 0.0}}},
            {"outside_good", false},
            {"estimates", estimates}};
  return c;
}

json mixed_estimate(const json& random) {
  json e = econ_config("mixed_logit_simulated.json");
  e["model"]["random"] = random;
  e["simulation"]["draws"] = 50;
  return e;
}

std::string error_path(const json& c) { return econ_error_path(c); }

}  // namespace

TEST_CASE("configs/econ/market_mixed_red_bus.json: the blue bus takes the car's share between logit and nested logit",
          "[econ_market][mixed_market]") {
  const Results r = run_econ(econ_config("market_mixed_red_bus.json"));
  CHECK(r.summary.at("demand") == "mixed_logit");
  CHECK(r.summary.at("draws") == 2000);
  const json& before = r.summary.at("base").at("logit_shares");
  CHECK(before.at("car").get<double>() == Approx(0.5).margin(1e-3));  // Halton draws: the symmetric taste nearly
  const json& after = r.summary.at("scenario").at("logit_shares");
  const double car = after.at("car").get<double>();
  CHECK(car > 1.0 / 3.0 + 0.05);                          // plain logit: 1/3
  CHECK(car < 1.0 / (1.0 + std::pow(2.0, 0.05)) - 0.05);  // red_bus_blue_bus.json's nested logit (lambda 0.05)
  CHECK(after.at("red_bus").get<double>() == Approx(after.at("blue_bus").get<double>()).epsilon(1e-14));
  // Results rows are labelled with the mixture, and the figures satisfy the adding-up identity of share
  // derivatives (no outside good: each column of dS/dp sums to 0).
  double column = 0.0;
  for (const auto& row : r.results.rows()) {
    CHECK(std::get<std::string>(row[1]) == "mixed_logit");
    if (std::get<std::string>(row[0]) == "blue bus added" && std::get<std::string>(row[2]) == "marginal_effect" &&
        std::get<std::string>(row[4]) == "price:car")
      column += std::get<double>(row[5]);
  }
  CHECK(std::abs(column) < 1e-15);
}

TEST_CASE("econ.market reads a mixed logit from the estimates.csv econ.estimate writes", "[econ_market][mixed_market]") {
  const std::string file = estimates_of(mixed_estimate({{"time", "normal"}}), "mixed");
  json c = commuter_market(file);
  c["random"] = {{"time", "normal"}};
  c["simulation"] = {{"method", "halton"}, {"draws", 500}};
  const Results r = run_econ(c);
  // The same market by hand from the file's numbers.
  econ::MarketModel m;
  m.attribute_names = {"time"};
  m.price_coefficient = estimate(file, "price");
  m.attribute_coefficients = Eigen::VectorXd::Constant(1, estimate(file, "time"));
  m.interactions = Eigen::MatrixXd::Zero(2, 0);
  m.outside_good = false;
  m.mixture.random = {{1, econ::Distribution::normal, estimate(file, "sd.time")}};
  m.mixture.draws.draws = 500;
  std::vector<econ::Product> products(3);
  const char* names[] = {"car", "bus", "train"};
  const double price[] = {2.0, 1.5, 2.5}, time[] = {1.0, 1.5, 1.2};
  for (int j = 0; j < 3; ++j) {
    products[j].name = names[j];
    products[j].price = price[j];
    products[j].attributes = Eigen::VectorXd::Constant(1, time[j]);
  }
  products[1].constant = estimate(file, "asc.bus");
  products[2].constant = estimate(file, "asc.train");
  CHECK(estimate(file, "sd.time") > 0.0);
  const Eigen::VectorXd s = econ::market_shares(econ::market_demand(m, products), econ::product_prices(products));
  for (int j = 0; j < 3; ++j)
    CHECK(r.summary.at("base").at("logit_shares").at(names[j]).get<double>() == Approx(s[j]).epsilon(1e-14));

  SECTION("a normal price coefficient from the file reaches positive draws: /random/price, suggesting neg_lognormal") {
    const std::string price_file = estimates_of(mixed_estimate({{"price", "normal"}}), "mixed_price");
    json p = commuter_market(price_file);
    p["random"] = {{"price", "normal"}};
    CHECK(error_path(p) == "/random/price");
    try {
      run_econ(p);
    } catch (const core::ConfigError& e) {
      CHECK_THAT(std::string(e.what()), Catch::Contains("neg_lognormal"));
    }
    p.erase("random");  // the file's sd.price needs a distribution
    CHECK(error_path(p) == "/random/price");
  }
}

TEST_CASE("econ.market reads a latent class (COEF.CLASS, class.CLASS) from the estimates.csv econ.estimate writes",
          "[econ_market][mixed_market]") {
  json e = econ_config("mixed_logit_simulated.json");
  e["model"].erase("random");
  e.erase("simulation");
  e["model"]["classes"] = {{"names", {"a", "b"}}, {"specific", {"price"}}};
  const Results fit = run_econ(e);
  const fs::path dir = fs::temp_directory_path() / "arbiter_market_mixed_latent";
  fs::create_directories(dir);
  const std::string file = (dir / "estimates.csv").string();
  std::ofstream(file) << fit.tables.at("estimates.csv").to_csv();
  const Results r = run_econ(commuter_market(file));
  CHECK(r.summary.at("demand") == "latent_class");
  // No membership variables: every consumer's membership probability is the class share.
  for (const char* cls : {"a", "b"})
    CHECK(r.summary.at("class_shares").at(cls).get<double>() ==
          Approx(fit.summary.at("class_shares").at(cls).get<double>()).epsilon(1e-12));
  const double pb = std::exp(estimate(file, "class.b")) / (1.0 + std::exp(estimate(file, "class.b")));
  const double price[] = {2.0, 1.5, 2.5}, time[] = {1.0, 1.5, 1.2};
  const double asc[] = {0.0, estimate(file, "asc.bus"), estimate(file, "asc.train")};
  double hand[3] = {0, 0, 0};
  for (const char* cls : {"a", "b"}) {
    const double share = std::string(cls) == "a" ? 1.0 - pb : pb;
    const double b = estimate(file, std::string("price.") + cls), t = estimate(file, "time");
    double u[3], sum = 0.0;
    for (int j = 0; j < 3; ++j) sum += (u[j] = std::exp(asc[j] + b * price[j] + t * time[j]));
    for (int j = 0; j < 3; ++j) hand[j] += share * u[j] / sum;
  }
  const char* names[] = {"car", "bus", "train"};
  for (int j = 0; j < 3; ++j)
    CHECK(r.summary.at("base").at("logit_shares").at(names[j]).get<double>() == Approx(hand[j]).epsilon(1e-12));
  json both = commuter_market(file);
  both["classes"] = {{"x", {{"share", 1.0}}}};
  CHECK(error_path(both) == "/classes");
}

TEST_CASE("bad mixed-logit and latent-class market input names the JSON path, the file and line",
          "[econ_market][mixed_market]") {
  const json good = econ_config("market_mixed_red_bus.json");
  CHECK(error_path(good) == "");
  const auto with = [&](const std::string& pointer, const json& value) {
    json c = good;
    c[json::json_pointer(pointer)] = value;
    return error_path(c);
  };
  CHECK(with("/random/speed", "normal") == "/random/speed");        // a coefficient the market lacks
  CHECK(with("/random/bus", "gaussian") == "/random/bus");          // an unknown distribution
  CHECK(with("/simulation/draws", 0) == "/simulation/draws");       // zero draws
  CHECK(with("/simulation/draws", 7).empty());
  json odd = good;
  odd["simulation"]["antithetic"] = true;
  odd["simulation"]["draws"] = 7;
  CHECK(error_path(odd) == "/simulation/draws");
  json no_sd = good;
  no_sd["coefficients"].erase("sd.bus");
  CHECK(error_path(no_sd) == "/coefficients/sd.bus");
  CHECK(with("/coefficients/sd.bus", -1.0) == "/coefficients/sd.bus");
  json stray = good;
  stray.erase("random");
  CHECK(error_path(stray) == "/coefficients/sd.bus");  // a spread with no random coefficient
  stray["coefficients"].erase("sd.bus");
  CHECK(error_path(stray) == "/simulation");           // draws with no random coefficient
  CHECK(with("/population/consumers", 10) == "/population/consumers");
  CHECK(with("/random/price", "normal") == "/coefficients/sd.price");
  json positive = good;
  positive["random"]["price"] = "normal";
  positive["coefficients"]["sd.price"] = 1.0;
  CHECK(error_path(positive) == "/random/price");
  json overflow = good;
  overflow["random"]["bus"] = "lognormal";
  overflow["coefficients"]["sd.bus"] = 100.0;  // exp(100 z) leaves double range in the tails
  CHECK(error_path(overflow) == "/random/bus");
  json tiny = good;
  tiny["random"]["price"] = "neg_lognormal";
  tiny["coefficients"]["price"] = -0.5;
  tiny["coefficients"]["sd.price"] = 40.0;  // -exp(-0.5 - 40 z) reaches magnitudes below 1e-50
  CHECK(error_path(tiny) == "/random/price");
  tiny["coefficients"]["sd.price"] = 0.3;
  CHECK(error_path(tiny).empty());
  json classes = good;
  classes.erase("random");
  classes.erase("simulation");
  classes["coefficients"].erase("sd.bus");
  classes["classes"] = {{"bus_lovers", {{"share", 0.4}, {"coefficients", {{"bus", 2.0}}}}},
                        {"car_lovers", {{"share", 0.6}, {"coefficients", {{"bus", -2.0}}}}}};
  CHECK(error_path(classes).empty());
  const Results lc = run_econ(classes);
  const double after_car = lc.summary.at("scenario").at("logit_shares").at("car").get<double>();
  const double hand = 0.4 / (1.0 + 2.0 * std::exp(2.0)) + 0.6 / (1.0 + 2.0 * std::exp(-2.0));
  CHECK(after_car == Approx(hand).epsilon(1e-14));
  json sums = classes;
  sums["classes"]["car_lovers"]["share"] = 0.5;
  CHECK(error_path(sums) == "/classes");
  json unknown = classes;
  unknown["classes"]["car_lovers"]["coefficients"]["speed"] = 1.0;
  CHECK(error_path(unknown) == "/classes/car_lovers/coefficients/speed");
  json positive_class = classes;
  positive_class["classes"]["car_lovers"]["coefficients"]["price"] = 0.5;
  CHECK(error_path(positive_class) == "/classes/car_lovers/coefficients/price");
  json mixed_and_classes = classes;
  mixed_and_classes["random"] = good["random"];
  mixed_and_classes["coefficients"]["sd.bus"] = 1.0;
  CHECK(error_path(mixed_and_classes) == "/classes");

  // Estimates files: a missing file, and a parameter the market does not have, are DataErrors naming the file.
  json missing = good;
  missing["estimates"] = "no_such_estimates.csv";
  CHECK_THROWS_AS(run_econ(missing), core::DataError);
  const fs::path dir = fs::temp_directory_path() / "arbiter_market_mixed_bad";
  fs::create_directories(dir);
  std::ofstream(dir / "estimates.csv") << "parameter,estimate,std_error\nprice,-1.5,0.1\nspeed,0.3,0.1\n";
  json foreign = good;
  foreign["estimates"] = (dir / "estimates.csv").string();
  try {
    run_econ(foreign);
    FAIL("no error");
  } catch (const core::DataError& e) {
    CHECK_THAT(std::string(e.what()), Catch::Contains("estimates.csv: line 3") && Catch::Contains("'speed'"));
  }
  std::ofstream(dir / "estimates.csv") << "parameter,estimate\nprice,-1.5\nsd.bus,abc\n";
  CHECK_THROWS_WITH(run_econ(foreign), Catch::Contains("line 3, column estimate"));
}
