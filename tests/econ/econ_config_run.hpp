// Test helpers for econ.estimate's configs under configs/econ: run a config through the registry to its
// results, and the JSON path of the ConfigError a bad one throws when it is built.
#pragma once
#include <string>

#include "core/config_error.hpp"
#include "experiments/config_loader.hpp"

namespace arbiter::test_econ {

inline const std::string kConfigDir = std::string(ARBITER_SOURCE_DIR) + "/configs/econ";

// The config file configs/econ/NAME as JSON.
inline nlohmann::json econ_config(const std::string& name) {
  return experiments::read_json_file(kConfigDir + "/" + name);
}

// Runs c (relative paths resolved in configs/econ) on two threads to its results.
inline experiments::Results run_econ(const nlohmann::json& c) {
  auto exp = experiments::make_experiment(experiments::resolve_config(c, kConfigDir + "/x.json", kConfigDir), 2);
  while (!exp->done()) exp->step();
  return exp->finish();
}

// The JSON path of the ConfigError that resolving or building c throws ("" if none).
inline std::string econ_error_path(const nlohmann::json& c) {
  try {
    auto exp = experiments::make_experiment(experiments::resolve_config(c, kConfigDir + "/x.json", kConfigDir), 1);
  } catch (const core::ConfigError& e) {
    return e.json_path();
  }
  return "";
}

}  // namespace arbiter::test_econ
