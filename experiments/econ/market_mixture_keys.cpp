#include "experiments/econ/market_mixture_keys.hpp"

#include <algorithm>
#include <cmath>

#include "core/input_error.hpp"
#include "core/table.hpp"
#include "experiments/econ/choice_data_keys.hpp"
#include "experiments/econ/mixed_logit_keys.hpp"
#include "experiments/econ/open_objects.hpp"

namespace arbiter::experiments {
namespace {

using json = nlohmann::json;
namespace mf = open_objects;

// A class's coefficients are bounded as /coefficients' are.
constexpr double kMaxMagnitude = 1e50;
// Every drawn coefficient's magnitude is at most kMaxDrawn (times an attribute value of at most 1e50 a utility
// stays far inside double range) and every drawn price coefficient's at least kMinDrawnPrice (prices and
// surpluses, of order 1 / |price coefficient|, stay finite): a lognormal draw exp(mean + sd z) can leave both.
constexpr double kMaxDrawn = 1e60;
constexpr double kMinDrawnPrice = 1e-50;

core::Param class_node() {
  core::Param c = core::Param::make(core::ParamType::object, json::object(), "a latent class");
  c.number("share", nullptr, "the share of consumers in the class, in [0, 1] (the shares sum to 1)").at_least(0).at_most(1);
  core::Param coef = core::Param::make(core::ParamType::number, nullptr, "the class's value of the coefficient");
  coef.at_least(-kMaxMagnitude).at_most(kMaxMagnitude);
  c.node("coefficients", mf::map_of(coef, json::object(),
                                    "{\"price\" or ATTR: value}: the class's own coefficients (the others as in /coefficients)"));
  return c;
}

std::string name_list(const econ::MarketModel& m) {
  std::string s = "\"price\"";
  for (const auto& n : m.attribute_names) s += ", \"" + n + "\"";
  return s;
}

// 0 for price, 1 + a for attribute a, -1 for a name the market lacks.
int coefficient_index(const econ::MarketModel& m, const std::string& name) {
  if (name == "price") return 0;
  const auto it = std::find(m.attribute_names.begin(), m.attribute_names.end(), name);
  return it == m.attribute_names.end() ? -1 : 1 + static_cast<int>(it - m.attribute_names.begin());
}

std::string at_line(const econ::MarketEstimates& est, long line) { return est.file + ": line " + std::to_string(line); }

Eigen::VectorXd coefficient_means(const econ::MarketModel& m) {
  Eigen::VectorXd means(1 + m.attribute_coefficients.size());
  means << m.price_coefficient, m.attribute_coefficients;
  return means;
}

void check_no_population(const econ::MarketModel& m, const char* key) {
  if (m.consumers > 0)
    throw core::ConfigError("", "/population/consumers",
                            std::string("0 with ") + key + " (the draws or classes are the market's consumers)",
                            std::to_string(m.consumers));
}

}  // namespace

void declare_market_mixture_keys(core::Schema& s) {
  s.add("/random", core::ParamType::object, json::object(),
        "mixed logit: {\"price\" or ATTR: normal|lognormal|neg_lognormal|uniform|triangular}; the mean is "
        "/coefficients/COEF (the log-mean if lognormal), the spread /coefficients/sd.COEF (or the estimates file's)")
      .optional()
      .validate_with(check_random_coefficients)
      .open = true;
  core::Param& sim = s.object("/simulation", "mixed logit: the draws every figure is averaged over").optional();
  sim.string("method", "halton", "halton (primes 2, 3, 5, ..., first 100 dropped), mlhs or pseudo (from the seed)")
      .one_of({"halton", "mlhs", "pseudo"});
  sim.integer("draws", 1000, "draws of the random coefficients (each one logit consumer of weight 1 / draws)")
      .at_least(1)
      .at_most(100000);
  sim.boolean("antithetic", false, "the second half of the draws mirrors the first (draws must be even)");
  s.node("/classes", mf::map_of(class_node(), json::object(),
                                "latent classes {CLASS: {share, coefficients: {\"price\" or ATTR: value}}}"))
      .optional();
  s.string("/estimates", "",
           "an estimates.csv written by econ.estimate (relative to the config's folder): its COEF, sd.COEF, "
           "asc.PRODUCT, COEF.CLASS and class.CLASS replace the config's values")
      .optional();
}

bool is_spread_key(const std::string& key) { return key.rfind("sd.", 0) == 0; }

std::optional<econ::MarketEstimates> read_estimates_key(const json& cfg, const std::string& config_dir) {
  if (!cfg.contains("estimates")) return std::nullopt;
  const std::string file = cfg.at("estimates").get<std::string>();
  if (file.empty()) throw core::ConfigError("", "/estimates", "the path of an estimates.csv", "\"\"");
  return econ::read_market_estimates(resolve_data_path(file, config_dir));
}

void apply_estimated_coefficients(const econ::MarketEstimates& est, econ::MarketModel& m) {
  for (const econ::EstimateEntry& e : est.coefficients) {
    const int k = coefficient_index(m, e.name);
    if (k < 0 && e.name.rfind("chol.", 0) == 0)
      throw core::DataError(at_line(est, e.line) + ": parameter '" + e.name +
                            "': correlated random coefficients are not read by econ.market (estimate them uncorrelated)");
    if (k < 0)
      throw core::DataError(at_line(est, e.line) + ": parameter '" + e.name +
                            "' is no coefficient of this market (expected one in /coefficients: " + name_list(m) + ")");
    if (k == 0)
      m.price_coefficient = e.value;
    else
      m.attribute_coefficients[k - 1] = e.value;
  }
}

void apply_estimated_constants(const econ::MarketEstimates& est, const std::vector<econ::Product>& base,
                               std::vector<econ::Product>& products, bool scenario) {
  for (const econ::EstimateEntry& e : est.constants) {
    const bool in_base = econ::find_product(base, e.name) >= 0;
    if (scenario && in_base) continue;  // set in the base products (and perhaps changed by the scenario)
    const int j = econ::find_product(products, e.name);
    if (j >= 0) {
      products[static_cast<std::size_t>(j)].constant = e.value;
    } else if (scenario) {
      throw core::DataError(at_line(est, e.line) + ": parameter 'asc." + e.name +
                            "': expected the constant of a product in /products or /scenario/add");
    }
  }
}

void read_market_mixture(const json& cfg, const std::map<std::string, double>& spreads,
                         const econ::MarketEstimates* est, econ::MarketModel& m) {
  const json random = cfg.value("random", json::object());
  const json classes = cfg.value("classes", json::object());
  const bool file_classes = est && !est->classes.empty();
  for (const auto& [key, value] : spreads)
    if (!random.contains(key.substr(3)))
      throw core::ConfigError("", "/coefficients/" + key, "the spread sd.COEF of a coefficient named in /random",
                              "\"" + key + "\"");
  if (est)
    for (const econ::EstimateEntry& e : est->spreads)
      if (!random.contains(e.name))
        throw core::ConfigError("", "/random/" + e.name,
                                "the distribution of the random coefficient '" + e.name + "' (" + est->file + " line " +
                                    std::to_string(e.line) + " gives its spread sd." + e.name +
                                    "): normal, lognormal, neg_lognormal, uniform or triangular",
                                "nothing");
  if (!random.empty()) {
    if (!classes.empty())
      throw core::ConfigError("", "/classes", "absent with /random (a market is a mixed logit or a latent class)",
                              core::short_json(classes));
    if (file_classes)
      throw core::ConfigError("", "/random", "absent: " + est->file + " holds a latent-class model",
                              core::short_json(random));
    check_no_population(m, "/random");
    for (const auto& [name, dist] : read_random_coefficients(random)) {
      const int k = coefficient_index(m, name);
      if (k < 0)
        throw core::ConfigError("", "/random/" + name, "a coefficient in /coefficients: " + name_list(m),
                                "\"" + name + "\"");
      econ::RandomTaste t;
      t.coefficient = k;
      t.distribution = dist;
      const econ::EstimateEntry* from_file = nullptr;
      if (est)
        for (const econ::EstimateEntry& e : est->spreads)
          if (e.name == name) from_file = &e;
      const auto given = spreads.find("sd." + name);
      if (from_file) {
        t.sd = from_file->value;
        if (!(t.sd >= 0.0))
          throw core::DataError(at_line(*est, from_file->line) + ": parameter 'sd." + name + "': expected a spread >= 0, got " +
                                core::format_double(t.sd));
      } else if (given != spreads.end()) {
        t.sd = given->second;
        if (!(t.sd >= 0.0))
          throw core::ConfigError("", "/coefficients/sd." + name, "a spread >= 0", core::format_double(t.sd));
      } else {
        throw core::ConfigError("", "/coefficients/sd." + name,
                                "the spread of the random coefficient '" + name + "' (here or in the estimates file)",
                                "nothing");
      }
      m.mixture.random.push_back(t);
    }
    const json sim = cfg.contains("simulation") ? cfg.at("simulation")
                                                : json{{"method", "halton"}, {"draws", 1000}, {"antithetic", false}};
    const std::string method = sim.at("method").get<std::string>();
    m.mixture.draws.method = method == "mlhs"     ? econ::DrawMethod::mlhs
                             : method == "pseudo" ? econ::DrawMethod::pseudo
                                                  : econ::DrawMethod::halton;
    m.mixture.draws.draws = sim.at("draws").get<int>();
    m.mixture.draws.antithetic = sim.at("antithetic").get<bool>();
    m.mixture.draws.seed = m.seed;
    if (m.mixture.draws.antithetic && m.mixture.draws.draws % 2 != 0)
      throw core::ConfigError("", "/simulation/draws", "an even number with antithetic draws",
                              std::to_string(m.mixture.draws.draws));
  } else if (cfg.contains("simulation")) {
    throw core::ConfigError("", "/simulation", "absent unless /random names a coefficient",
                            core::short_json(cfg.at("simulation")));
  }
  const Eigen::VectorXd means = coefficient_means(m);
  econ::LatentClassTastes& lc = m.mixture.classes;
  if (!classes.empty()) {
    if (file_classes)
      throw core::ConfigError("", "/classes", "absent: " + est->file + " holds the latent classes",
                              core::short_json(classes));
    check_no_population(m, "/classes");
    const core::Param node = class_node();
    const auto C = static_cast<Eigen::Index>(classes.size());
    lc.shares.resize(C);
    lc.coefficients = means.transpose().replicate(C, 1);
    Eigen::Index c = 0;
    for (auto it = classes.begin(); it != classes.end(); ++it, ++c) {
      const std::string path = "/classes/" + it.key();
      const json cl = node.resolve(it.value(), path);
      lc.names.push_back(it.key());
      lc.shares[c] = cl.at("share").get<double>();
      const json& coef = cl.at("coefficients");
      for (auto k = coef.begin(); k != coef.end(); ++k) {
        const int idx = coefficient_index(m, k.key());
        if (idx < 0)
          throw core::ConfigError("", path + "/coefficients/" + k.key(), "a coefficient in /coefficients: " + name_list(m),
                                  "\"" + k.key() + "\"");
        lc.coefficients(c, idx) = k.value().get<double>();
      }
    }
    if (!(std::abs(lc.shares.sum() - 1.0) <= 1e-9))
      throw core::ConfigError("", "/classes", "class shares summing to 1",
                              "shares summing to " + core::format_double(lc.shares.sum()));
  } else if (file_classes) {
    check_no_population(m, "/estimates (a latent-class model)");
    lc.names = est->classes;
    lc.shares = est->class_shares;
    lc.coefficients = means.transpose().replicate(static_cast<Eigen::Index>(lc.names.size()), 1);
    for (const auto& cs : est->class_specific) {
      const int idx = coefficient_index(m, cs.name);
      if (idx < 0)
        throw core::DataError(at_line(*est, cs.line) + ": class-specific parameter '" + cs.name + "." + lc.names[0] +
                              "' is no coefficient of this market (expected one in /coefficients: " + name_list(m) + ")");
      for (std::size_t c = 0; c < cs.values.size(); ++c) lc.coefficients(static_cast<Eigen::Index>(c), idx) = cs.values[c];
    }
  }
  if (!m.mixture.mixed_logit()) return;
  const econ::MixtureConsumers drawn = econ::mixture_tastes(m.mixture, means);
  for (const econ::RandomTaste& t : m.mixture.random) {
    const Eigen::VectorXd size = drawn.coefficients.col(t.coefficient).cwiseAbs();
    const bool price = t.coefficient == 0;
    const std::string name = price ? "price" : m.attribute_names[static_cast<std::size_t>(t.coefficient - 1)];
    const bool too_large = !(size.maxCoeff() <= kMaxDrawn), too_small = price && !(size.minCoeff() >= kMinDrawnPrice);
    if (too_large || too_small)
      throw core::ConfigError("", "/random/" + name,
                              std::string("drawn coefficients of magnitude at most 1e60") +
                                  (price ? " and at least 1e-50" : "") + " (lower the spread sd." + name + " or the mean)",
                              "a draw of magnitude " + core::format_double(too_large ? size.maxCoeff() : size.minCoeff()));
  }
}

core::ConfigError market_demand_error(const json& cfg, const core::ArgumentError& e) {
  const std::string& arg = e.argument();
  if (arg == "random price") return core::ConfigError("/random/price", e);
  if (arg.rfind("class ", 0) == 0) {
    const std::string cls = arg.substr(6, arg.size() - 6 - 6);
    if (cfg.contains("classes")) {
      const json& c = cfg.at("classes").at(cls);
      return core::ConfigError(c.contains("coefficients") && c.at("coefficients").contains("price")
                                   ? "/classes/" + cls + "/coefficients/price"
                                   : "/coefficients/price",
                               e);
    }
    return core::ConfigError("/estimates", e);
  }
  if (arg == "price") return core::ConfigError("/estimates", e);
  return core::ConfigError("/population/interactions/price", e);
}

}  // namespace arbiter::experiments
