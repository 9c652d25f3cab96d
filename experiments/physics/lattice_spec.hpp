// What a physics.ising / physics.potts config asks for: the lattice model, sizes, temperatures, algorithm and
// sweeps (LatticeSpec); the schema keys both kinds share; reading a resolved config into a spec (cross-key
// problems throw core::ConfigError at the JSON path); and the JSON path of each argument these kinds pass
// to physics/ (a core::ArgumentError from there becomes a core::ConfigError at that path).
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>
#include <nlohmann/json.hpp>
#include "core/config_error.hpp"
#include "core/config_schema.hpp"
#include "experiments/experiment.hpp"
#include "physics/lattice_model.hpp"

namespace arbiter::experiments::physics_lab {

struct LatticeSpec {
  physics::LatticeModelSpec model;  // name, q or dimensions, J, h
  std::vector<int> sizes;           // L values
  std::vector<double> temperatures;
  std::string algorithm = "metropolis";  // metropolis, heat_bath, wolff, exact
  std::int64_t thermalization_sweeps = 1000;
  std::int64_t measurement_sweeps = 10000;
  bool live = false;
};

// The keys physics.ising and physics.potts share (/L, /sizes, /J, /h, /temperatures (live), /algorithm, the
// sweeps, /live).
void declare_lattice_schema(core::Schema& schema);

// Reads a resolved config for `model` (its name and q or dimensions; J and h are read here). Cross-key
// problems throw core::ConfigError naming the JSON path.
LatticeSpec read_lattice_spec(const nlohmann::json& config, const physics::LatticeModelSpec& model);

// A physics argument error re-placed at the JSON path these kinds read the argument from ("lattice size L"
// -> "/L", "coupling J" -> "/J", "temperature T" -> "/temperatures", ...).
core::ConfigError lattice_config_error(const core::ArgumentError& error);
// The run's memory and time from its resolved config (ExperimentKind::cost of physics.ising and physics.potts):
// every size at every temperature, thermalisation and measurement sweeps of N spin updates each.
RunCost lattice_cost(const nlohmann::json& cfg);

// Builds the lattice experiment of a resolved config (what the kinds' `make` does).
std::unique_ptr<Experiment> make_lattice_experiment(const nlohmann::json& config, const RunContext& ctx,
                                                    const physics::LatticeModelSpec& model);

}  // namespace arbiter::experiments::physics_lab
