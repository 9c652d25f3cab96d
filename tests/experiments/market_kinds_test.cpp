// The econ.market and econ.simulate kinds: every config in configs/econ owned by them validates and runs
// (reduced where it is long), their numbers match the econ functions, and bad configs are ConfigErrors
// naming the JSON path.
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include "core/config_error.hpp"
#include "experiments/registry.hpp"

using namespace arbiter;
using json = nlohmann::json;

namespace {

const experiments::Registry& market_registry() { return experiments::registry(); }

json read_config(const std::string& name) {
  std::ifstream in(std::string(ARBITER_SOURCE_DIR) + "/configs/econ/" + name);
  REQUIRE(in.good());
  return json::parse(in);
}

std::unique_ptr<experiments::Experiment> make(const json& cfg) {
  const auto& kind = market_registry().find(cfg.at("kind").get<std::string>());
  experiments::RunContext ctx;
  ctx.seed = cfg.value("seed", 1u);
  ctx.threads = 1;
  return kind.make(kind.schema.resolve(cfg), ctx);
}

experiments::Results run(const json& cfg) {
  auto e = make(cfg);
  int slices = 0;
  while (!e->done()) {
    e->step();
    REQUIRE(++slices < 100000);
  }
  CHECK(e->progress() == Approx(1.0));
  (void)e->observables();
  return e->finish();
}

// The value of the results row with these key columns.
double value_of(const core::Table& t, const std::string& scenario, const std::string& model, const std::string& quantity,
                const std::string& product, const std::string& wrt = "") {
  for (const auto& row : t.rows())
    if (std::get<std::string>(row[0]) == scenario && std::get<std::string>(row[1]) == model &&
        std::get<std::string>(row[2]) == quantity && std::get<std::string>(row[3]) == product &&
        std::get<std::string>(row[4]) == wrt) {
      if (std::holds_alternative<double>(row[5])) return std::get<double>(row[5]);
      return static_cast<double>(std::get<std::int64_t>(row[5]));
    }
  FAIL("no row " << scenario << "/" << model << "/" << quantity << "/" << product << "/" << wrt);
  return 0.0;
}

std::string config_error_path(const json& cfg) {
  try {
    make(cfg);
  } catch (const core::ConfigError& e) {
    return e.json_path();
  }
  return "(no error)";
}

}  // namespace

TEST_CASE("red_bus_blue_bus.json: logit 1/3 each, nested near 1/2, 1/4, 1/4 and exactly so as iv -> 0",
          "[econ_market]") {
  auto cfg = read_config("red_bus_blue_bus.json");
  const auto r = run(cfg);
  for (const char* p : {"car", "red_bus"}) {
    CHECK(value_of(r.results, "base", "logit", "share", p) == Approx(0.5).margin(1e-14));
    CHECK(value_of(r.results, "base", "nested_logit", "share", p) == Approx(0.5).margin(1e-12));
  }
  for (const char* p : {"car", "red_bus", "blue_bus"})
    CHECK(value_of(r.results, "blue bus added", "logit", "share", p) == Approx(1.0 / 3).margin(1e-14));
  const double l = 0.05, car = 1.0 / (1.0 + std::pow(2.0, l));
  CHECK(value_of(r.results, "blue bus added", "nested_logit", "share", "car") == Approx(car).epsilon(1e-12));
  CHECK(value_of(r.results, "blue bus added", "nested_logit", "share", "blue_bus") == Approx((1 - car) / 2).epsilon(1e-12));
  // The plain logit credits the duplicate with a surplus gain of log(3/2) / 1; nested logit almost none.
  CHECK(value_of(r.results, "change", "logit", "consumer_surplus_change", "") ==
        Approx(std::log(1.5)).epsilon(1e-12));
  CHECK(value_of(r.results, "change", "nested_logit", "consumer_surplus_change", "") ==
        Approx(std::log((1 + std::pow(2.0, l)) / 2)).epsilon(1e-10));

  cfg["nests"]["bus"] = 1e-6;
  const auto tight = run(cfg);
  CHECK(value_of(tight.results, "blue bus added", "nested_logit", "share", "car") == Approx(0.5).margin(1e-6));
  CHECK(value_of(tight.results, "blue bus added", "nested_logit", "share", "red_bus") == Approx(0.25).margin(1e-6));
  CHECK(value_of(tight.results, "blue bus added", "nested_logit", "share", "blue_bus") == Approx(0.25).margin(1e-6));
  const auto bars = make(cfg);
  bars->step();
  const auto obs = bars->observables();
  REQUIRE(!obs.bars.empty());
  CHECK(obs.bars[0].labels == std::vector<std::string>{"car", "red_bus", "blue_bus"});
  CHECK(obs.bars[0].groups.size() == 4);
}

