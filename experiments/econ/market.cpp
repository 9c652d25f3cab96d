// Kind "econ.market": a what-if market under logit demand (optionally nested logit, optionally a population
// of heterogeneous consumers by sample enumeration, or a mixed-logit or latent-class mixture: the keys of
// experiments/econ/market_mixture_keys.hpp, every "logit" figure then the mixture's). Reports shares, point
// and arc price elasticities, marginal effects, willingness to pay and consumer surplus for the base products and an optional scenario
// (changed prices or attributes, added or removed products: the red-bus/blue-bus demonstration), and the
// Bertrand-Nash and joint-monopoly prices. The market model is econ/market_*.hpp; this file holds the
// schema (every product key, the maps by name checked entry by entry), the reading of the resolved config
// (with the checks across keys the schema cannot make, each a ConfigError naming the JSON path), the Experiment glue and the registration. Slices of 0.1 s
// or one part (base, scenario, pricing); the GUI re-makes it from the config when a product changes.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <sstream>

#include "core/config_error.hpp"
#include "core/config_schema.hpp"
#include "core/table.hpp"
#include "econ/market_model.hpp"
#include "econ/market_pricing.hpp"
#include "econ/market_scenario.hpp"
#include "experiments/econ/market_mixture_keys.hpp"
#include "experiments/econ/open_objects.hpp"
#include "experiments/registry.hpp"

