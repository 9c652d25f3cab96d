// Test helper: the argument a physics call names when it throws core::ArgumentError.
#pragma once
#include <functional>
#include <string>
#include "core/input_error.hpp"

namespace arbiter::test_physics {

// Runs f; returns the argument of the ArgumentError it throws, or "(no ArgumentError)".
inline std::string argument_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const core::ArgumentError& e) {
    return e.argument();
  }
  return "(no ArgumentError)";
}

}  // namespace arbiter::test_physics
