// Reading econ.market configs and building the demand they describe.
#include "experiments/econ/market_setup.hpp"

#include <algorithm>
#include "core/config_error.hpp"
#include "core/config_schema.hpp"
#include "core/random_stream.hpp"
#include "experiments/econ/market_json_fields.hpp"

namespace arbiter::experiments {
namespace {

using json = nlohmann::json;
namespace mf = market_fields;

int find_name(const std::vector<std::string>& names, const std::string& name) {
  const auto it = std::find(names.begin(), names.end(), name);
  return it == names.end() ? -1 : static_cast<int>(it - names.begin());
}

int find_product(const std::vector<ProductSpec>& products, const std::string& name) {
  for (std::size_t j = 0; j < products.size(); ++j)
    if (products[j].name == name) return static_cast<int>(j);
  return -1;
}

std::string name_list(const std::vector<std::string>& names) {
  std::string s;
  for (const auto& n : names) s += (s.empty() ? "\"" : ", \"") + n + "\"";
  return s.empty() ? "(none)" : s;
}

void read_attributes(const MarketSetup& s, const json& attrs, const std::string& path, ProductSpec& p,
                     bool require_all) {
  if (!attrs.is_object()) throw core::ConfigError("", path, "an object of attribute values", core::short_json(attrs));
  for (auto it = attrs.begin(); it != attrs.end(); ++it) {
    const int a = find_name(s.attribute_names, it.key());
    if (a < 0)
      throw core::ConfigError("", path + "/" + it.key(),
                              "an attribute with a coefficient in /coefficients: " + name_list(s.attribute_names),
                              "\"" + it.key() + "\"");
    p.attributes[a] = mf::number(it.value(), path + "/" + it.key());
  }
  if (require_all)
    for (const auto& name : s.attribute_names)
      if (!attrs.contains(name))
        throw core::ConfigError("", path + "/" + name, "a value for every attribute in /coefficients", "nothing");
}

ProductSpec read_product(const MarketSetup& s, const json& v, const std::string& path) {
  mf::check_object(v, path, {"name", "price", "cost", "firm", "constant", "attributes", "nest"});
  ProductSpec p;
  p.name = mf::string_or(v, "name", path, "");
  if (p.name.empty()) throw core::ConfigError("", path + "/name", "a non-empty product name", "nothing");
  p.price = mf::number(mf::required(v, "price", path, "a number"), path + "/price");
  p.cost = mf::number_or(v, "cost", path, 0.0);
  p.constant = mf::number_or(v, "constant", path, 0.0);
  p.firm = mf::string_or(v, "firm", path, p.name);
  p.nest = mf::string_or(v, "nest", path, "");
  if (!p.nest.empty() && find_name(s.nest_names, p.nest) < 0)
    throw core::ConfigError("", path + "/nest", "a nest declared in /nests: " + name_list(s.nest_names),
                            "\"" + p.nest + "\"");
  p.attributes = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(s.attribute_names.size()));
  read_attributes(s, v.contains("attributes") ? v.at("attributes") : json::object(), path + "/attributes", p, true);
  return p;
}

std::vector<ProductSpec> read_products(const MarketSetup& s, const json& list, const std::string& path) {
  if (!list.is_array()) throw core::ConfigError("", path, "a list of product objects", core::short_json(list));
  std::vector<ProductSpec> out;
  for (std::size_t j = 0; j < list.size(); ++j) {
    const std::string p = path + "/" + std::to_string(j);
    ProductSpec prod = read_product(s, list[j], p);
    if (find_product(out, prod.name) >= 0)
      throw core::ConfigError("", p + "/name", "a product name used once", "\"" + prod.name + "\" again");
    out.push_back(std::move(prod));
  }
  return out;
}

void read_scenario(MarketSetup& s, const json& sc) {
  if (sc.empty()) return;
  mf::check_object(sc, "/scenario", {"name", "change", "add", "remove"});
  s.has_scenario = true;
  s.scenario_name = mf::string_or(sc, "name", "/scenario", "scenario");
  std::vector<ProductSpec> products = s.products;
  if (sc.contains("remove")) {
    const json& rm = sc.at("remove");
    if (!rm.is_array()) throw core::ConfigError("", "/scenario/remove", "a list of product names", core::short_json(rm));
    for (std::size_t i = 0; i < rm.size(); ++i) {
      const std::string p = "/scenario/remove/" + std::to_string(i);
      const int j = rm[i].is_string() ? find_product(products, rm[i].get<std::string>()) : -1;
      if (j < 0) throw core::ConfigError("", p, "the name of a product in /products", core::short_json(rm[i]));
      products.erase(products.begin() + j);
    }
  }
  if (sc.contains("change")) {
    const json& ch = sc.at("change");
    if (!ch.is_object())
      throw core::ConfigError("", "/scenario/change", "an object: product name -> changed fields", core::short_json(ch));
    for (auto it = ch.begin(); it != ch.end(); ++it) {
      const std::string p = "/scenario/change/" + it.key();
      const int j = find_product(products, it.key());
      if (j < 0) throw core::ConfigError("", p, "the name of a product in /products", "\"" + it.key() + "\"");
      mf::check_object(it.value(), p, {"price", "cost", "constant", "attributes"});
      ProductSpec& prod = products[static_cast<std::size_t>(j)];
      prod.price = mf::number_or(it.value(), "price", p, prod.price);
      prod.cost = mf::number_or(it.value(), "cost", p, prod.cost);
      prod.constant = mf::number_or(it.value(), "constant", p, prod.constant);
      if (it.value().contains("attributes")) read_attributes(s, it.value().at("attributes"), p + "/attributes", prod, false);
    }
  }
  if (sc.contains("add")) {
    for (auto& prod : read_products(s, sc.at("add"), "/scenario/add")) {
      if (find_product(products, prod.name) >= 0)
        throw core::ConfigError("", "/scenario/add", "new product names", "\"" + prod.name + "\" already exists");
      products.push_back(std::move(prod));
    }
  }
  if (products.empty()) throw core::ConfigError("", "/scenario", "at least one product left", "none");
  s.scenario_products = std::move(products);
}

void read_population(MarketSetup& s, const json& pop) {
  s.consumers = pop.at("consumers").get<int>();
  const json& vars = pop.at("variables");
  for (auto it = vars.begin(); it != vars.end(); ++it) {
    const std::string p = "/population/variables/" + it.key();
    mf::check_object(it.value(), p, {"mean", "sd"});
    s.variable_names.push_back(it.key());
  }
  const auto V = static_cast<Eigen::Index>(s.variable_names.size());
  s.variable_mean.resize(V);
  s.variable_sd.resize(V);
  for (Eigen::Index v = 0; v < V; ++v) {
    const std::string& name = s.variable_names[static_cast<std::size_t>(v)];
    const std::string p = "/population/variables/" + name;
    s.variable_mean[v] = mf::number_or(vars.at(name), "mean", p, 0.0);
    s.variable_sd[v] = mf::number_or(vars.at(name), "sd", p, 1.0);
    if (s.variable_sd[v] < 0.0) throw core::ConfigError("", p + "/sd", "a number >= 0", core::short_json(vars.at(name).at("sd")));
  }
  const auto A = static_cast<Eigen::Index>(s.attribute_names.size());
  s.interactions = Eigen::MatrixXd::Zero(1 + A, V);
  const json& inter = pop.at("interactions");
  for (auto it = inter.begin(); it != inter.end(); ++it) {
    const std::string p = "/population/interactions/" + it.key();
    const int row = it.key() == "price" ? 0 : 1 + find_name(s.attribute_names, it.key());
    if (row < 0)
      throw core::ConfigError("", p, "\"price\" or an attribute in /coefficients", "\"" + it.key() + "\"");
    if (!it.value().is_object())
      throw core::ConfigError("", p, "an object: variable -> interaction coefficient", core::short_json(it.value()));
    for (auto v = it.value().begin(); v != it.value().end(); ++v) {
      const int col = find_name(s.variable_names, v.key());
      if (col < 0)
        throw core::ConfigError("", p + "/" + v.key(), "a variable in /population/variables: " + name_list(s.variable_names),
                                "\"" + v.key() + "\"");
      s.interactions(row, col) = mf::number(v.value(), p + "/" + v.key());
    }
  }
  if (s.consumers == 0 && V > 0)
    throw core::ConfigError("", "/population/consumers", "an integer >= 1 when /population/variables are given", "0");
}

}  // namespace