namespace arbiter::experiments {
namespace {

using json = nlohmann::json;
namespace mf = open_objects;

// The econ.market configuration: the market model, the base products and the scenario's, and the settings.
struct MarketSetup {
  econ::MarketModel market;
  std::vector<econ::Product> products;       // the base scenario
  bool has_scenario = false;
  std::string scenario_name;
  std::vector<econ::Product> scenario_products;
  bool pricing = false;
  double market_size = 1.0;
  double pricing_tolerance = 1e-12;
  int pricing_max_iterations = 100000;
  double arc_change = 0.01;
};

int find_name(const std::vector<std::string>& names, const std::string& name) {
  const auto it = std::find(names.begin(), names.end(), name);
  return it == names.end() ? -1 : static_cast<int>(it - names.begin());
}

std::string name_list(const std::vector<std::string>& names) {
  std::string s;
  for (const auto& n : names) s += (s.empty() ? "\"" : ", \"") + n + "\"";
  return s.empty() ? "(none)" : s;
}

// ---- the declaration: the nodes used in more than one place ----

// The largest magnitude of a price, cost, constant, attribute value, coefficient, interaction or variable:
// utilities (sums of products of two of them) and surpluses (utilities over the price coefficient, at least
// 1e-50 in magnitude) then stay far inside double range.
constexpr double kMaxMagnitude = 1e50;
// The smallest price-coefficient magnitude and relative arc change, and the largest market size.
constexpr double kMinPriceCoefficient = 1e-50;
constexpr double kMinArcChange = 1e-6;
constexpr double kMaxMarketSize = 1e15;
// The smallest share every product must have (logit and nested, base and scenario, and at prices equal to
// costs where the pricing starts): below it the elasticities' share ratios lose their digits, and shares
// that underflow to 0 have none.
constexpr double kMinShare = 1e-250;
// The pricing iteration's largest limit (each iteration evaluates every consumer's demand).
constexpr double kMaxPricingIterations = 1000000;

// A number of magnitude at most kMaxMagnitude (a coefficient, an attribute value, an interaction).
core::Param finite_number(std::string help) {
  core::Param p = core::Param::make(core::ParamType::number, nullptr, std::move(help));
  p.at_least(-kMaxMagnitude).at_most(kMaxMagnitude);
  return p;
}

// {ATTR: value}: a product's attribute values (each attribute has a coefficient in /coefficients).
core::Param attribute_values(std::string help) {
  return mf::map_of(finite_number("the attribute's value"), json::object(), std::move(help));
}

// One product (an entry of /products and of /scenario/add).
core::Param product_node() {
  core::Param p = core::Param::make(core::ParamType::object, json::object(), "a product");
  p.string("name", nullptr, "the product's name, used once in the market")
      .validate_with([](const json& v, const std::string& path) {
        if (v.get<std::string>().empty()) throw core::ConfigError("", path, "a non-empty product name", "\"\"");
      });
  p.number("price", nullptr, "its price (money, magnitude at most 1e50)")
      .at_least(-kMaxMagnitude)
      .at_most(kMaxMagnitude)
      .live_control();
  p.number("cost", 0.0, "its marginal cost (money, magnitude at most 1e50): margins and profits in the pricing game")
      .at_least(-kMaxMagnitude)
      .at_most(kMaxMagnitude)
      .live_control();
  p.string("firm", nullptr, "the firm that sets its price (absent: a firm of its own, named as the product)")
      .optional();
  p.number("constant", 0.0, "its alternative-specific constant (utility, magnitude at most 1e50)")
      .at_least(-kMaxMagnitude)
      .at_most(kMaxMagnitude)
      .live_control();
  p.node("attributes", attribute_values("{ATTR: value}, one value for every attribute in /coefficients"))
      .live_control();
  p.string("nest", nullptr, "the nest it belongs to, a key of /nests (absent: no nest, a nest of its own)")
      .optional();
  return p;
}

// What a scenario changes in a product (/scenario/change/PRODUCT): the keys given replace the base values.
core::Param product_change_node() {
  core::Param c = core::Param::make(core::ParamType::object, json::object(), "the product's changed fields");
  c.number("price", nullptr, "its new price").at_least(-kMaxMagnitude).at_most(kMaxMagnitude).optional();
  c.number("cost", nullptr, "its new marginal cost").at_least(-kMaxMagnitude).at_most(kMaxMagnitude).optional();
  c.number("constant", nullptr, "its new alternative-specific constant")
      .at_least(-kMaxMagnitude)
      .at_most(kMaxMagnitude)
      .optional();
  c.node("attributes", attribute_values("{ATTR: value}, the attributes that change"))
      .optional();
  return c;
}

// One individual variable of the population (/population/variables/NAME).
core::Param variable_node() {
  core::Param v = core::Param::make(core::ParamType::object, json::object(), "a normal individual variable");
  v.number("mean", 0.0, "its mean (magnitude at most 1e50)").at_least(-kMaxMagnitude).at_most(kMaxMagnitude);
  v.number("sd", 1.0, "its standard deviation (at most 1e50)").at_least(0).at_most(kMaxMagnitude);
  return v;
}

// ---- reading the resolved config (the checks across keys the schema cannot make) ----

void read_attributes(const MarketSetup& s, const json& attrs, const std::string& path, econ::Product& p,
                     bool require_all) {
  for (auto it = attrs.begin(); it != attrs.end(); ++it) {
    const int a = find_name(s.market.attribute_names, it.key());
    if (a < 0)
      throw core::ConfigError("", path + "/" + it.key(),
                              "an attribute with a coefficient in /coefficients: " + name_list(s.market.attribute_names),
                              "\"" + it.key() + "\"");
    p.attributes[a] = it.value().get<double>();
  }
  if (require_all)
    for (const auto& name : s.market.attribute_names)
      if (!attrs.contains(name))
        throw core::ConfigError("", path + "/" + name, "a value for every attribute in /coefficients", "nothing");
}

econ::Product read_product(const MarketSetup& s, const json& v, const std::string& path) {
  econ::Product p;
  p.name = v.at("name").get<std::string>();
  p.price = v.at("price").get<double>();
  p.cost = v.at("cost").get<double>();
  p.constant = v.at("constant").get<double>();
  p.firm = v.value("firm", p.name);
  p.nest = v.value("nest", std::string());
  if (!p.nest.empty() && find_name(s.market.nest_names, p.nest) < 0)
    throw core::ConfigError("", path + "/nest", "a nest declared in /nests: " + name_list(s.market.nest_names),
                            "\"" + p.nest + "\"");
  p.attributes = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(s.market.attribute_names.size()));
  read_attributes(s, v.at("attributes"), path + "/attributes", p, true);
  return p;
}

std::vector<econ::Product> read_products(const MarketSetup& s, const json& list, const std::string& path) {
  std::vector<econ::Product> out;
  for (std::size_t j = 0; j < list.size(); ++j) {
    const std::string p = path + "/" + std::to_string(j);
    econ::Product prod = read_product(s, list[j], p);
    if (econ::find_product(out, prod.name) >= 0)
      throw core::ConfigError("", p + "/name", "a product name used once", "\"" + prod.name + "\" again");
    out.push_back(std::move(prod));
  }
  return out;
}

void read_scenario(MarketSetup& s, const json& sc) {
  if (sc.empty()) return;
  s.has_scenario = true;
  s.scenario_name = sc.value("name", std::string("scenario"));
  std::vector<econ::Product> products = s.products;
  const json& rm = sc.value("remove", json::array());
  for (std::size_t i = 0; i < rm.size(); ++i) {
    const int j = econ::find_product(products, rm[i].get<std::string>());
    if (j < 0)
      throw core::ConfigError("", "/scenario/remove/" + std::to_string(i), "the name of a product in /products",
                              core::short_json(rm[i]));
    products.erase(products.begin() + j);
  }
  const json& ch = sc.value("change", json::object());
  for (auto it = ch.begin(); it != ch.end(); ++it) {
    const std::string p = "/scenario/change/" + it.key();
    const int j = econ::find_product(products, it.key());
    if (j < 0) throw core::ConfigError("", p, "the name of a product in /products", "\"" + it.key() + "\"");
    econ::Product& prod = products[static_cast<std::size_t>(j)];
    prod.price = it.value().value("price", prod.price);
    prod.cost = it.value().value("cost", prod.cost);
    prod.constant = it.value().value("constant", prod.constant);
    if (it.value().contains("attributes")) read_attributes(s, it.value().at("attributes"), p + "/attributes", prod, false);
  }
  if (sc.contains("add")) {
    for (auto& prod : read_products(s, sc.at("add"), "/scenario/add")) {
      if (econ::find_product(products, prod.name) >= 0)
        throw core::ConfigError("", "/scenario/add", "new product names", "\"" + prod.name + "\" already exists");
      products.push_back(std::move(prod));
    }
  }
  if (products.empty()) throw core::ConfigError("", "/scenario", "at least one product left", "none");
  s.scenario_products = std::move(products);
}

void read_population(MarketSetup& s, const json& pop) {
  s.market.consumers = pop.at("consumers").get<int>();
  const json& vars = pop.at("variables");
  for (auto it = vars.begin(); it != vars.end(); ++it) s.market.variable_names.push_back(it.key());
  const auto V = static_cast<Eigen::Index>(s.market.variable_names.size());
  s.market.variable_mean.resize(V);
  s.market.variable_sd.resize(V);
  const core::Param variable = variable_node();
  for (Eigen::Index v = 0; v < V; ++v) {
    const std::string& name = s.market.variable_names[static_cast<std::size_t>(v)];
    const json var = variable.resolve(vars.at(name), "/population/variables/" + name);
    s.market.variable_mean[v] = var.at("mean").get<double>();
    s.market.variable_sd[v] = var.at("sd").get<double>();
  }
  const auto A = static_cast<Eigen::Index>(s.market.attribute_names.size());
  s.market.interactions = Eigen::MatrixXd::Zero(1 + A, V);
  const json& inter = pop.at("interactions");
  for (auto it = inter.begin(); it != inter.end(); ++it) {
    const std::string p = "/population/interactions/" + it.key();
    const int row = it.key() == "price" ? 0 : 1 + find_name(s.market.attribute_names, it.key());
    if (row < 0)
      throw core::ConfigError("", p, "\"price\" or an attribute in /coefficients", "\"" + it.key() + "\"");
    for (auto v = it.value().begin(); v != it.value().end(); ++v) {
      const int col = find_name(s.market.variable_names, v.key());
      if (col < 0)
        throw core::ConfigError("", p + "/" + v.key(), "a variable in /population/variables: " + name_list(s.market.variable_names),
                                "\"" + v.key() + "\"");
      s.market.interactions(row, col) = v.value().get<double>();
    }
  }
  if (s.market.consumers == 0 && V > 0)
    throw core::ConfigError("", "/population/consumers", "an integer >= 1 when /population/variables are given", "0");
}

// Refuses a product whose market share (plain logit, and nested when the market has nests) at `prices` is below
// kMinShare, naming the key `path_of(j)` of product j; `at` says at which prices.
template <class PathOf>
void check_shares(const MarketSetup& s, const std::vector<econ::Product>& products, const Eigen::VectorXd& prices,
                  PathOf path_of, const std::string& at) {
  const econ::LogitDemand d = econ::market_demand(s.market, products);
  std::vector<Eigen::VectorXd> shares{econ::market_shares(d, prices)};
  if (s.market.has_nests()) shares.push_back(econ::nested_market_shares(d, prices, econ::market_nests(s.market, products)));
  for (const Eigen::VectorXd& share : shares)
    for (std::size_t j = 0; j < products.size(); ++j) {
      const double x = share[static_cast<Eigen::Index>(j)];
      if (x >= kMinShare) continue;
      throw core::ConfigError("", path_of(j),
                              "a market share of at least 1e-250 for every product (one whose utility lies hundreds "
                              "of units below the best option's has a share no double carries through the "
                              "elasticities; bring its price, constant or attributes closer)",
                              "product \"" + products[j].name + "\" with share " + core::format_double(x) + at);
    }
}

// The key that set product `name` of the scenario: its entry in /scenario/add, its change, or its base entry.
std::string scenario_product_path(const json& sc, const std::vector<econ::Product>& base, const std::string& name) {
  const json& add = sc.value("add", json::array());
  for (std::size_t i = 0; i < add.size(); ++i)
    if (add[i].value("name", std::string()) == name) return "/scenario/add/" + std::to_string(i);
  if (sc.value("change", json::object()).contains(name)) return "/scenario/change/" + name;
  return "/products/" + std::to_string(econ::find_product(base, name));
}

MarketSetup read_market_setup(const json& cfg, std::uint64_t seed, const std::string& config_dir) {
  MarketSetup s;
  s.market.seed = seed;
  const json& coef = cfg.at("coefficients");
  s.market.price_coefficient = coef.at("price").get<double>();
  std::vector<double> values;
  std::map<std::string, double> spreads;
  for (auto it = coef.begin(); it != coef.end(); ++it) {
    if (it.key() == "price") continue;
    if (is_spread_key(it.key())) {
      spreads[it.key()] = it.value().get<double>();
      continue;
    }
    s.market.attribute_names.push_back(it.key());
    values.push_back(it.value().get<double>());
  }
  s.market.attribute_coefficients = Eigen::Map<const Eigen::VectorXd>(values.data(), static_cast<Eigen::Index>(values.size()));
  s.market.outside_good = cfg.at("outside_good").get<bool>();
  const json& nests = cfg.at("nests");
  std::vector<double> lambdas;
  for (auto it = nests.begin(); it != nests.end(); ++it) {
    s.market.nest_names.push_back(it.key());
    lambdas.push_back(it.value().get<double>());
  }
  s.market.nest_lambda = Eigen::Map<const Eigen::VectorXd>(lambdas.data(), static_cast<Eigen::Index>(lambdas.size()));
  const std::optional<econ::MarketEstimates> estimates = read_estimates_key(cfg, config_dir);
  if (estimates) apply_estimated_coefficients(*estimates, s.market);
  s.products = read_products(s, cfg.at("products"), "/products");
  if (estimates) apply_estimated_constants(*estimates, s.products, s.products, false);
  read_population(s, cfg.at("population"));
  read_scenario(s, cfg.at("scenario"));
  if (estimates) apply_estimated_constants(*estimates, s.products, s.scenario_products, true);
  read_market_mixture(cfg, spreads, estimates ? &*estimates : nullptr, s.market);
  const json& pr = cfg.at("pricing");
  s.pricing = pr.at("enabled").get<bool>();
  s.market_size = pr.at("market_size").get<double>();
  s.pricing_tolerance = pr.at("tolerance").get<double>();
  s.pricing_max_iterations = pr.at("max_iterations").get<int>();
  if (s.pricing && !s.market.outside_good)
    throw core::ConfigError("", "/outside_good", "true when /pricing/enabled (monopoly prices are unbounded without one)",
                            "false");
  s.arc_change = cfg.at("arc_change").get<double>();
  // Build the base demand once so that a consumer with a price coefficient >= 0 is reported here.
  try {
    econ::market_demand(s.market, s.products);
  } catch (const core::ArgumentError& e) {
    throw market_demand_error(cfg, e);
  }
  check_shares(s, s.products, econ::product_prices(s.products),
               [](std::size_t j) { return "/products/" + std::to_string(j); }, "");
  if (s.pricing)
    check_shares(s, s.products, econ::product_costs(s.products),
                 [](std::size_t j) { return "/products/" + std::to_string(j) + "/cost"; },
                 " at prices equal to the costs, where the pricing starts");
  if (s.has_scenario) {
    const json& sc = cfg.at("scenario");
    check_shares(s, s.scenario_products, econ::product_prices(s.scenario_products),
                 [&](std::size_t j) { return scenario_product_path(sc, s.products, s.scenario_products[j].name); },
                 " in the scenario");
  }
  return s;
}

// printf into a string of whatever length it takes (prices of order 1e300 print 300 digits).
template <class... Args>
std::string printf_string(const char* format, Args... args) {
  const int n = std::snprintf(nullptr, 0, format, args...);
  std::string s(static_cast<std::size_t>(std::max(n, 0)) + 1, '\0');
  std::snprintf(s.data(), s.size(), format, args...);
  s.resize(static_cast<std::size_t>(std::max(n, 0)));
  return s;
}

std::string fixed(double x, int digits = 4) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, x);
  return buf;
}

