// econ.market's one declaration: every product key (in /products and /scenario/add) is a node of the schema
// whose default is what resolve fills in and what describe prints; bad products, scenarios, nests and
// population variables are ConfigErrors at their full JSON path, with a did-you-mean for a misspelt key.
#include <catch2/catch.hpp>

#include <fstream>
#include <string>
#include <vector>
#include "core/config_error.hpp"
#include "experiments/config_loader.hpp"
#include "experiments/registry.hpp"

using namespace arbiter;
using json = nlohmann::json;

namespace {

json whatif() {
  std::ifstream in(std::string(ARBITER_SOURCE_DIR) + "/configs/econ/market_whatif.json");
  REQUIRE(in.good());
  return json::parse(in);
}

// The ConfigError's message for `config` with `overrides`, through resolve and make.
std::string config_error(const json& config, const std::vector<std::string>& overrides = {}) {
  try {
    const auto cfg = experiments::resolve_config(config, "test.json", ".", overrides);
    auto exp = experiments::make_experiment(cfg, 1);
    while (!exp->done()) exp->step();
  } catch (const core::ConfigError& e) {
    return e.what();
  }
  return "(no ConfigError)";
}

}  // namespace

TEST_CASE("econ.market declares its products once: resolve, describe and the node agree", "[econ_market][schema]") {
  const auto& kind = experiments::registry().find("econ.market");
  const core::Param* list = kind.schema.find("/products");
  REQUIRE(list != nullptr);
  REQUIRE(list->type == core::ParamType::list);
  CHECK(list->min_items == 1);
  const core::Param& product = list->element();
  REQUIRE(product.type == core::ParamType::object);
  std::vector<std::string> keys;
  for (const auto& key : product.children()) keys.push_back(key.key);
  CHECK(keys == std::vector<std::string>{"name", "price", "cost", "firm", "constant", "attributes", "nest"});
  CHECK(product.child("name")->is_required());
  CHECK(product.child("price")->is_required());

  // A product with only its required keys gets every declared default, and nothing for the optional keys.
  const auto cfg = experiments::resolve_config(
      json{{"kind", "econ.market"}, {"products", {{{"name", "a"}, {"price", 2.0}}}}, {"coefficients", {{"price", -1.0}}},
           {"scenario", {{"add", {{{"name", "b"}, {"price", 3.0}}}}}}},
      "test.json", ".");
  const json& a = cfg.resolved.at("products").at(0);
  const json& b = cfg.resolved.at("scenario").at("add").at(0);
  const std::string d = kind.schema.describe();
  const auto products_at = d.find("/products");
  const auto scenario_at = d.find("/scenario");
  REQUIRE(products_at != std::string::npos);
  REQUIRE(scenario_at != std::string::npos);
  for (const auto& key : product.children()) {
    INFO(key.key);
    const auto at = d.find("      " + key.key + " ", products_at);
    REQUIRE(at < scenario_at);
    if (key.optional_key) {
      CHECK_FALSE(a.contains(key.key));
      CHECK_FALSE(b.contains(key.key));
      CHECK(d.find("optional", at) < d.find('\n', d.find('\n', at) + 1));
    } else if (key.is_required()) {
      CHECK(d.find("required", at) < d.find('\n', d.find('\n', at) + 1));
    } else {
      CHECK(a.at(key.key) == key.default_instance());
      CHECK(b.at(key.key) == key.default_instance());
      CHECK(d.find("default " + core::short_json(key.default_value), at) < d.find('\n', d.find('\n', at) + 1));
    }
    // /scenario/add lists the same keys.
    CHECK(d.find("        " + key.key + " ", scenario_at) != std::string::npos);
  }
  CHECK(a.at("cost") == 0.0);
  CHECK(a.at("constant") == 0.0);
  CHECK(a.at("attributes") == json::object());
  // Every other default the kind reads is declared once and filled in.
  CHECK(cfg.resolved.at("pricing").at("max_iterations") == kind.schema.find("/pricing/max_iterations")->default_value);
  CHECK(cfg.resolved.at("nests") == json::object());
  CHECK(cfg.resolved.at("population").at("consumers") == 0);
  // Resolving the resolved config changes nothing (the GUI and saved configs go round this loop).
  CHECK(experiments::resolve_config(cfg.resolved, "test.json", ".").resolved == cfg.resolved);
}