MarketSetup read_market_setup(const json& cfg, std::uint64_t seed) {
  MarketSetup s;
  s.seed = seed;
  const json& coef = cfg.at("coefficients");
  s.price_coefficient = mf::number(mf::required(coef, "price", "/coefficients", "a price coefficient < 0"),
                                   "/coefficients/price");
  if (!(s.price_coefficient < 0.0))
    throw core::ConfigError("", "/coefficients/price", "a number < 0", core::short_json(coef.at("price")));
  std::vector<double> values;
  for (auto it = coef.begin(); it != coef.end(); ++it) {
    if (it.key() == "price") continue;
    s.attribute_names.push_back(it.key());
    values.push_back(mf::number(it.value(), "/coefficients/" + it.key()));
  }
  s.attribute_coefficients = Eigen::Map<const Eigen::VectorXd>(values.data(), static_cast<Eigen::Index>(values.size()));
  s.outside_good = cfg.at("outside_good").get<bool>();
  const json& nests = cfg.at("nests");
  std::vector<double> lambdas;
  for (auto it = nests.begin(); it != nests.end(); ++it) {
    const double l = mf::number(it.value(), "/nests/" + it.key());
    if (!(l > 0.0 && l <= 1.0))
      throw core::ConfigError("", "/nests/" + it.key(), "a log-sum parameter in (0, 1] (RUM-consistent)",
                              core::short_json(it.value()));
    s.nest_names.push_back(it.key());
    lambdas.push_back(l);
  }
  s.nest_lambda = Eigen::Map<const Eigen::VectorXd>(lambdas.data(), static_cast<Eigen::Index>(lambdas.size()));
  s.products = read_products(s, cfg.at("products"), "/products");
  if (s.products.empty()) throw core::ConfigError("", "/products", "at least one product", "[]");
  read_population(s, cfg.at("population"));
  read_scenario(s, cfg.at("scenario"));
  const json& pr = cfg.at("pricing");
  s.pricing = pr.at("enabled").get<bool>();
  s.market_size = pr.at("market_size").get<double>();
  s.pricing_tolerance = pr.at("tolerance").get<double>();
  s.pricing_max_iterations = pr.at("max_iterations").get<int>();
  if (s.pricing && !s.outside_good)
    throw core::ConfigError("", "/outside_good", "true when /pricing/enabled (monopoly prices are unbounded without one)",
                            "false");
  s.arc_change = cfg.at("arc_change").get<double>();
  // Build the base demand once so that a consumer with a price coefficient >= 0 is reported here.
  market_demand(s, s.products);
  return s;
}

