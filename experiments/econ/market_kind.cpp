// Kind "econ.market": a what-if market under logit demand (optionally nested logit, optionally a population
// of heterogeneous consumers by sample enumeration). Reports shares, point and arc price elasticities,
// marginal effects, willingness to pay and consumer surplus for the base products and an optional scenario
// (changed prices or attributes, added or removed products: the red-bus/blue-bus demonstration), and the
// Bertrand-Nash and joint-monopoly prices. One cheap slice; the GUI re-makes it from the config when a
// product changes.
#include <algorithm>
#include <cstdio>
#include <sstream>

#include "core/config_error.hpp"
#include "core/table.hpp"
#include "econ/consumer_surplus.hpp"
#include "econ/elasticities.hpp"
#include "econ/logit_pricing.hpp"
#include "econ/nested_market.hpp"
#include "econ/willingness_to_pay.hpp"
#include "experiments/registry.hpp"
#include "experiments/econ/market_setup.hpp"

namespace arbiter::experiments {
namespace {

using json = nlohmann::json;

struct ScenarioResult {
  std::string name;
  std::vector<ProductSpec> products;
  Eigen::VectorXd prices;
  Eigen::VectorXd logit_shares, nested_shares;  // options (outside good last)
  Eigen::MatrixXd elasticities, arc_elasticities, price_effects;
  std::vector<Eigen::MatrixXd> attribute_effects;  // one J x J per attribute
  Eigen::MatrixXd nested_elasticities, nested_arc_elasticities, nested_price_effects;
  Eigen::VectorXd logit_logsums, nested_logsums;
  double logit_cs = 0.0, nested_cs = 0.0;
};

ScenarioResult evaluate(const MarketSetup& s, const std::vector<ProductSpec>& products, const std::string& name) {
  ScenarioResult r;
  r.name = name;
  r.products = products;
  r.prices = product_prices(products);
  const econ::LogitDemand d = market_demand(s, products);
  r.logit_shares = econ::market_shares(d, r.prices);
  r.elasticities = econ::price_elasticities(d, r.prices);
  r.arc_elasticities = econ::arc_price_elasticities(d, r.prices, s.arc_change);
  r.price_effects = econ::share_price_derivatives(d, r.prices);
  const Eigen::MatrixXd tastes = consumer_attribute_tastes(s);
  for (Eigen::Index a = 0; a < tastes.cols(); ++a)
    r.attribute_effects.push_back(econ::marginal_effects(d, r.prices, tastes.col(a)));
  r.logit_logsums = econ::logsums(d, r.prices);
  r.logit_cs = econ::expected_consumer_surplus(d, r.prices);
  if (s.has_nests()) {
    const econ::MarketNests n = market_nests(s, products);
    r.nested_shares = econ::nested_market_shares(d, r.prices, n);
    r.nested_elasticities = econ::nested_price_elasticities(d, r.prices, n);
    r.nested_arc_elasticities = econ::nested_arc_price_elasticities(d, r.prices, n, s.arc_change);
    r.nested_price_effects = econ::nested_share_price_derivatives(d, r.prices, n);
    r.nested_logsums = econ::nested_logsums(d, r.prices, n);
    r.nested_cs = econ::nested_expected_consumer_surplus(d, r.prices, n);
  }
  return r;
}

std::vector<int> owners(const std::vector<ProductSpec>& products) {
  std::vector<std::string> firms;
  std::vector<int> out;
  for (const auto& p : products) {
    auto it = std::find(firms.begin(), firms.end(), p.firm);
    if (it == firms.end()) {
      firms.push_back(p.firm);
      it = firms.end() - 1;
    }
    out.push_back(static_cast<int>(it - firms.begin()));
  }
  return out;
}

std::string fixed(double x, int digits = 4) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, x);
  return buf;
}

class MarketExperiment final : public Experiment {
 public:
  explicit MarketExperiment(MarketSetup s) : s_(std::move(s)) {}

