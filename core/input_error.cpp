#include "core/input_error.hpp"

namespace arbiter::core {

ArgumentError::ArgumentError(std::string argument, std::string expected, std::string got)
    : InputError(argument + ": expected " + expected + (got.empty() ? std::string() : ", got " + got)),
      argument_(std::move(argument)),
      expected_(std::move(expected)),
      got_(std::move(got)) {}

}  // namespace arbiter::core