TEST_CASE("market_whatif.json: shares sum to 1, elasticities consistent, CS change has the right sign",
          "[econ_market]") {
  auto cfg = read_config("market_whatif.json");
  cfg["population"]["consumers"] = 300;
  const auto r = run(cfg);
  double total = 0.0, nested_total = 0.0;
  for (const char* p : {"economy", "family", "premium", "electric", "outside"}) {
    total += value_of(r.results, "base", "logit", "share", p);
    nested_total += value_of(r.results, "base", "nested_logit", "share", p);
  }
  CHECK(total == Approx(1.0).margin(1e-12));
  CHECK(nested_total == Approx(1.0).margin(1e-12));
  // Elasticities are the marginal effects scaled by p_k / S_j.
  const double dsdp = value_of(r.results, "base", "logit", "marginal_effect", "family", "price:electric");
  const double e = value_of(r.results, "base", "logit", "elasticity", "family", "price:electric");
  const double s = value_of(r.results, "base", "logit", "share", "family");
  CHECK(e == Approx(dsdp * 38.0 / s).epsilon(1e-12));
  CHECK(value_of(r.results, "base", "logit", "elasticity", "electric", "price:electric") < 0.0);
  CHECK(value_of(r.results, "base", "logit", "elasticity", "economy", "price:electric") > 0.0);
  // A cheaper, better electric car raises its share and consumer surplus.
  CHECK(value_of(r.results, "electric subsidy", "logit", "share", "electric") >
        value_of(r.results, "base", "logit", "share", "electric"));
  CHECK(value_of(r.results, "change", "logit", "consumer_surplus_change", "") > 0.0);
  CHECK(value_of(r.results, "change", "logit", "consumer_surplus_change", "") ==
        Approx(value_of(r.results, "electric subsidy", "logit", "consumer_surplus", "") -
               value_of(r.results, "base", "logit", "consumer_surplus", ""))
            .epsilon(1e-10));
  CHECK(value_of(r.results, "base", "logit", "willingness_to_pay", "", "quality") == Approx(0.9 / 0.12));
}

TEST_CASE("market kind with one consumer: identities own = b p (1 - s), cross = -b p_k s_k", "[econ_market]") {
  json cfg = {{"kind", "econ.market"},
              {"products", {{{"name", "x"}, {"price", 2.0}, {"constant", 1.0}},
                            {{"name", "y"}, {"price", 3.0}, {"constant", 1.5}}}},
              {"coefficients", {{"price", -0.6}}}};
  const auto r = run(cfg);
  const double sx = value_of(r.results, "base", "logit", "share", "x");
  const double sy = value_of(r.results, "base", "logit", "share", "y");
  CHECK(value_of(r.results, "base", "logit", "elasticity", "x", "price:x") == Approx(-0.6 * 2.0 * (1 - sx)));
  CHECK(value_of(r.results, "base", "logit", "elasticity", "x", "price:y") == Approx(0.6 * 3.0 * sy));
}

TEST_CASE("pricing_bertrand.json: Nash FOC ~ 0, firm margins in closed form, monopoly margins equal",
          "[econ_market]") {
  const auto r = run(read_config("pricing_bertrand.json"));
  CHECK(value_of(r.results, "bertrand_nash", "logit", "foc_residual", "") < 1e-10);
  CHECK(value_of(r.results, "joint_monopoly", "logit", "foc_residual", "") < 1e-10);
  const double alpha = 0.8;
  const std::map<std::string, std::vector<std::string>> firms = {{"A", {"A1", "A2"}}, {"B", {"B1", "B2"}}, {"C", {"C1"}}};
  for (const auto& [firm, products] : firms) {
    double share = 0.0;
    for (const auto& p : products) share += value_of(r.results, "bertrand_nash", "logit", "share", p);
    for (const auto& p : products)
      CHECK(value_of(r.results, "bertrand_nash", "logit", "margin", p) == Approx(1 / (alpha * (1 - share))).epsilon(1e-9));
  }
  const double s0 = value_of(r.results, "joint_monopoly", "logit", "share", "outside");
  for (const char* p : {"A1", "A2", "B1", "B2", "C1"})
    CHECK(value_of(r.results, "joint_monopoly", "logit", "margin", p) == Approx(1 / (alpha * s0)).epsilon(1e-9));
  CHECK(value_of(r.results, "joint_monopoly", "logit", "consumer_surplus", "") <
        value_of(r.results, "bertrand_nash", "logit", "consumer_surplus", ""));
  CHECK(value_of(r.results, "joint_monopoly", "logit", "total_profit", "") >
        value_of(r.results, "bertrand_nash", "logit", "total_profit", ""));
  CHECK(r.summary.at("bertrand_nash").at("prices").size() == 5);
  CHECK(!r.report.empty());
}

