// Errors a user can act on. ConfigError (bad usage or config: exit status 2) names the file, the JSON path,
// what was expected and what was found: "quickstart.json: /temperature: expected a number > 0, got -1".
// RunError (exit status 1) is a run that failed after starting. Programs catch both once, at the top.
#pragma once
#include <stdexcept>
#include <string>
#include "core/input_error.hpp"

namespace arbiter::core {

class ConfigError : public InputError {
 public:
  // "FILE: PATH: expected EXPECTED, got GOT" (parts left empty are omitted).
  ConfigError(const std::string& file, const std::string& json_path, const std::string& expected,
              const std::string& got);
  // A free-form message about a config (still exit status 2).
  explicit ConfigError(const std::string& message);
  // A domain error about an argument, placed at the JSON path the kind read that argument from.
  ConfigError(const std::string& json_path, const ArgumentError& error);
  // The same error, with the file name put in front if it has none yet.
  ConfigError in_file(const std::string& file) const;

  const std::string& file() const { return file_; }
  const std::string& json_path() const { return path_; }

 private:
  std::string file_, path_, detail_;
};

class RunError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace arbiter::core
