// Kind "physics.potts" (q states on the 2D square lattice): Monte Carlo (Metropolis, heat-bath, Wolff) or
// exact enumeration over a temperature grid, one results.csv row per (L, T). The keys it shares with
// physics.ising are in lattice_spec.hpp, the experiment in lattice_experiment.hpp.
#include "experiments/physics/lattice_spec.hpp"
#include "experiments/registry.hpp"
#include "physics/potts_lattice.hpp"

namespace arbiter::experiments {
namespace {

using json = nlohmann::json;

ExperimentKind potts_kind() {
  ExperimentKind k;
  k.name = "physics.potts";
  k.description = "q-state Potts model on the 2D square lattice: Monte Carlo or exact thermodynamics over T";
  k.quick = {"/thermalization_sweeps=10", "/measurement_sweeps=100"};
  physics_lab::declare_lattice_schema(k.schema);
  k.cost = physics_lab::lattice_cost;
  k.schema.integer("/q", 3, "number of states q").at_least(2).at_most(physics::kMaxPottsStates);
  k.make = [](const json& cfg, const RunContext& ctx) {
    physics::LatticeModelSpec model;
    model.name = "potts";
    model.q = cfg.at("q").get<int>();
    return physics_lab::make_lattice_experiment(cfg, ctx, model);
  };
  return k;
}

const RegisterKind registered{potts_kind};

}  // namespace
}  // namespace arbiter::experiments
