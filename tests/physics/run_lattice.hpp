// Test helper: runs a physics.ising / physics.potts config through the registry to the end and returns
// results.csv as rows of doubles keyed by column name.
#pragma once
#include <map>
#include <string>
#include <vector>
#include <nlohmann/json.hpp>
#include "experiments/config_loader.hpp"

namespace arbiter::test_physics_mc {

struct LatticeRow {
  std::map<std::string, double> v;
  double operator[](const std::string& k) const { return v.at(k); }
};

struct LatticeRun {
  std::vector<LatticeRow> rows;
  nlohmann::json summary;
  std::string csv;
};

inline LatticeRun run_lattice(const nlohmann::json& config, int threads = 2,
                              const std::vector<std::string>& overrides = {}) {
  const auto loaded = experiments::resolve_config(config, "test.json", ".", overrides);
  auto exp = experiments::make_experiment(loaded, threads);
  while (!exp->done()) exp->step();
  const auto res = exp->finish();
  LatticeRun out;
  out.summary = res.summary;
  out.csv = res.results.to_csv();
  const auto& cols = res.results.columns();
  for (const auto& r : res.results.rows()) {
    LatticeRow row;
    for (std::size_t i = 0; i < cols.size(); ++i) {
      if (const auto* d = std::get_if<double>(&r[i])) row.v[cols[i]] = *d;
      else if (const auto* n = std::get_if<std::int64_t>(&r[i])) row.v[cols[i]] = static_cast<double>(*n);
    }
    out.rows.push_back(row);
  }
  return out;
}

}  // namespace arbiter::test_physics_mc