// The unit of prices, margins, profits and surplus: the config's money.
constexpr const char* kMoney = "money";

class MarketExperiment final : public Experiment {
 public:
  explicit MarketExperiment(MarketSetup s) : s_(std::move(s)), wtp_(econ::attribute_willingness_to_pay(s_.market)) {}

  // Three parts (a population of many consumers takes seconds for each): the base scenario, the what-if
  // scenario, the pricing equilibria; a slice ends after the part that passes kSliceSeconds.
  void step() override {
    const auto start = std::chrono::steady_clock::now();
    while (!done_ && std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() < kSliceSeconds)
      step_part();
  }

  void step_part() {
    const int phase = phase_++;
    if (phase == 0) base_ = econ::evaluate_scenario(s_.market, s_.products, "base", s_.arc_change);
    if (phase == 1 && s_.has_scenario)
      after_ = econ::evaluate_scenario(s_.market, s_.scenario_products, s_.scenario_name, s_.arc_change);
    if (phase == 2 && s_.pricing) {
      econ::PricingOptions opt;
      opt.tolerance = s_.pricing_tolerance;
      opt.max_iterations = s_.pricing_max_iterations;
      const econ::MarketPrices prices = econ::price_market(s_.market, s_.products, s_.market_size, opt);
      given_ = prices.given;
      nash_ = prices.nash;
      monopoly_ = prices.monopoly;
      if (!prices.converged())
        throw core::RunError("econ.market: the pricing iteration did not converge within " +
                             std::to_string(opt.max_iterations) + " iterations (FOC residual Nash " +
                             core::format_double(nash_.foc_residual) + ", monopoly " +
                             core::format_double(monopoly_.foc_residual) + ")");
    }
    done_ = phase_ == 3;
  }
  bool done() const override { return done_; }
  double progress() const override { return phase_ / 3.0; }

