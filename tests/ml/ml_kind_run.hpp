// Test helpers for the learning world's kinds: run a config through the registry to its results, and run a bad
// one through the runner to the JSON path of its ConfigError (checking that nothing was written).
#pragma once
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "core/config_error.hpp"
#include "experiments/config_loader.hpp"
#include "experiments/runner.hpp"

namespace arbiter::test_ml {

inline experiments::Results run_config(const nlohmann::json& cfg, const std::vector<std::string>& overrides = {},
                                       const std::string& dir = ".") {
  auto exp = experiments::make_experiment(experiments::resolve_config(cfg, "test.json", dir, overrides), 1);
  while (!exp->done()) exp->step();
  const auto obs = exp->observables();
  CHECK_FALSE(obs.numbers.empty());
  return exp->finish();
}

// The JSON path of the ConfigError a run of cfg throws ("(no ConfigError)" if none); REQUIREs that the output
// folder does not exist afterwards.
inline std::string bad_config_path(const nlohmann::json& cfg) {
  const std::filesystem::path out = std::filesystem::temp_directory_path() / "arbiter_test_ml_bad_config";
  std::filesystem::remove_all(out);
  std::string path = "(no ConfigError)";
  try {
    experiments::RunOptions options;
    options.out_dir = out;
    options.threads = 1;
    experiments::run_experiment(experiments::resolve_config(cfg, "bad.json", "."), options, nullptr);
  } catch (const core::ConfigError& e) {
    path = e.json_path();
  }
  REQUIRE_FALSE(std::filesystem::exists(out));
  return path;
}

inline std::size_t column_of(const core::Table& t, const std::string& name) {
  const auto& c = t.columns();
  for (std::size_t i = 0; i < c.size(); ++i)
    if (c[i] == name) return i;
  FAIL("no column " << name);
  return 0;
}

inline double number_at(const core::Table& t, std::size_t row, const std::string& name) {
  const core::Cell& cell = t.rows()[row][column_of(t, name)];
  if (const auto* d = std::get_if<double>(&cell)) return *d;
  return static_cast<double>(std::get<std::int64_t>(cell));
}

}  // namespace arbiter::test_ml