TEST_CASE("a changed product default in the node is what resolve fills in", "[econ_market][schema]") {
  experiments::ExperimentKind kind = experiments::registry().find("econ.market");
  core::Param* products = const_cast<core::Param*>(kind.schema.find("/products"));
  REQUIRE(products != nullptr);
  products->element().child("cost")->default_value = 2.5;
  const json resolved = kind.schema.resolve(
      json{{"kind", "econ.market"}, {"products", {{{"name", "a"}, {"price", 4.0}}}}, {"coefficients", {{"price", -1.0}}}});
  CHECK(resolved.at("products").at(0).at("cost") == 2.5);
  CHECK(kind.schema.describe().find("default 2.5") != std::string::npos);
}

TEST_CASE("bad econ.market products, scenarios, nests and variables name the full path", "[econ_market][errors]") {
  const json base = whatif();
  CHECK(config_error(base) == "(no ConfigError)");
  CHECK(config_error(base, {"/products/2/prise=40"}) ==
        "test.json: /products/2/prise: expected one of the keys name, price, cost, firm, constant, attributes, nest, "
        "got unknown key \"prise\" (did you mean \"price\"?)");
  CHECK(config_error(base, {"/products/1/price=\"cheap\""}) == "test.json: /products/1/price: expected a number in [-1e+50, 1e+50], got \"cheap\"");
  CHECK(config_error(base, {"/products/0/name=\"\""}) ==
        "test.json: /products/0/name: expected a non-empty product name, got \"\"");
  CHECK(config_error(base, {"/products/3/name=\"economy\""}) ==
        "test.json: /products/3/name: expected a product name used once, got \"economy\" again");
  CHECK(config_error(base, {"/products/0/attributes/range=\"far\""}) ==
        "test.json: /products/0/attributes/range: expected a number in [-1e+50, 1e+50], got \"far\"");
  CHECK(config_error(base, {"/products/0/nest=\"diesel\""}) ==
        "test.json: /products/0/nest: expected a nest declared in /nests: \"petrol\", got \"diesel\"");
  CHECK(config_error(base, {"/products=[]"}) == "test.json: /products: expected a non-empty list of entries, each an "
                                                 "object {name, price, cost, firm, constant, attributes, nest}, got []");
  CHECK(config_error(base, {"/nests/petrol=0"}) == "test.json: /nests/petrol: expected a number in (0, 1], got 0");
  CHECK(config_error(base, {"/coefficients/price=0"}) == "test.json: /coefficients/price: expected a number < 0, got 0");
  CHECK(config_error(base, {"/coefficients/range=\"x\""}) == "test.json: /coefficients/range: expected a number in [-1e+50, 1e+50], got \"x\"");
  CHECK(config_error(base, {"/population/variables/income/sdd=3"}) ==
        "test.json: /population/variables/income/sdd: expected one of the keys mean, sd, got unknown key \"sdd\" "
        "(did you mean \"sd\"?)");
  CHECK(config_error(base, {"/population/variables/income/sd=-1"}) ==
        "test.json: /population/variables/income/sd: expected a number in [0, 1e+50], got -1");
  CHECK(config_error(base, {"/population/interactions/price/income=\"x\""}) ==
        "test.json: /population/interactions/price/income: expected a number in [-1e+50, 1e+50], got \"x\"");
  CHECK(config_error(base, {"/scenario/chnage={}"}) ==
        "test.json: /scenario/chnage: expected one of the keys name, change, add, remove, got unknown key \"chnage\" "
        "(did you mean \"change\"?)");
  CHECK(config_error(base, {"/scenario/change/electric/prise=30"}) ==
        "test.json: /scenario/change/electric/prise: expected one of the keys price, cost, constant, attributes, got "
        "unknown key \"prise\" (did you mean \"price\"?)");
  CHECK(config_error(base, {"/scenario/remove=[\"bus\"]"}) ==
        "test.json: /scenario/remove/0: expected the name of a product in /products, got \"bus\"");
  CHECK(config_error(base, {"/scenario/remove=[3]"}) == "test.json: /scenario/remove/0: expected a string, got 3");
  CHECK(config_error(base, {"/scenario/add=[{\"name\": \"van\"}]"}).rfind("test.json: /scenario/add/0/price: expected "
                                                                            "a number in [-1e+50, 1e+50] (required",
                                                                            0) == 0);
  CHECK(config_error(base, {"/arc_change=0"}) == "test.json: /arc_change: expected a relative change != 0, got 0");
  CHECK(config_error(base, {"/arc_change=1e-7"}).rfind("test.json: /arc_change: expected a relative change of magnitude "
                                                       "at least 1e-6",
                                                       0) == 0);
  CHECK(config_error(base, {"/products/1/price=1e51"}) ==
        "test.json: /products/1/price: expected a number in [-1e+50, 1e+50], got 1e+51");
}
