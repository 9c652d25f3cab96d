// Numbers as fixed-point text for rl.episodic's live numbers and report.
#pragma once
#include <cstdio>
#include <string>

namespace arbiter::experiments::rl {

inline std::string fixed(double x, int digits = 3) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*f", digits, x);
  return buf;
}

}  // namespace arbiter::experiments::rl
