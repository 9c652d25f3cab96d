// Reads the econ.estimate config sections into econ types: "columns"/"format"/"alternatives" into
// ChoiceColumns and "model" into a ModelSpec. Also declares those keys on a Schema, so other econ kinds can
// share the same spelling. Throws ConfigError naming the JSON path for a malformed value.
#pragma once
#include <string>
#include <vector>
#include <nlohmann/json.hpp>
#include "core/config_schema.hpp"
#include "econ/choice_data.hpp"
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

}  // namespace arbiter::experiments