  Observables observables() const override {
    Observables o;
    if (!done_) return o;
    o.bars.push_back(share_bars());
    if (s_.pricing) {
      Bars b{"prices", "Prices: given, Bertrand-Nash, joint monopoly", {}, {}, 0.0};
      for (const auto& p : s_.products) b.labels.push_back(p.name);
      b.groups.push_back({"given", std::vector<double>(base_.prices.data(), base_.prices.data() + base_.prices.size())});
      b.groups.push_back({"Bertrand-Nash", std::vector<double>(nash_.prices.data(), nash_.prices.data() + nash_.prices.size())});
      b.groups.push_back({"joint monopoly",
                          std::vector<double>(monopoly_.prices.data(), monopoly_.prices.data() + monopoly_.prices.size())});
      o.bars.push_back(std::move(b));
    }
    Grid g;
    g.id = "elasticities";
    g.title = "Price elasticities E_jk (row j: share, column k: price)";
    g.rows = g.cols = static_cast<int>(base_.elasticities.rows());
    for (int j = 0; j < g.rows; ++j)
      for (int k = 0; k < g.cols; ++k) g.values.push_back(static_cast<float>(base_.elasticities(j, k)));
    g.lo = static_cast<float>(base_.elasticities.minCoeff());
    g.hi = static_cast<float>(std::max(base_.elasticities.maxCoeff(), 0.0));
    o.grids.push_back(std::move(g));
    if (s_.market.has_nests()) {
      Grid n;
      n.id = "nested_elasticities";
      n.title = "Nested-logit price elasticities E_jk (row j: share, column k: price)";
      n.rows = n.cols = static_cast<int>(base_.nested_elasticities.rows());
      for (int j = 0; j < n.rows; ++j)
        for (int k = 0; k < n.cols; ++k) n.values.push_back(static_cast<float>(base_.nested_elasticities(j, k)));
      n.lo = static_cast<float>(base_.nested_elasticities.minCoeff());
      n.hi = static_cast<float>(std::max(base_.nested_elasticities.maxCoeff(), 0.0));
      o.grids.push_back(std::move(n));
    }
    if (s_.has_scenario && after_.elasticities.rows() > 0) {
      // The what-if market's elasticities (its products in order: the base's kept, then those added).
      Grid a;
      a.id = "scenario_elasticities";
      a.title = "Price elasticities E_jk, " + after_.name + " (row j: share, column k: price)";
      a.rows = a.cols = static_cast<int>(after_.elasticities.rows());
      for (int j = 0; j < a.rows; ++j)
        for (int k = 0; k < a.cols; ++k) a.values.push_back(static_cast<float>(after_.elasticities(j, k)));
      a.lo = static_cast<float>(after_.elasticities.minCoeff());
      a.hi = static_cast<float>(std::max(after_.elasticities.maxCoeff(), 0.0));
      o.grids.push_back(std::move(a));
    }
    o.bars.push_back(surplus_bars());
    // Numbers by stable id ("share.bus", "elasticity.bus", "consumer_surplus.logit", ...); labels as shown.
    const auto number = [&](const std::string& id, const std::string& label, double value, const char* unit = "") {
      o.numbers.push_back({id, label, value, fixed(value), unit});
    };
    for (std::size_t j = 0; j < base_.products.size(); ++j) {
      const auto jj = static_cast<Eigen::Index>(j);
      const std::string& name = base_.products[j].name;
      number("share." + name, "share " + name, base_.logit_shares[jj]);
      number("elasticity." + name, "own elasticity " + name, base_.elasticities(jj, jj));
      if (s_.market.has_nests()) {
        number("nested_share." + name, "nested share " + name, base_.nested_shares[jj]);
        number("nested_elasticity." + name, "nested own elasticity " + name, base_.nested_elasticities(jj, jj));
      }
    }
    number("consumer_surplus.logit", "consumer surplus per consumer (" + demand_label() + ")", base_.logit_cs, kMoney);
    if (s_.market.has_nests())
      number("consumer_surplus.nested", "consumer surplus per consumer (nested)", base_.nested_cs, kMoney);
    for (std::size_t a = 0; a < s_.market.attribute_names.size(); ++a)
      number("wtp." + s_.market.attribute_names[a], "WTP " + s_.market.attribute_names[a],
             wtp_[static_cast<Eigen::Index>(a)], "money per unit");
    if (s_.has_scenario) {
      number("consumer_surplus_change.logit", "CS change (" + demand_label() + "): " + after_.name, cs_change(false), kMoney);
      if (s_.market.has_nests())
        number("consumer_surplus_change.nested", "CS change (nested): " + after_.name, cs_change(true), kMoney);
    }
    if (s_.pricing) {
      for (std::size_t j = 0; j < s_.products.size(); ++j) {
        const auto jj = static_cast<Eigen::Index>(j);
        const std::string& name = s_.products[j].name;
        number("nash_price." + name, "Nash price " + name, nash_.prices[jj], kMoney);
        number("monopoly_price." + name, "monopoly price " + name, monopoly_.prices[jj], kMoney);
      }
      for (std::size_t j = 0; j < s_.products.size(); ++j) {
        const auto jj = static_cast<Eigen::Index>(j);
        const std::string& name = s_.products[j].name;
        number("nash_margin." + name, "Nash margin " + name, nash_.margins[jj], kMoney);
        number("nash_share." + name, "Nash share " + name, nash_.shares[jj]);
        number("monopoly_share." + name, "monopoly share " + name, monopoly_.shares[jj]);
      }
      for (const auto& [firm, profit] : firm_profits(nash_))
        number("nash_profit." + firm, "Nash profit firm " + firm, profit, kMoney);
      number("consumer_surplus.nash", "CS Nash (market)", nash_.consumer_surplus, kMoney);
      number("consumer_surplus.monopoly", "CS monopoly (market)", monopoly_.consumer_surplus, kMoney);
      number("total_profit.nash", "total profit Nash", nash_.profits.sum(), kMoney);
      number("total_profit.monopoly", "total profit monopoly", monopoly_.profits.sum(), kMoney);
      Bars m{"margins", "Margins p - c: Bertrand-Nash vs joint monopoly", {}, {}, 0.0};
      for (const auto& p : s_.products) m.labels.push_back(p.name);
      m.groups.push_back({"Bertrand-Nash", std::vector<double>(nash_.margins.data(), nash_.margins.data() + nash_.margins.size())});
      m.groups.push_back({"joint monopoly",
                          std::vector<double>(monopoly_.margins.data(), monopoly_.margins.data() + monopoly_.margins.size())});
      o.bars.push_back(std::move(m));
    }
    return o;
  }

