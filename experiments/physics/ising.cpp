// Kind "physics.ising" (1D chain or 2D square lattice): Monte Carlo (Metropolis, heat-bath, Wolff) or exact
// thermodynamics over a temperature grid, one results.csv row per (L, T). The keys it shares with
// physics.potts are in lattice_spec.hpp, the experiment in lattice_experiment.hpp.
#include "experiments/physics/lattice_spec.hpp"
#include "experiments/registry.hpp"

namespace arbiter::experiments {
namespace {

using json = nlohmann::json;

ExperimentKind ising_kind() {
  ExperimentKind k;
  k.name = "physics.ising";
  k.description = "Ising model (2D square lattice or 1D chain): Monte Carlo or exact thermodynamics over T";
  k.quick = {"/thermalization_sweeps=10", "/measurement_sweeps=100"};
  physics_lab::declare_lattice_schema(k.schema);
  k.cost = physics_lab::lattice_cost;
  k.schema.integer("/dimensions", 2, "1 (periodic chain) or 2 (periodic L x L square lattice)").at_least(1).at_most(2);
  k.make = [](const json& cfg, const RunContext& ctx) {
    physics::LatticeModelSpec model;
    model.name = "ising";
    model.dimensions = cfg.at("dimensions").get<int>();
    return physics_lab::make_lattice_experiment(cfg, ctx, model);
  };
  return k;
}

const RegisterKind registered{ising_kind};

}  // namespace
}  // namespace arbiter::experiments
