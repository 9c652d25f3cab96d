// Errors in what a user gave (exit status 2), caught once at the top of each program as InputError.
// Domain code (envs, agents, econ, physics) knows no config file: it throws ArgumentError naming its own
// argument ("gap", "lattice size L") or DataError naming a data file and place; the experiment kind that
// read the config maps an argument to its JSON path (ConfigError, config_error.hpp).
#pragma once
#include <stdexcept>
#include <string>

namespace arbiter::core {

class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// "ARGUMENT: expected EXPECTED, got GOT".
class ArgumentError : public InputError {
 public:
  ArgumentError(std::string argument, std::string expected, std::string got);
  const std::string& argument() const { return argument_; }
  const std::string& expected() const { return expected_; }
  const std::string& got() const { return got_; }

 private:
  std::string argument_, expected_, got_;
};

// Bad input data: "FILE: line L, column C: MESSAGE" or any message that names the file and the place.
class DataError : public InputError {
 public:
  using InputError::InputError;
};

}  // namespace arbiter::core