  Results finish() override {
    if (!done_) step();
    Results r;
    r.results = core::Table({"scenario", "model", "quantity", "product", "with_respect_to", "value"});
    add_scenario_rows(r.results, base_);
    if (s_.has_scenario) {
      add_scenario_rows(r.results, after_);
      r.results.add_row({std::string("change"), demand_model(), std::string("consumer_surplus_change"),
                         std::string(""), std::string(""), cs_change(false)});
      if (s_.market.has_nests())
        r.results.add_row({std::string("change"), std::string("nested_logit"), std::string("consumer_surplus_change"),
                           std::string(""), std::string(""), cs_change(true)});
    }
    for (std::size_t a = 0; a < s_.market.attribute_names.size(); ++a)
      r.results.add_row({std::string("base"), demand_model(), std::string("willingness_to_pay"),
                         std::string(""), s_.market.attribute_names[a],
                         wtp_[static_cast<Eigen::Index>(a)]});
    if (s_.pricing) {
      add_pricing_rows(r.results, "given_prices", given_);
      add_pricing_rows(r.results, "bertrand_nash", nash_);
      add_pricing_rows(r.results, "joint_monopoly", monopoly_);
    }
    r.summary = summary();
    r.report = report();
    return r;
  }

 private:
  // The demand the "logit" figures come from: plain logit, or its mixture over draws or classes.
  std::string demand_model() const {
    if (s_.market.mixture.mixed_logit()) return "mixed_logit";
    if (s_.market.mixture.latent_class()) return "latent_class";
    return "logit";
  }
  std::string demand_label() const {
    if (s_.market.mixture.mixed_logit()) return "mixed logit";
    if (s_.market.mixture.latent_class()) return "latent class";
    return "logit";
  }

  double cs_change(bool nested) const { return econ::scenario_surplus_change(s_.market, base_, after_, nested); }

  std::vector<std::string> share_labels() const {
    std::vector<std::string> labels;
    for (const auto& p : base_.products) labels.push_back(p.name);
    if (s_.has_scenario)
      for (const auto& p : after_.products)
        if (std::find(labels.begin(), labels.end(), p.name) == labels.end()) labels.push_back(p.name);
    if (s_.market.outside_good) labels.push_back("outside");
    return labels;
  }

