// The latent-class keys of econ.estimate: /model/classes {names, specific, fixed, membership}, optional (a config
// without it resolves as before), with /model/panel and /columns/individual for membership per person, and
// /estimation/starts (declared with the mixed logit's keys; 3 when absent). Reads
// them into a LatentClassSetup; the checks that need no data (a class name used twice, panel without an
// individual column, random coefficients or nests beside classes) are ConfigErrors naming the JSON path.
#pragma once
#include <optional>
#include <string>
#include <vector>
#include <nlohmann/json.hpp>

#include "core/config_error.hpp"
#include "core/config_schema.hpp"
#include "core/input_error.hpp"
#include "econ/latent_class.hpp"
#include "econ/model_spec.hpp"

namespace arbiter::experiments {

struct LatentClassSetup {
  econ::LatentClassSpec spec;
  bool panel = false;
  std::string individual;  // column of person ids ("" none)
  int starts = 3;          // /estimation/starts: class-specific spreads 1, 0.5, 2, 0.25, 4, ... (one with one class)
  std::string wtp_cost;    // /wtp/cost: each class's -b_attribute / b_cost ("" none)
  std::vector<std::string> wtp_attributes;
};

void declare_latent_class_keys(core::Schema& schema);

// A latent-class logit when /model/classes is given (nullopt otherwise). Throws ConfigError naming the path.
std::optional<LatentClassSetup> read_latent_class_setup(const nlohmann::json& resolved, const econ::ModelSpec& spec);

// The JSON path of a LatentClassLogit argument ("classes[1]" -> "/model/classes/names/1", "fixed[b.c]" ->
// "/model/classes/fixed/b.c", "membership[0]" -> "/model/classes/membership/0").
std::string latent_class_path(const std::string& argument);

// Runs `build` and re-throws a core::ArgumentError as a ConfigError at its /model/classes path.
template <class Build>
auto with_latent_class_paths(Build&& build) -> decltype(build()) {
  try {
    return build();
  } catch (const core::ArgumentError& e) {
    throw core::ConfigError(latent_class_path(e.argument()), e);
  }
}

}  // namespace arbiter::experiments
