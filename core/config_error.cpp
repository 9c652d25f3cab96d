#include "core/config_error.hpp"

namespace arbiter::core {
namespace {

std::string compose(const std::string& file, const std::string& path, const std::string& detail) {
  std::string msg;
  if (!file.empty()) msg += file + ": ";
  if (!path.empty()) msg += path + ": ";
  return msg + detail;
}

std::string detail_of(const std::string& expected, const std::string& got) {
  if (expected.empty()) return got;
  if (got.empty()) return "expected " + expected;
  return "expected " + expected + ", got " + got;
}

}  // namespace

ConfigError::ConfigError(const std::string& file, const std::string& json_path, const std::string& expected,
                         const std::string& got)
    : InputError(compose(file, json_path, detail_of(expected, got))),
      file_(file),
      path_(json_path),
      detail_(detail_of(expected, got)) {}

ConfigError::ConfigError(const std::string& message) : InputError(message), detail_(message) {}

ConfigError::ConfigError(const std::string& json_path, const ArgumentError& error)
    : ConfigError("", json_path, error.expected(), error.got()) {}

ConfigError ConfigError::in_file(const std::string& file) const {
  if (!file_.empty() || file.empty()) return *this;
  return ConfigError(file, path_, "", detail_);
}

}  // namespace arbiter::core