TEST_CASE("simulate_recover.json: data written, coefficients recovered within 3.5 standard errors",
          "[econ_market]") {
  auto cfg = read_config("simulate_recover.json");
  cfg["situations"] = 3000;
  const auto r = run(cfg);
  REQUIRE(r.tables.count("choices.csv") == 1);
  CHECK(r.tables.at("choices.csv").size() == 9000);
  CHECK(r.tables.at("choices.csv").columns() ==
        std::vector<std::string>{"situation", "alternative", "choice", "cost", "time", "income"});
  REQUIRE(r.tables.count("recovery.csv") == 1);
  const auto& rec = r.tables.at("recovery.csv");
  CHECK(rec.size() == 7);  // six coefficients and the willingness to pay for time
  for (const auto& row : rec.rows()) {
    INFO(std::get<std::string>(row[0]));
    CHECK(std::abs(std::get<double>(row[5])) < 3.5);
  }
  CHECK(r.summary.at("converged").get<bool>());
  // WTP = -b_time / b_cost = -(-0.04) / (-0.08) = -0.5 money per extra minute (time is a bad: a traveller
  // pays 0.5 to save a minute). The earlier expectation of +0.5 had the sign of the value of time savings.
  CHECK(r.summary.at("willingness_to_pay").at("time").at("true").get<double>() == Approx(-0.5));
  double share_total = 0.0;
  for (const auto& row : r.results.rows()) share_total += std::get<double>(row[2]);
  CHECK(share_total == Approx(1.0));

  cfg["estimate"] = false;
  cfg["draw"] = "core_gumbel_max";
  const auto plain = run(cfg);
  CHECK(plain.tables.count("recovery.csv") == 0);
  CHECK(plain.results.size() == 3);
}

TEST_CASE("bad econ.market and econ.simulate configs are ConfigErrors naming the JSON path", "[econ_market]") {
  const json market = read_config("market_whatif.json");
  auto bad = market;
  bad["products"][1].erase("price");
  CHECK(config_error_path(bad) == "/products/1/price");
  bad = market;
  bad["products"][0]["attributes"]["colour"] = 1.0;
  CHECK(config_error_path(bad) == "/products/0/attributes/colour");
  bad = market;
  bad["nests"]["petrol"] = 1.5;
  CHECK(config_error_path(bad) == "/nests/petrol");
  bad = market;
  bad["coefficients"]["price"] = 0.1;
  CHECK(config_error_path(bad) == "/coefficients/price");
  bad = market;
  bad["scenario"]["change"]["truck"] = {{"price", 1.0}};
  CHECK(config_error_path(bad) == "/scenario/change/truck");
  bad = market;
  bad["population"]["interactions"]["price"]["income"] = 0.05;  // makes rich consumers like high prices
  CHECK(config_error_path(bad) == "/population/interactions/price");
  bad = market;
  bad["pricing"]["enabled"] = true;
  bad["outside_good"] = false;
  CHECK(config_error_path(bad) == "/outside_good");
  bad = market;
  bad["pricing"]["tolerence"] = 1e-9;
  CHECK(config_error_path(bad) == "/pricing/tolerence");

  const json sim = read_config("simulate_recover.json");
  auto bad_sim = sim;
  bad_sim["coefficients"]["speed"] = -0.1;
  CHECK(config_error_path(bad_sim) == "/coefficients/speed");
  bad_sim = sim;
  bad_sim["attributes"]["cost"]["mean"].erase("bus");
  CHECK(config_error_path(bad_sim) == "/attributes/cost/mean/bus");
  bad_sim = sim;
  bad_sim["draw"] = "dice";
  CHECK(config_error_path(bad_sim) == "/draw");
  bad_sim = sim;
  bad_sim["coefficients"]["asc.car"] = 0.1;  // a constant for every alternative
  CHECK(config_error_path(bad_sim) == "/coefficients");
  bad_sim = sim;
  bad_sim["wtp_cost"] = "income";
  CHECK(config_error_path(bad_sim) == "/wtp_cost");
}

