// A training whose numbers overflowed is a failed run (exit 1 with a message), not a crash: the core's softmax
// refuses a NaN or infinite logit with std::domain_error, and guard_divergence(advice, step) turns that refusal
// into core::RunError saying what diverged and which keys usually cause it.
#pragma once
#include <stdexcept>
#include <string>
#include "core/config_error.hpp"

namespace arbiter::experiments {

template <class Step>
void guard_divergence(const std::string& advice, Step&& step) {
  try {
    step();
  } catch (const std::domain_error& e) {
    throw core::RunError(std::string("the training diverged (") + e.what() + "): " + advice);
  }
}

}  // namespace arbiter::experiments
