// econ.market's taste-heterogeneity keys: /random (a mixed logit, econ.simulate's {COEFFICIENT: DIST}
// declaration, spreads sd.COEF in /coefficients), /simulation (its draws), /classes (a latent-class logit
// given inline) and /estimates (an estimates.csv written by econ.estimate: means, sd.COEF, asc.PRODUCT,
// COEF.CLASS and class.CLASS), each optional (a config without them resolves and runs as before). Reads them
// into the market's TasteMixture (econ/mixed_market.hpp); every check across keys is a ConfigError naming the
// JSON path, and a bad estimates file a DataError naming the file and line.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>
#include <nlohmann/json.hpp>

#include "core/config_error.hpp"
#include "core/config_schema.hpp"
#include "econ/market_estimates.hpp"
#include "econ/market_model.hpp"

namespace arbiter::experiments {

void declare_market_mixture_keys(core::Schema& schema);

// "sd.COEF" keys of /coefficients are spreads, not attributes.
bool is_spread_key(const std::string& key);

// The file /estimates names (resolved against the config's folder), read; none when /estimates is absent.
std::optional<econ::MarketEstimates> read_estimates_key(const nlohmann::json& cfg, const std::string& config_dir);
// The file's coefficient values replace those of /coefficients (each must be "price" or an attribute there).
void apply_estimated_coefficients(const econ::MarketEstimates& est, econ::MarketModel& market);
// The file's constants asc.PRODUCT into `products`. Base call (scenario false, products the base list): the
// products of `base`. Scenario call (products: the scenario's list, possibly empty): the products not in
// `base` (those the scenario adds); an asc.NAME for a product in neither list is a DataError.
void apply_estimated_constants(const econ::MarketEstimates& est, const std::vector<econ::Product>& base,
                               std::vector<econ::Product>& products, bool scenario);
// /random, /simulation, /classes (and the spreads and classes of the estimates file) into market.mixture;
// `spreads` are the sd.COEF entries of /coefficients.
void read_market_mixture(const nlohmann::json& cfg, const std::map<std::string, double>& spreads,
                         const econ::MarketEstimates* est, econ::MarketModel& market);

// The JSON path (or file) of an ArgumentError from econ::market_demand about a price coefficient.
core::ConfigError market_demand_error(const nlohmann::json& cfg, const core::ArgumentError& e);

}  // namespace arbiter::experiments
