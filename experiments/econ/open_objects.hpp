// Reading the inner keys of the open objects in econ.market and econ.simulate configs: every problem is a
// core::ConfigError naming the JSON path, what was expected and what was found.
#pragma once
#include <initializer_list>
#include <string>
#include <nlohmann/json.hpp>

namespace arbiter::experiments::open_objects {

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