TEST_CASE("market observables carry what the Market lab draws: shares, elasticities, surplus, pricing",
          "[econ_market]") {
  const auto find_bars = [](const experiments::Observables& o, const std::string& id) -> const experiments::Bars* {
    for (const auto& b : o.bars)
      if (b.id == id) return &b;
    return nullptr;
  };
  // Numbers by id; every id once, and the text is the value as printed.
  const auto number = [](const experiments::Observables& o, const std::string& id) {
    const experiments::Number* found = nullptr;
    for (const auto& n : o.numbers)
      if (n.id == id) {
        CHECK(found == nullptr);
        found = &n;
      }
    if (!found) FAIL("no number " << id);
    CHECK(std::stod(found->text) == Approx(found->value).margin(5e-5));
    return found->value;
  };
  // Red bus / blue bus: logit and nested shares before and after, surplus by scenario, both elasticity grids.
  auto e = make(read_config("red_bus_blue_bus.json"));
  e->step();
  const auto obs = e->observables();
  const auto* shares = find_bars(obs, "shares");
  REQUIRE(shares != nullptr);
  REQUIRE(shares->groups.size() == 4);
  CHECK(shares->groups[0].name == "logit");
  CHECK(shares->groups[1].name.rfind("nested", 0) == 0);
  CHECK(shares->groups[2].values[2] == Approx(1.0 / 3));  // logit after: blue bus 1/3
  const auto* cs = find_bars(obs, "consumer_surplus");
  REQUIRE(cs != nullptr);
  CHECK(cs->labels == std::vector<std::string>{"base", "blue bus added"});
  REQUIRE(cs->groups.size() == 2);
  CHECK(cs->groups[0].values[1] - cs->groups[0].values[0] == Approx(std::log(1.5)).epsilon(1e-12));
  REQUIRE(obs.grids.size() == 3);
  CHECK(obs.grids[0].id == "elasticities");
  CHECK(obs.grids[1].id == "nested_elasticities");
  CHECK(obs.grids[1].rows == 2);
  // The what-if market's plain-logit elasticities, the blue bus included: three products at shares 1/3,
  // price 1, price coefficient -1: E_jj = -(1 - 1/3), E_jk = 1/3.
  CHECK(obs.grids[2].id == "scenario_elasticities");
  REQUIRE(obs.grids[2].rows == 3);
  REQUIRE(obs.grids[2].values.size() == 9u);
  for (int j = 0; j < 3; ++j)
    for (int k = 0; k < 3; ++k)
      CHECK(obs.grids[2].values[static_cast<std::size_t>(3 * j + k)] ==
            Approx(j == k ? -2.0 / 3.0 : 1.0 / 3.0).margin(1e-6));
  CHECK(number(obs, "nested_share.car") == Approx(0.5).margin(1e-12));
  CHECK(number(obs, "share.car") == Approx(0.5).margin(1e-12));  // before the blue bus: car and red bus
  for (const auto& n : obs.numbers)
    if (n.id.rfind("consumer_surplus", 0) == 0) CHECK(n.unit == "money");
  CHECK(number(obs, "elasticity.car") == Approx(-0.5).margin(1e-4));
  CHECK(number(obs, "consumer_surplus_change.logit") == Approx(std::log(1.5)).epsilon(1e-12));

  // Pricing: prices and margins by regime, per-firm profits, surplus; monopoly margins all equal.
  auto pe = make(read_config("pricing_bertrand.json"));
  pe->step();
  const auto po = pe->observables();
  const auto* prices = find_bars(po, "prices");
  REQUIRE(prices != nullptr);
  CHECK(prices->groups.size() == 3);
  const auto* margins = find_bars(po, "margins");
  REQUIRE(margins != nullptr);
  REQUIRE(margins->groups.size() == 2);
  for (double m : margins->groups[1].values) CHECK(m == Approx(margins->groups[1].values[0]).epsilon(1e-9));
  CHECK(number(po, "nash_margin.A1") == Approx(number(po, "nash_margin.A2")).margin(1e-4));
  CHECK(number(po, "nash_profit.A") + number(po, "nash_profit.B") + number(po, "nash_profit.C") ==
        Approx(number(po, "total_profit.nash")).margin(2e-4));
  CHECK(number(po, "consumer_surplus.monopoly") < number(po, "consumer_surplus.nash"));
  const auto r = pe->finish();
  CHECK(value_of(r.results, "bertrand_nash", "logit", "firm_profit", "A") ==
        Approx(value_of(r.results, "bertrand_nash", "logit", "profit", "A1") +
               value_of(r.results, "bertrand_nash", "logit", "profit", "A2")));
  CHECK(r.summary.at("bertrand_nash").at("firm_profits").size() == 3);
}