  std::vector<double> shares_on(const std::vector<std::string>& labels, const econ::ScenarioOutcome& r,
                                const Eigen::VectorXd& shares) const {
    std::vector<double> out(labels.size(), 0.0);
    for (std::size_t l = 0; l < labels.size(); ++l) {
      if (labels[l] == "outside" && s_.market.outside_good && l + 1 == labels.size()) {
        out[l] = shares[shares.size() - 1];
        continue;
      }
      for (std::size_t j = 0; j < r.products.size(); ++j)
        if (r.products[j].name == labels[l]) out[l] = shares[static_cast<Eigen::Index>(j)];
    }
    return out;
  }

  // Expected consumer surplus per consumer by scenario (groups: logit, nested logit).
  Bars surplus_bars() const {
    Bars b{"consumer_surplus", "Consumer surplus per consumer (money, from the logsum)", {"base"}, {}, 0.0};
    if (s_.has_scenario) b.labels.push_back(after_.name);
    BarGroup logit{demand_label(), {base_.logit_cs}}, nested{"nested logit", {base_.nested_cs}};
    if (s_.has_scenario) {
      logit.values.push_back(after_.logit_cs);
      nested.values.push_back(after_.nested_cs);
    }
    b.groups.push_back(std::move(logit));
    if (s_.market.has_nests()) b.groups.push_back(std::move(nested));
    return b;
  }

  Bars share_bars() const {
    Bars b{"shares", "Market shares: " + (s_.market.mixture.empty() ? std::string("plain logit") : demand_label()) +
                         " vs nested logit", share_labels(), {}, 0.0};
    b.groups.push_back({demand_label(), shares_on(b.labels, base_, base_.logit_shares)});
    if (s_.market.has_nests()) b.groups.push_back({"nested logit", shares_on(b.labels, base_, base_.nested_shares)});
    if (s_.has_scenario) {
      b.groups.push_back({demand_label() + ": " + after_.name, shares_on(b.labels, after_, after_.logit_shares)});
      if (s_.market.has_nests())
        b.groups.push_back({"nested: " + after_.name, shares_on(b.labels, after_, after_.nested_shares)});
    }
    return b;
  }

  void add_scenario_rows(core::Table& t, const econ::ScenarioOutcome& r) const {
    const std::string logit = demand_model();
    const auto add = [&](const std::string& model, const std::string& q, const std::string& prod, const std::string& wrt,
                         double v) { t.add_row({r.name, model, q, prod, wrt, v}); };
    const auto J = r.products.size();
    for (std::size_t j = 0; j < J; ++j) {
      const auto jj = static_cast<Eigen::Index>(j);
      const std::string& pj = r.products[j].name;
      add(logit, "price", pj, "", r.prices[jj]);
      add(logit, "share", pj, "", r.logit_shares[jj]);
      if (s_.market.has_nests()) add("nested_logit", "share", pj, "", r.nested_shares[jj]);
      for (std::size_t k = 0; k < J; ++k) {
        const auto kk = static_cast<Eigen::Index>(k);
        const std::string& pk = r.products[k].name;
        add(logit, "elasticity", pj, "price:" + pk, r.elasticities(jj, kk));
        add(logit, "arc_elasticity", pj, "price:" + pk, r.arc_elasticities(jj, kk));
        add(logit, "marginal_effect", pj, "price:" + pk, r.price_effects(jj, kk));
        for (std::size_t a = 0; a < s_.market.attribute_names.size(); ++a)
          add(logit, "marginal_effect", pj, s_.market.attribute_names[a] + ":" + pk, r.attribute_effects[a](jj, kk));
        if (s_.market.has_nests()) {
          add("nested_logit", "elasticity", pj, "price:" + pk, r.nested_elasticities(jj, kk));
          add("nested_logit", "arc_elasticity", pj, "price:" + pk, r.nested_arc_elasticities(jj, kk));
          add("nested_logit", "marginal_effect", pj, "price:" + pk, r.nested_price_effects(jj, kk));
        }
      }
    }
    if (s_.market.outside_good) {
      add(logit, "share", "outside", "", r.logit_shares[r.logit_shares.size() - 1]);
      if (s_.market.has_nests()) add("nested_logit", "share", "outside", "", r.nested_shares[r.nested_shares.size() - 1]);
    }
    add(logit, "consumer_surplus", "", "", r.logit_cs);
    if (s_.market.has_nests()) add("nested_logit", "consumer_surplus", "", "", r.nested_cs);
  }

  void add_pricing_rows(core::Table& t, const char* name, const econ::PricingEquilibrium& e) const {
    const auto add = [&](const std::string& q, const std::string& prod, double v) {
      t.add_row({std::string(name), demand_model(), q, prod, std::string(""), v});
    };
    for (std::size_t j = 0; j < s_.products.size(); ++j) {
      const auto jj = static_cast<Eigen::Index>(j);
      const std::string& p = s_.products[j].name;
      add("price", p, e.prices[jj]);
      add("share", p, e.shares[jj]);
      add("margin", p, e.margins[jj]);
      add("profit", p, e.profits[jj]);
    }
    add("share", "outside", e.outside_share);
    for (const auto& [firm, profit] : firm_profits(e)) add("firm_profit", firm, profit);
    add("total_profit", "", e.profits.sum());
    add("consumer_surplus", "", e.consumer_surplus);
    add("foc_residual", "", e.foc_residual);
    add("iterations", "", e.iterations);
  }

  json scenario_json(const econ::ScenarioOutcome& r) const {
    json j;
    for (std::size_t k = 0; k < r.products.size(); ++k) {
      const auto kk = static_cast<Eigen::Index>(k);
      j["logit_shares"][r.products[k].name] = r.logit_shares[kk];
      j["own_elasticities"][r.products[k].name] = r.elasticities(kk, kk);
      if (s_.market.has_nests()) {
        j["nested_shares"][r.products[k].name] = r.nested_shares[kk];
        j["nested_own_elasticities"][r.products[k].name] = r.nested_elasticities(kk, kk);
      }
    }
    j["consumer_surplus_logit"] = r.logit_cs;
    if (s_.market.has_nests()) j["consumer_surplus_nested"] = r.nested_cs;
    return j;
  }

