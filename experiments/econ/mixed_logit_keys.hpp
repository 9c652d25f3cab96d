// The mixed-logit keys of econ.estimate: /columns/individual, /model/random, /model/correlated, /model/panel,
// /simulation/* and /estimation/{starts, start, standard_errors, gradient_tolerance,
// single_precision_gradient}, each optional (a config
// without them resolves as before). Reads them into a MixedLogitSetup; the checks that need no data (panel
// without an individual column, odd antithetic draws, a correlated coefficient that is not normal-based, nests
// with random coefficients) are ConfigErrors naming the JSON path.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>
#include <nlohmann/json.hpp>

#include "core/config_schema.hpp"
#include "econ/model_spec.hpp"
#include "econ/random_coefficients.hpp"
#include "econ/simulation_draws.hpp"

namespace arbiter::experiments {

// Which covariance of the estimates gives std_error, t and p.
enum class StandardErrors { hessian, bhhh, robust, clustered };

struct MixedLogitSetup {
  std::vector<std::pair<std::string, econ::Distribution>> random;  // in the config's order
  std::vector<std::string> correlated;
  bool panel = false;
  std::string individual;                   // column of person ids ("" none)
  econ::DrawOptions draws;
  int starts = 1;
  bool start_given = false;                 // start at /model/start as given (else the conditional logit's)
  StandardErrors standard_errors = StandardErrors::hessian;
  double gradient_tolerance = 1e-5;
  double single_precision_gradient = 0.1;   // single precision while max |gradient| > this (0: never)
  std::map<std::string, double> spread_start, spread_fixed;  // sd.* and chol.* entries of /model/start, /fixed
  std::string wtp_cost;                     // individual.csv: each person's -b_attribute / b_cost ("" none)
  std::vector<std::string> wtp_attributes;
};

void declare_mixed_logit_keys(core::Schema& schema);

// The validator of a {COEFFICIENT: DIST} object (DIST: normal, lognormal, neg_lognormal, uniform, triangular),
// shared by econ.estimate's /model/random and econ.simulate's /random; throws ConfigError naming path/COEF.
void check_random_coefficients(const nlohmann::json& v, const std::string& path);
// Its entries in the object's order (after check_random_coefficients).
std::vector<std::pair<std::string, econ::Distribution>> read_random_coefficients(const nlohmann::json& v);

// The individual-id column when /columns/individual is given ("" otherwise).
std::string read_individual_column(const nlohmann::json& resolved);
// A mixed logit when /model/random or /model/correlated names a coefficient (nullopt: a conditional or nested
// logit, and the other mixed-logit keys must be absent). Moves the sd.* and chol.* entries of spec.start and
// spec.fixed into the setup, so build_design sees only the means. Throws ConfigError naming the JSON path.
std::optional<MixedLogitSetup> read_mixed_logit_setup(const nlohmann::json& resolved, econ::ModelSpec& spec,
                                                      std::uint64_t seed);

// "hessian", "bhhh", "robust", "clustered".
const char* standard_errors_name(StandardErrors s);

}  // namespace arbiter::experiments
