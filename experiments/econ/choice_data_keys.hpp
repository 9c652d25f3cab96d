// The choice-data and model keys the econ kinds share: declares /data, /format, /columns/*, /alternatives
// and /model/* on a Schema, reads them into ChoiceColumns and a ModelSpec, and places the econ errors about
// a model specification at the /model/... path they came from. Throws ConfigError naming the JSON path.
#pragma once
#include <string>
#include <vector>
#include <nlohmann/json.hpp>
#include "core/config_error.hpp"
#include "core/config_schema.hpp"
#include "econ/choice_data.hpp"
#include "econ/design.hpp"
#include "econ/model_spec.hpp"

namespace arbiter::experiments {

// Declares /data, /format, /columns/*, /alternatives and /model/* with defaults and help.
void declare_choice_data_keys(core::Schema& schema);
void declare_model_keys(core::Schema& schema);

econ::ChoiceColumns read_choice_columns(const nlohmann::json& resolved);
econ::ModelSpec read_model_spec(const nlohmann::json& resolved);
// The numeric columns the model uses (generic, specific and individual variables).
std::vector<std::string> model_variables(const econ::ModelSpec& spec);
// `data` resolved against the config's folder when relative.
std::string resolve_data_path(const std::string& data, const std::string& config_dir);

// The JSON path of a ModelSpec argument named by econ ("generic[0]" -> "/model/generic/0", "spec" -> "/model").
std::string model_path(const std::string& argument);
// Runs `build` (build_design, build_nests) and re-throws its errors as ConfigErrors: an argument at its
// /model/... path, an unknown alternative as named there, an unidentified model or bad data as they read.
template <class Build>
auto with_model_paths(Build&& build) -> decltype(build()) {
  try {
    return build();
  } catch (const econ::UnknownAlternativeError& e) {
    throw core::ConfigError(e.named_at(model_path(e.argument())).what());
  } catch (const core::ArgumentError& e) {
    throw core::ConfigError(model_path(e.argument()), e);
  } catch (const core::ConfigError&) {
    throw;
  } catch (const core::InputError& e) {
    throw core::ConfigError(e.what());
  }
}

}  // namespace arbiter::experiments