  std::vector<std::pair<std::string, double>> firm_profits(const econ::PricingEquilibrium& e) const {
    return econ::firm_profits(s_.products, e);
  }

  json pricing_json(const econ::PricingEquilibrium& e) const {
    json j;
    for (const auto& [firm, profit] : firm_profits(e)) j["firm_profits"][firm] = profit;
    for (std::size_t k = 0; k < s_.products.size(); ++k) {
      const auto kk = static_cast<Eigen::Index>(k);
      j["prices"][s_.products[k].name] = e.prices[kk];
      j["shares"][s_.products[k].name] = e.shares[kk];
      j["margins"][s_.products[k].name] = e.margins[kk];
    }
    j["total_profit"] = e.profits.sum();
    j["consumer_surplus"] = e.consumer_surplus;
    j["foc_residual"] = e.foc_residual;
    j["iterations"] = e.iterations;
    return j;
  }

  json summary() const {
    json j;
    if (!s_.market.mixture.empty()) {
      j["demand"] = demand_model();  // the *_logit figures below are this mixture's
      if (s_.market.mixture.mixed_logit()) j["draws"] = s_.market.mixture.draws.draws;
      for (std::size_t c = 0; c < s_.market.mixture.classes.names.size(); ++c)
        j["class_shares"][s_.market.mixture.classes.names[c]] = s_.market.mixture.classes.shares[static_cast<Eigen::Index>(c)];
    }
    j["base"] = scenario_json(base_);
    if (s_.has_scenario) {
      j["scenario"] = scenario_json(after_);
      j["scenario"]["name"] = after_.name;
      j["consumer_surplus_change_logit"] = cs_change(false);
      if (s_.market.has_nests()) j["consumer_surplus_change_nested"] = cs_change(true);
    }
    if (s_.pricing) {
      j["bertrand_nash"] = pricing_json(nash_);
      j["joint_monopoly"] = pricing_json(monopoly_);
    }
    return j;
  }

  std::string report() const {
    std::ostringstream out;
    const auto shares_table = [&](const econ::ScenarioOutcome& r) {
      const std::string head = s_.market.mixture.mixed_logit() ? "mixed" : s_.market.mixture.latent_class() ? "class" : "logit";
      out << "Scenario " << r.name << "\n  product        price     " << head << (s_.market.has_nests() ? "    nested" : "")
          << "   own elasticity" << (s_.market.has_nests() ? " (" + head + ", nested)" : "") << "\n";
      for (std::size_t j = 0; j < r.products.size(); ++j) {
        const auto jj = static_cast<Eigen::Index>(j);
        out << printf_string("  %-12s %8.3f  %8.4f", r.products[j].name.c_str(), r.prices[jj], r.logit_shares[jj]);
        if (s_.market.has_nests()) out << "  " << fixed(r.nested_shares[jj]);
        out << "   " << fixed(r.elasticities(jj, jj));
        if (s_.market.has_nests()) out << "  " << fixed(r.nested_elasticities(jj, jj));
        out << "\n";
      }
      out << "  consumer surplus per consumer: " << demand_label() << " " << fixed(r.logit_cs);
      if (s_.market.has_nests()) out << ", nested " << fixed(r.nested_cs);
      out << "\n";
    };
    shares_table(base_);
    if (s_.has_scenario) {
      shares_table(after_);
      out << "Consumer surplus change (" << demand_label() << "): " << fixed(cs_change(false));
      if (s_.market.has_nests()) out << ", nested: " << fixed(cs_change(true));
      out << "\n";
    }
    if (s_.pricing) {
      out << "Pricing (market size " << s_.market_size << ")\n  product    cost   Nash price  margin  share"
          << "   monopoly price  margin  share\n";
      for (std::size_t j = 0; j < s_.products.size(); ++j) {
        const auto jj = static_cast<Eigen::Index>(j);
        out << printf_string("  %-9s %6.3f  %9.4f  %7.4f %6.4f   %9.4f      %7.4f %6.4f\n", s_.products[j].name.c_str(),
                             s_.products[j].cost, nash_.prices[jj], nash_.margins[jj], nash_.shares[jj],
                             monopoly_.prices[jj], monopoly_.margins[jj], monopoly_.shares[jj]);
      }
      out << "  firm profits at the Nash prices:";
      for (const auto& [firm, profit] : firm_profits(nash_)) out << " " << firm << " " << fixed(profit);
      out << "\n";
      out << "  consumer surplus: Nash " << fixed(nash_.consumer_surplus) << ", monopoly "
          << fixed(monopoly_.consumer_surplus) << "; total profit: Nash " << fixed(nash_.profits.sum())
          << ", monopoly " << fixed(monopoly_.profits.sum()) << "\n";
    }
    return out.str();
  }

  MarketSetup s_;
  Eigen::VectorXd wtp_;
  static constexpr double kSliceSeconds = 0.1;
  bool done_ = false;
  int phase_ = 0;
  econ::ScenarioOutcome base_, after_;
  econ::PricingEquilibrium given_, nash_, monopoly_;
};

}  // namespace