TEST_CASE("econ.market refuses magnitudes it cannot carry, naming the key, and a share no double carries",
          "[econ_market]") {
  const json pricing = read_config("pricing_bertrand.json");
  auto bad = pricing;
  bad["products"][0]["price"] = 1e308;
  CHECK(config_error_path(bad) == "/products/0/price");
  bad = pricing;
  bad["products"][0]["constant"] = 1e308;
  CHECK(config_error_path(bad) == "/products/0/constant");
  bad = pricing;
  bad["coefficients"]["price"] = -1e-300;
  CHECK(config_error_path(bad) == "/coefficients/price");
  bad = pricing;
  bad["arc_change"] = 1e-300;
  CHECK(config_error_path(bad) == "/arc_change");
  bad = pricing;
  bad["products"][1]["constant"] = 1e6;  // every other product's share underflows
  CHECK(config_error_path(bad) == "/products/0");
  bad = pricing;
  bad["products"][2]["cost"] = 1e6;  // at prices equal to costs, where the pricing starts, B1 sells nothing
  CHECK(config_error_path(bad) == "/products/2/cost");
  bad = pricing;
  bad["scenario"] = {{"add", {{{"name", "Z"}, {"price", 1e308}, {"attributes", {{"quality", 1.0}}}}}}};
  CHECK(config_error_path(bad) == "/scenario/add/0/price");
  bad["scenario"]["add"][0]["price"] = 1e4;  // a share of exp(-8000)
  CHECK(config_error_path(bad) == "/scenario/add/0");
  try {
    make(bad);
  } catch (const core::ConfigError& e) {
    CHECK(std::string(e.what()).find("product \"Z\" with share 0 in the scenario") != std::string::npos);
  }
}

TEST_CASE("econ.market at a zero or subnormal price: the arc elasticity is its limit, the point elasticity",
          "[econ_market]") {
  for (const double price : {0.0, 5e-324}) {
    json cfg = read_config("market_whatif.json");
    cfg["products"][0]["price"] = price;
    const auto r = run(cfg);
    for (const char* model : {"logit", "nested_logit"})
      for (const char* of : {"economy", "family", "electric"}) {
        const double arc = value_of(r.results, "base", model, "arc_elasticity", of, "price:economy");
        const double point = value_of(r.results, "base", model, "elasticity", of, "price:economy");
        CHECK(std::isfinite(arc));
        CHECK(arc == point);
        CHECK(std::fabs(point) < 1e-300);  // b p (1 - s) and -b p s at p ~ 0
      }
    // the other columns are still arc elasticities: they differ from the point ones
    CHECK(value_of(r.results, "base", "logit", "arc_elasticity", "family", "price:family") !=
          value_of(r.results, "base", "logit", "elasticity", "family", "price:family"));
  }
}

TEST_CASE("econ.market estimates its cost from the consumers and products, and steps in parts",
          "[econ_market]") {
  const auto& kind = market_registry().find("econ.market");
  REQUIRE(kind.cost);
  json cfg = read_config("market_whatif.json");
  const auto small = kind.cost(kind.schema.resolve(cfg));
  cfg["population"]["consumers"] = 100000;
  const auto large = kind.cost(kind.schema.resolve(cfg));
  CHECK(large.bytes == Approx(small.bytes * 50.0));
  CHECK(large.seconds == Approx(small.seconds * 50.0));
  cfg["population"]["consumers"] = 100001;
  CHECK(config_error_path(cfg) == "/population/consumers");
  CHECK(large.keys == "/population/consumers, /products");
  // At most three slices (base, scenario, pricing; one on a fast machine, more under a sanitizer), progress
  // rising to 1.
  auto e = make(read_config("market_whatif.json"));
  CHECK(e->progress() == 0.0);
  int slices = 0;
  double last = 0.0;
  while (!e->done() && slices < 10) {
    e->step();
    ++slices;
    CHECK(e->progress() > last);
    last = e->progress();
  }
  CHECK(e->done());
  CHECK(slices <= 3);
  CHECK(e->progress() == 1.0);
}
