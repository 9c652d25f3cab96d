// Runs the arbiter executable (ARBITER_EXE, set by the test's CMakeLists) through /bin/sh and captures what it
// prints: the CLI tests' one way to call the program.
#pragma once
#include <catch2/catch.hpp>
#include <cstdio>
#include <string>

#include <sys/wait.h>

namespace test_apps {

struct Outcome {
  int status;          // the exit status, or 128 + the signal that ended it
  std::string output;  // stdout and stderr
};

// `arbiter ARGS` (PREFIX may set limits first, e.g. "ulimit -f 5;").
inline Outcome arbiter(const std::string& args, const std::string& prefix = "") {
  const std::string cmd = prefix + std::string(ARBITER_EXE) + " " + args + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p);
  std::string out;
  char buf[4096];
  while (std::size_t n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  const int st = pclose(p);
  return {WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st), out};
}

}  // namespace test_apps
