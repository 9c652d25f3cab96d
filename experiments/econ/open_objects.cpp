// Checked reads of JSON values for the econ market and simulation kinds.
#include "experiments/econ/open_objects.hpp"

#include <cmath>
#include "core/config_error.hpp"
#include "core/config_schema.hpp"

namespace arbiter::experiments::open_objects {

using json = nlohmann::json;

core::Param map_of(const core::Param& each, json dflt, std::string help) {
  core::Param map = core::Param::make(core::ParamType::object, json::object(), std::move(help));
  map.default_value = std::move(dflt);
  map.open = true;
  map.check = [each](const json& value, const std::string& path) {
    for (auto it = value.begin(); it != value.end(); ++it) (void)each.resolve(it.value(), path + "/" + it.key());
  };
  return map;
}

void check_object(const json& value, const std::string& path, std::initializer_list<const char*> allowed) {
  std::string keys;
  for (const char* k : allowed) keys += (keys.empty() ? "" : ", ") + std::string(k);
  if (!value.is_object()) throw core::ConfigError("", path, "an object with keys " + keys, core::short_json(value));
  for (auto it = value.begin(); it != value.end(); ++it) {
    bool ok = false;
    for (const char* k : allowed) ok = ok || it.key() == k;
    if (!ok) throw core::ConfigError("", path + "/" + it.key(), "one of the keys " + keys, "unknown key \"" + it.key() + "\"");
  }
}

double number(const json& value, const std::string& path) {
  if (!value.is_number() || !std::isfinite(value.get<double>()))
    throw core::ConfigError("", path, "a finite number", core::short_json(value));
  return value.get<double>();
}

double number_or(const json& obj, const std::string& key, const std::string& path, double fallback) {
  return obj.contains(key) ? number(obj.at(key), path + "/" + key) : fallback;
}

std::string string_or(const json& obj, const std::string& key, const std::string& path, const std::string& fallback) {
  if (!obj.contains(key)) return fallback;
  if (!obj.at(key).is_string()) throw core::ConfigError("", path + "/" + key, "a string", core::short_json(obj.at(key)));
  return obj.at(key).get<std::string>();
}

const json& required(const json& obj, const std::string& key, const std::string& path, const std::string& expected) {
  if (!obj.contains(key)) throw core::ConfigError("", path + "/" + key, expected + " (required)", "nothing");
  return obj.at(key);
}

}  // namespace arbiter::experiments::open_objects
