// The fuzzer's cases for one kind: its base configs (every shipped config of the kind, reduced by the kind's
// quick overrides, and the schema's own example when it resolves), the schema mutations of each, and a
// seeded sample of them. Shared by the config fuzzer and the extreme-values test.
#pragma once
#include <cstdint>
#include <string>
#include <vector>
#include <nlohmann/json.hpp>
#include "experiments/registry.hpp"
#include "tests/reliability/bounded_run.hpp"
#include "tests/reliability/config_mutations.hpp"

namespace arbiter::fuzz {

struct BaseConfig {
  std::string file;        // the shipped config (or "example.json")
  std::string dir;         // where its relative data paths are read from
  nlohmann::json config;   // resolved, quick overrides applied
};

struct Case {
  const BaseConfig* base = nullptr;
  Mutation mutation;
  std::string label() const;  // "KIND from FILE: /path = value"
  std::string text() const;   // the config file's text
};

std::vector<BaseConfig> base_configs(const experiments::ExperimentKind& kind);
std::vector<Case> all_cases(const experiments::ExperimentKind& kind, const std::vector<BaseConfig>& bases);
// `count` cases drawn without replacement (all when there are fewer), by core::RandomStream(seed, stream).
std::vector<Case> sample(std::vector<Case> cases, std::size_t count, std::uint64_t seed, std::uint64_t stream);

// Tallies of outcomes and the defects found, with their cases.
struct Tally {
  std::size_t refused = 0, failed = 0, completed = 0, cut_short = 0;
  std::vector<std::string> defects;
  std::vector<std::string> failures;  // RunError messages, with their cases
  void add(const Case& c, const RunOutcome& outcome);
  std::string summary() const;        // "412 cases: 300 refused, ..."
};

// An environment variable as a number, or `fallback` when it is not set.
double env_number(const char* name, double fallback);

}  // namespace arbiter::fuzz