  void step() override {
    if (done_) return;
    base_ = evaluate(s_, s_.products, "base");
    if (s_.has_scenario) after_ = evaluate(s_, s_.scenario_products, s_.scenario_name);
    if (s_.pricing) {
      const econ::LogitDemand d = market_demand(s_, s_.products);
      Eigen::VectorXd costs(d.products());
      for (std::size_t j = 0; j < s_.products.size(); ++j) costs[static_cast<Eigen::Index>(j)] = s_.products[j].cost;
      econ::PricingOptions opt;
      opt.tolerance = s_.pricing_tolerance;
      opt.max_iterations = s_.pricing_max_iterations;
      given_ = econ::evaluate_prices(d, base_.prices, costs, owners(s_.products), s_.market_size);
      nash_ = econ::bertrand_nash_prices(d, costs, owners(s_.products), s_.market_size, opt);
      monopoly_ = econ::joint_monopoly_prices(d, costs, s_.market_size, opt);
      if (!nash_.converged || !monopoly_.converged)
        throw core::RunError("econ.market: the pricing iteration did not converge within " +
                             std::to_string(opt.max_iterations) + " iterations (FOC residual Nash " +
                             core::format_double(nash_.foc_residual) + ", monopoly " +
                             core::format_double(monopoly_.foc_residual) + ")");
    }
    done_ = true;
  }
  bool done() const override { return done_; }
  double progress() const override { return done_ ? 1.0 : 0.0; }

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
    if (s_.has_nests()) {
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
    o.bars.push_back(surplus_bars());
    for (std::size_t j = 0; j < base_.products.size(); ++j) {
      const auto jj = static_cast<Eigen::Index>(j);
      o.numbers.push_back({"share " + base_.products[j].name, fixed(base_.logit_shares[jj])});
      o.numbers.push_back({"own elasticity " + base_.products[j].name, fixed(base_.elasticities(jj, jj))});
      if (s_.has_nests()) {
        o.numbers.push_back({"nested share " + base_.products[j].name, fixed(base_.nested_shares[jj])});
        o.numbers.push_back({"nested own elasticity " + base_.products[j].name, fixed(base_.nested_elasticities(jj, jj))});
      }
    }
    o.numbers.push_back({"consumer surplus per consumer (logit)", fixed(base_.logit_cs)});
    if (s_.has_nests()) o.numbers.push_back({"consumer surplus per consumer (nested)", fixed(base_.nested_cs)});
    for (std::size_t a = 0; a < s_.attribute_names.size(); ++a)
      o.numbers.push_back({"WTP " + s_.attribute_names[a],
                           fixed(-s_.attribute_coefficients[static_cast<Eigen::Index>(a)] / s_.price_coefficient)});
    if (s_.has_scenario) {
      o.numbers.push_back({"CS change (logit): " + after_.name, fixed(cs_change(false))});
      if (s_.has_nests()) o.numbers.push_back({"CS change (nested): " + after_.name, fixed(cs_change(true))});
    }
    if (s_.pricing) {
      for (std::size_t j = 0; j < s_.products.size(); ++j) {
        const auto jj = static_cast<Eigen::Index>(j);
        o.numbers.push_back({"Nash price " + s_.products[j].name, fixed(nash_.prices[jj])});
        o.numbers.push_back({"monopoly price " + s_.products[j].name, fixed(monopoly_.prices[jj])});
      }
      for (std::size_t j = 0; j < s_.products.size(); ++j) {
        const auto jj = static_cast<Eigen::Index>(j);
        o.numbers.push_back({"Nash margin " + s_.products[j].name, fixed(nash_.margins[jj])});
        o.numbers.push_back({"Nash share " + s_.products[j].name, fixed(nash_.shares[jj])});
        o.numbers.push_back({"monopoly share " + s_.products[j].name, fixed(monopoly_.shares[jj])});
      }
      for (const auto& [firm, profit] : firm_profits(nash_)) o.numbers.push_back({"Nash profit firm " + firm, fixed(profit)});
      o.numbers.push_back({"CS Nash (market)", fixed(nash_.consumer_surplus)});
      o.numbers.push_back({"CS monopoly (market)", fixed(monopoly_.consumer_surplus)});
      o.numbers.push_back({"total profit Nash", fixed(nash_.profits.sum())});
      o.numbers.push_back({"total profit monopoly", fixed(monopoly_.profits.sum())});
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
      r.results.add_row({std::string("change"), std::string("logit"), std::string("consumer_surplus_change"),
                         std::string(""), std::string(""), cs_change(false)});
      if (s_.has_nests())
        r.results.add_row({std::string("change"), std::string("nested_logit"), std::string("consumer_surplus_change"),
                           std::string(""), std::string(""), cs_change(true)});
    }
    for (std::size_t a = 0; a < s_.attribute_names.size(); ++a)
      r.results.add_row({std::string("base"), std::string("logit"), std::string("willingness_to_pay"),
                         std::string(""), s_.attribute_names[a],
                         -s_.attribute_coefficients[static_cast<Eigen::Index>(a)] / s_.price_coefficient});
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
  double cs_change(bool nested) const {
    const econ::LogitDemand d = market_demand(s_, s_.products);
    return nested ? econ::consumer_surplus_change(base_.nested_logsums, after_.nested_logsums, d.price_coefficient, d.weight)
                  : econ::consumer_surplus_change(base_.logit_logsums, after_.logit_logsums, d.price_coefficient, d.weight);
  }

  std::vector<std::string> share_labels() const {
    std::vector<std::string> labels;
    for (const auto& p : base_.products) labels.push_back(p.name);
    if (s_.has_scenario)
      for (const auto& p : after_.products)
        if (std::find(labels.begin(), labels.end(), p.name) == labels.end()) labels.push_back(p.name);
    if (s_.outside_good) labels.push_back("outside");
    return labels;
  }

  std::vector<double> shares_on(const std::vector<std::string>& labels, const ScenarioResult& r,
                                const Eigen::VectorXd& shares) const {
    std::vector<double> out(labels.size(), 0.0);
    for (std::size_t l = 0; l < labels.size(); ++l) {
      if (labels[l] == "outside" && s_.outside_good && l + 1 == labels.size()) {
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
    BarGroup logit{"logit", {base_.logit_cs}}, nested{"nested logit", {base_.nested_cs}};
    if (s_.has_scenario) {
      logit.values.push_back(after_.logit_cs);
      nested.values.push_back(after_.nested_cs);
    }
    b.groups.push_back(std::move(logit));
    if (s_.has_nests()) b.groups.push_back(std::move(nested));
    return b;
  }

  Bars share_bars() const {
    Bars b{"shares", "Market shares: plain logit vs nested logit", share_labels(), {}, 0.0};
    b.groups.push_back({"logit", shares_on(b.labels, base_, base_.logit_shares)});
    if (s_.has_nests()) b.groups.push_back({"nested logit", shares_on(b.labels, base_, base_.nested_shares)});
    if (s_.has_scenario) {
      b.groups.push_back({"logit: " + after_.name, shares_on(b.labels, after_, after_.logit_shares)});
      if (s_.has_nests())
        b.groups.push_back({"nested: " + after_.name, shares_on(b.labels, after_, after_.nested_shares)});
    }
    return b;
  }

  void add_scenario_rows(core::Table& t, const ScenarioResult& r) const {
    const auto add = [&](const char* model, const std::string& q, const std::string& prod, const std::string& wrt,
                         double v) { t.add_row({r.name, std::string(model), q, prod, wrt, v}); };
    const auto J = r.products.size();
    for (std::size_t j = 0; j < J; ++j) {
      const auto jj = static_cast<Eigen::Index>(j);
      const std::string& pj = r.products[j].name;
      add("logit", "price", pj, "", r.prices[jj]);
      add("logit", "share", pj, "", r.logit_shares[jj]);
      if (s_.has_nests()) add("nested_logit", "share", pj, "", r.nested_shares[jj]);
      for (std::size_t k = 0; k < J; ++k) {
        const auto kk = static_cast<Eigen::Index>(k);
        const std::string& pk = r.products[k].name;
        add("logit", "elasticity", pj, "price:" + pk, r.elasticities(jj, kk));
        add("logit", "arc_elasticity", pj, "price:" + pk, r.arc_elasticities(jj, kk));
        add("logit", "marginal_effect", pj, "price:" + pk, r.price_effects(jj, kk));
        for (std::size_t a = 0; a < s_.attribute_names.size(); ++a)
          add("logit", "marginal_effect", pj, s_.attribute_names[a] + ":" + pk, r.attribute_effects[a](jj, kk));
        if (s_.has_nests()) {
          add("nested_logit", "elasticity", pj, "price:" + pk, r.nested_elasticities(jj, kk));
          add("nested_logit", "arc_elasticity", pj, "price:" + pk, r.nested_arc_elasticities(jj, kk));
          add("nested_logit", "marginal_effect", pj, "price:" + pk, r.nested_price_effects(jj, kk));
        }
      }
    }
    if (s_.outside_good) {
      add("logit", "share", "outside", "", r.logit_shares[r.logit_shares.size() - 1]);
      if (s_.has_nests()) add("nested_logit", "share", "outside", "", r.nested_shares[r.nested_shares.size() - 1]);
    }
    add("logit", "consumer_surplus", "", "", r.logit_cs);
    if (s_.has_nests()) add("nested_logit", "consumer_surplus", "", "", r.nested_cs);
  }

  void add_pricing_rows(core::Table& t, const char* name, const econ::PricingEquilibrium& e) const {
    const auto add = [&](const std::string& q, const std::string& prod, double v) {
      t.add_row({std::string(name), std::string("logit"), q, prod, std::string(""), v});
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

  json scenario_json(const ScenarioResult& r) const {
    json j;
    for (std::size_t k = 0; k < r.products.size(); ++k) {
      const auto kk = static_cast<Eigen::Index>(k);
      j["logit_shares"][r.products[k].name] = r.logit_shares[kk];
      j["own_elasticities"][r.products[k].name] = r.elasticities(kk, kk);
      if (s_.has_nests()) {
        j["nested_shares"][r.products[k].name] = r.nested_shares[kk];
        j["nested_own_elasticities"][r.products[k].name] = r.nested_elasticities(kk, kk);
      }
    }
    j["consumer_surplus_logit"] = r.logit_cs;
    if (s_.has_nests()) j["consumer_surplus_nested"] = r.nested_cs;
    return j;
  }

  // Profit by firm, in order of first appearance.
  std::vector<std::pair<std::string, double>> firm_profits(const econ::PricingEquilibrium& e) const {
    std::vector<std::pair<std::string, double>> out;
    for (std::size_t k = 0; k < s_.products.size(); ++k) {
      const std::string& f = s_.products[k].firm;
      auto it = std::find_if(out.begin(), out.end(), [&](const auto& x) { return x.first == f; });
      if (it == out.end()) {
        out.emplace_back(f, 0.0);
        it = out.end() - 1;
      }
      it->second += e.profits[static_cast<Eigen::Index>(k)];
    }
    return out;
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
    j["base"] = scenario_json(base_);
    if (s_.has_scenario) {
      j["scenario"] = scenario_json(after_);
      j["scenario"]["name"] = after_.name;
      j["consumer_surplus_change_logit"] = cs_change(false);
      if (s_.has_nests()) j["consumer_surplus_change_nested"] = cs_change(true);
    }
    if (s_.pricing) {
      j["bertrand_nash"] = pricing_json(nash_);
      j["joint_monopoly"] = pricing_json(monopoly_);
    }
    return j;
  }

  std::string report() const {
    std::ostringstream out;
    const auto shares_table = [&](const ScenarioResult& r) {
      out << "Scenario " << r.name << "\n  product        price     logit" << (s_.has_nests() ? "    nested" : "")
          << "   own elasticity" << (s_.has_nests() ? " (logit, nested)" : "") << "\n";
      for (std::size_t j = 0; j < r.products.size(); ++j) {
        const auto jj = static_cast<Eigen::Index>(j);
        char line[160];
        std::snprintf(line, sizeof line, "  %-12s %8.3f  %8.4f", r.products[j].name.c_str(), r.prices[jj],
                      r.logit_shares[jj]);
        out << line;
        if (s_.has_nests()) out << "  " << fixed(r.nested_shares[jj]);
        out << "   " << fixed(r.elasticities(jj, jj));
        if (s_.has_nests()) out << "  " << fixed(r.nested_elasticities(jj, jj));
        out << "\n";
      }
      out << "  consumer surplus per consumer: logit " << fixed(r.logit_cs);
      if (s_.has_nests()) out << ", nested " << fixed(r.nested_cs);
      out << "\n";
    };
    shares_table(base_);
    if (s_.has_scenario) {
      shares_table(after_);
      out << "Consumer surplus change (logit): " << fixed(cs_change(false));
      if (s_.has_nests()) out << ", nested: " << fixed(cs_change(true));
      out << "\n";
    }
    if (s_.pricing) {
      out << "Pricing (market size " << s_.market_size << ")\n  product    cost   Nash price  margin  share"
          << "   monopoly price  margin  share\n";
      for (std::size_t j = 0; j < s_.products.size(); ++j) {
        const auto jj = static_cast<Eigen::Index>(j);
        char line[200];
        std::snprintf(line, sizeof line, "  %-9s %6.3f  %9.4f  %7.4f %6.4f   %9.4f      %7.4f %6.4f\n",
                      s_.products[j].name.c_str(), s_.products[j].cost, nash_.prices[jj], nash_.margins[jj],
                      nash_.shares[jj], monopoly_.prices[jj], monopoly_.margins[jj], monopoly_.shares[jj]);
        out << line;
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
  bool done_ = false;
  ScenarioResult base_, after_;
  econ::PricingEquilibrium given_, nash_, monopoly_;
};

}  // namespace

static ExperimentKind econ_market_kind() {
  ExperimentKind k;
  k.name = "econ.market";
  k.description = "what-if logit market: shares, elasticities, consumer surplus, scenarios, pricing equilibria";
  k.quick = {};  // every config of this kind runs in milliseconds as it is
  auto& s = k.schema;
  s.add("/products", core::ParamType::any, nullptr,
        "list of products {name, price, cost, firm, constant, attributes: {ATTR: value}, nest}")
      .live_control()
      .validate_with([](const json& v, const std::string& path) {
        if (!v.is_array() || v.empty()) throw core::ConfigError("", path, "a non-empty list of product objects", core::short_json(v));
      });
  s.add("/coefficients", core::ParamType::object, nullptr, "utility coefficients: \"price\" (< 0) and one per attribute")
      .live_control()
      .open = true;
  s.boolean("/outside_good", true, "include an outside option of utility 0");
  s.add("/nests", core::ParamType::object, json::object(), "nest name -> log-sum parameter in (0, 1] (products name their nest)")
      .live_control()
      .open = true;
  s.integer("/population/consumers", 0, "consumers drawn for sample enumeration (0: one representative consumer)")
      .at_least(0)
      .at_most(1000000);
  s.add("/population/variables", core::ParamType::object, json::object(),
        "individual variables {NAME: {mean, sd}} (normal draws)")
      .open = true;
  s.add("/population/interactions", core::ParamType::object, json::object(),
        "taste shifts {\"price\" or ATTR: {VARIABLE: coefficient}}, applied to (variable - mean)")
      .open = true;
  s.add("/scenario", core::ParamType::object, json::object(),
        "what-if: {name, change: {PRODUCT: {price, cost, constant, attributes}}, add: [products], remove: [names]}")
      .live_control()
      .open = true;
  s.boolean("/pricing/enabled", false, "solve Bertrand-Nash and joint-monopoly prices (needs the outside good)");
  s.number("/pricing/market_size", 1.0, "number of consumers in the market (scales profits and surplus)").greater_than(0);
  s.number("/pricing/tolerance", 1e-12, "stop when no price moves by more than this").greater_than(0);
  s.integer("/pricing/max_iterations", 100000, "iteration limit of the markup fixed point").at_least(1);
  s.number("/arc_change", 0.01, "relative price change for the arc elasticities").greater_than(-1).less_than(10);
  k.make = [](const json& cfg, const RunContext& ctx) -> std::unique_ptr<Experiment> {
    if (cfg.at("arc_change").get<double>() == 0.0)
      throw core::ConfigError("", "/arc_change", "a relative change != 0", "0");
    return std::make_unique<MarketExperiment>(read_market_setup(cfg, ctx.seed));
  };
  return k;
}

namespace {
const RegisterKind registered{econ_market_kind};
}  // namespace

}  // namespace arbiter::experiments