namespace {

// Consumer i's taste deviations (price first, then attributes), from RandomStream(seed, i).
Eigen::VectorXd taste_deviation(const MarketSetup& s, int i) {
  const auto V = static_cast<Eigen::Index>(s.variable_names.size());
  Eigen::VectorXd z = Eigen::VectorXd::Zero(V);
  if (s.consumers > 0) {
    core::RandomStream rng(s.seed, static_cast<std::uint64_t>(i));
    for (Eigen::Index v = 0; v < V; ++v) z[v] = rng.normal(0.0, s.variable_sd[v]);  // variable - mean
  }
  return s.interactions * z;
}

}  // namespace

Eigen::MatrixXd consumer_attribute_tastes(const MarketSetup& s) {
  const int N = std::max(s.consumers, 1);
  const auto A = static_cast<Eigen::Index>(s.attribute_names.size());
  Eigen::MatrixXd out(N, A);
  for (int i = 0; i < N; ++i) out.row(i) = (s.attribute_coefficients + taste_deviation(s, i).tail(A)).transpose();
  return out;
}

econ::LogitDemand market_demand(const MarketSetup& s, const std::vector<ProductSpec>& products) {
  const int N = std::max(s.consumers, 1);
  const auto J = static_cast<Eigen::Index>(products.size());
  const auto A = static_cast<Eigen::Index>(s.attribute_names.size());
  Eigen::MatrixXd x(J, A);
  Eigen::VectorXd constants(J);
  for (Eigen::Index j = 0; j < J; ++j) {
    x.row(j) = products[static_cast<std::size_t>(j)].attributes.transpose();
    constants[j] = products[static_cast<std::size_t>(j)].constant;
  }
  econ::LogitDemand d;
  d.outside_good = s.outside_good;
  d.base_utility.resize(N, J);
  d.price_coefficient.resize(N);
  d.weight = Eigen::VectorXd::Constant(N, 1.0 / N);
  for (int i = 0; i < N; ++i) {
    const Eigen::VectorXd taste = taste_deviation(s, i);
    d.price_coefficient[i] = s.price_coefficient + taste[0];
    if (!(d.price_coefficient[i] < 0.0))
      throw core::ConfigError("", "/population/interactions/price",
                              "interactions that keep every consumer's price coefficient < 0",
                              "consumer " + std::to_string(i) + " with " + std::to_string(d.price_coefficient[i]));
    const Eigen::VectorXd beta = s.attribute_coefficients + taste.tail(A);
    d.base_utility.row(i) = (constants + x * beta).transpose();
  }
  return d;
}

econ::MarketNests market_nests(const MarketSetup& s, const std::vector<ProductSpec>& products) {
  econ::MarketNests n;
  n.names = s.nest_names;
  n.lambda = s.nest_lambda;
  for (const auto& p : products) n.nest_of.push_back(p.nest.empty() ? -1 : find_name(s.nest_names, p.nest));
  return n;
}

Eigen::VectorXd product_prices(const std::vector<ProductSpec>& products) {
  Eigen::VectorXd p(static_cast<Eigen::Index>(products.size()));
  for (std::size_t j = 0; j < products.size(); ++j) p[static_cast<Eigen::Index>(j)] = products[j].price;
  return p;
}

}  // namespace arbiter::experiments
