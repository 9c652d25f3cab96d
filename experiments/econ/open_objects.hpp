// The objects keyed by names the config itself chooses (products, attributes, nests, variables) in econ.market
// and econ.simulate configs: a schema node for such a map, and checked reads for the kinds that still read
// them by hand. Every problem is a core::ConfigError naming the JSON path, what was expected and what was found.
#pragma once
#include <initializer_list>
#include <string>
#include <nlohmann/json.hpp>
#include "core/config_schema.hpp"

namespace arbiter::experiments::open_objects {

// A schema node for {NAME: value}: an object with any keys, each value checked against `each` (a leaf, an
// object with its own keys, another map) at /path/NAME. `dflt` is the value when absent (null: required).
// Entries are checked, not filled: a reader resolves an entry through `each` for its inner defaults.
core::Param map_of(const core::Param& each, nlohmann::json dflt, std::string help);

// Throws unless `value` is an object whose keys are all in `allowed`.
void check_object(const nlohmann::json& value, const std::string& path, std::initializer_list<const char*> allowed);
// A finite number at `path`.
double number(const nlohmann::json& value, const std::string& path);
// obj[key] as a finite number, or `fallback` when absent.
double number_or(const nlohmann::json& obj, const std::string& key, const std::string& path, double fallback);
// obj[key] as a string, or `fallback` when absent.
std::string string_or(const nlohmann::json& obj, const std::string& key, const std::string& path,
                      const std::string& fallback);
// obj[key], which must be present.
const nlohmann::json& required(const nlohmann::json& obj, const std::string& key, const std::string& path,
                               const std::string& expected);

}  // namespace arbiter::experiments::open_objects