static ExperimentKind econ_market_kind() {
  ExperimentKind k;
  k.name = "econ.market";
  k.description = "what-if logit market (plain, nested, mixed or latent-class): shares, elasticities, consumer surplus, "
                  "scenarios, pricing equilibria";
  k.quick = {};  // every config of this kind runs in milliseconds as it is
  auto& s = k.schema;
  s.list("/products", "the products on the market", 1).live_control().element(product_node());
  core::Param coefficients =
      mf::map_of(finite_number("the utility per unit of the attribute"), nullptr,
                 "utility coefficients {\"price\": in [-1e50, -1e-50], ATTR: coefficient (magnitude at most 1e50)}, one per "
                 "attribute the products carry; sd.COEF: the spread of a coefficient in /random");
  coefficients.validate_with([each = coefficients.check](const json& v, const std::string& path) {
    if (!v.contains("price")) throw core::ConfigError("", path + "/price", "a price coefficient < 0 (required)", "nothing");
    each(v, path);
    const double price = v.at("price").get<double>();
    if (!(price < 0.0))
      throw core::ConfigError("", path + "/price", "a number < 0", core::short_json(v.at("price")));
    if (!(price <= -kMinPriceCoefficient))
      throw core::ConfigError("", path + "/price", "a number in [-1e50, -1e-50] (a smaller magnitude makes prices and "
                              "surpluses, of order 1 / |coefficient|, overflow)", core::short_json(v.at("price")));
  });
  s.node("/coefficients", coefficients).live_control();
  s.boolean("/outside_good", true, "include an outside option of utility 0");
  s.node("/nests",
         mf::map_of(finite_number("the nest's log-sum parameter").greater_than(0).at_most(1), json::object(),
                    "{NEST: log-sum parameter in (0, 1]} (RUM-consistent; 1 is plain logit); products name their nest"))
      .live_control();
  s.integer("/population/consumers", 0,
            "consumers drawn for sample enumeration (0: one representative consumer; at most 100000, each part of the "
            "run takes seconds there)")
      .at_least(0)
      .at_most(100000);
  s.node("/population/variables",
         mf::map_of(variable_node(), json::object(), "individual variables {NAME: {mean (0), sd (>= 0, 1)}}, normal draws"));
  s.node("/population/interactions",
         mf::map_of(mf::map_of(finite_number("the taste shift per unit of the variable"), json::object(),
                               "{VARIABLE: coefficient}"),
                    json::object(),
                    "taste shifts {\"price\" or ATTR: {VARIABLE: coefficient}}, applied to (variable - mean)"));
  auto& scenario = s.object("/scenario", "what-if: a second market made from the products (absent or {}: none)");
  scenario.live_control();
  scenario.string("name", nullptr, "the scenario's name in results and charts (absent: \"scenario\")").optional();
  scenario.node("change", mf::map_of(product_change_node(), json::object(),
                                     "{PRODUCT: {price, cost, constant, attributes}}: the fields that change"))
      .optional();
  scenario.list("add", "products added (each as in /products, a new name)").element(product_node());
  scenario.child("add")->optional();
  scenario.add("remove", core::ParamType::string_list, nullptr, "names of products removed").optional();
  s.boolean("/pricing/enabled", false, "solve Bertrand-Nash and joint-monopoly prices (needs the outside good)");
  s.number("/pricing/market_size", 1.0, "number of consumers in the market (scales profits and surplus; at most 1e15)")
      .greater_than(0)
      .at_most(kMaxMarketSize);
  s.number("/pricing/tolerance", 1e-12, "stop when no price moves by more than this").greater_than(0);
  s.integer("/pricing/max_iterations", 100000, "iteration limit of the markup fixed point")
      .at_least(1)
      .at_most(kMaxPricingIterations);
  declare_market_mixture_keys(s);
  s.number("/arc_change", 0.01, "relative price change for the arc elasticities (magnitude at least 1e-6)")
      .greater_than(-1)
      .less_than(10)
      .validate_with([](const json& v, const std::string& path) {
        if (v.get<double>() == 0.0) throw core::ConfigError("", path, "a relative change != 0", "0");
        if (!(std::fabs(v.get<double>()) >= kMinArcChange))
          throw core::ConfigError("", path,
                                  "a relative change of magnitude at least 1e-6 (smaller ones lose the change in "
                                  "shares to rounding; the point elasticities are their limit)",
                                  core::short_json(v));
      });
  k.cost = [](const json& cfg) {
    // Per consumer and scenario: a utility, probability and derivative row per product, evaluated once per
    // product for the arc elasticities, with a J x J block per attribute for the marginal effects (twice with
    // nests); the pricing iteration evaluates every consumer's J x J demand derivatives, taken here at 100
    // iterations for each of the two equilibria.
    double consumers = std::max(1.0, cfg.at("population").at("consumers").get<double>());
    if (cfg.contains("random") && !cfg.at("random").empty())
      consumers = std::max(consumers, cfg.contains("simulation") ? cfg.at("simulation").at("draws").get<double>() : 1000.0);
    if (cfg.contains("classes")) consumers = std::max(consumers, static_cast<double>(cfg.at("classes").size()));
    const json& sc = cfg.at("scenario");
    const double products = static_cast<double>(cfg.at("products").size() + (sc.contains("add") ? sc.at("add").size() : 0));
    const double attributes = static_cast<double>(cfg.at("coefficients").size());
    const double scenarios = sc.empty() ? 1.0 : 2.0, nests = cfg.at("nests").empty() ? 1.0 : 2.0;
    const bool pricing = cfg.at("pricing").at("enabled").get<bool>();
    RunCost c;
    c.bytes = consumers * (products + 1.0) * 8.0 * (12.0 + attributes);
    c.seconds = consumers * products * (products + attributes + 4.0) * scenarios * nests * 20e-9 +
                (pricing ? consumers * products * products * 2.0 * 100.0 * 5e-9 : 0.0);
    c.keys = "/population/consumers, /products";
    return c;
  };
  k.make = [](const json& cfg, const RunContext& ctx) -> std::unique_ptr<Experiment> {
    return std::make_unique<MarketExperiment>(read_market_setup(cfg, ctx.seed, ctx.config_dir));
  };
  return k;
}

namespace {
const RegisterKind registered{econ_market_kind};
}  // namespace

}  // namespace arbiter::experiments
