// Kinds "physics.ising" (1D chain or 2D square lattice) and "physics.potts" (2D, q states): Monte Carlo
// (Metropolis, heat-bath, Wolff) or exact thermodynamics over a temperature grid, one results.csv row per
// (L, T). See experiments/physics/lattice_experiment.hpp.
#include "core/config_error.hpp"
#include "core/config_schema.hpp"
#include "experiments/physics/lattice_experiment.hpp"
#include "experiments/registry.hpp"
#include "physics/potts_lattice.hpp"

namespace arbiter::experiments {

namespace {

using json = nlohmann::json;

void declare_common(core::Schema& s) {
  s.integer("/L", 16, "linear size: L x L sites (a chain of L sites for dimensions = 1)").at_least(2).at_most(4096);
  s.add("/sizes", core::ParamType::integer_list, json::array(),
        "several sizes for a finite-size sweep (one run per size and temperature); empty: just L")
      .at_least(2)
      .at_most(4096);
  s.number("/J", 1.0, "nearest-neighbour coupling J (energies in units of J; > 0 ferromagnetic)");
  s.number("/h", 0.0, "external field h");
  s.add("/temperatures", core::ParamType::any, json{{"from", 1.5}, {"to", 3.5}, {"points", 11}},
        "temperatures T > 0 (k_B = 1): a list, or {\"from\": a, \"to\": b, \"points\": n}")
      .validate_with([](const json& v, const std::string& path) { core::check_grid(v, path, 0.0); });
  s.string("/algorithm", "metropolis",
           "metropolis, heat_bath (Glauber), wolff (cluster; h = 0) or exact (enumeration, exact chain, Kaufman's "
           "torus or transfer matrix; zero errors, NaN where a method has no magnetisation)")
      .one_of({"metropolis", "heat_bath", "wolff", "exact"});
  s.integer("/thermalization_sweeps", 1000, "sweeps discarded before measuring").at_least(0).at_most(1e8);
  s.integer("/measurement_sweeps", 10000,
            "sweeps measured (one sample of e and m per sweep; a Wolff sweep is a fixed number of clusters, about "
            "N flipped spins)")
      .at_least(16)
      .at_most(2e6);
  s.boolean("/live", false,
            "GUI live mode: one lattice at one temperature that can be changed while it runs (no end)");
}

std::unique_ptr<Experiment> make_lattice(const json& cfg, const RunContext& ctx, const std::string& model) {
  return std::make_unique<physics_lab::LatticeExperiment>(physics_lab::read_lattice_spec(cfg, model), ctx);
}

ExperimentKind ising_kind() {
  ExperimentKind k;
  k.name = "physics.ising";
  k.description = "Ising model (2D square lattice or 1D chain): Monte Carlo or exact thermodynamics over T";
  k.quick = {"/thermalization_sweeps=10", "/measurement_sweeps=100"};
    declare_common(k.schema);
  k.schema.integer("/dimensions", 2, "1 (periodic chain) or 2 (periodic L x L square lattice)").at_least(1).at_most(2);
  k.make = [](const json& cfg, const RunContext& ctx) { return make_lattice(cfg, ctx, "ising"); };
  return k;
}

ExperimentKind potts_kind() {
  ExperimentKind k;
  k.name = "physics.potts";
  k.description = "q-state Potts model on the 2D square lattice: Monte Carlo or exact thermodynamics over T";
  k.quick = {"/thermalization_sweeps=10", "/measurement_sweeps=100"};
    declare_common(k.schema);
  k.schema.integer("/q", 3, "number of states q").at_least(2).at_most(physics::kMaxPottsStates);
  k.make = [](const json& cfg, const RunContext& ctx) { return make_lattice(cfg, ctx, "potts"); };
  return k;
}

const RegisterKind registered_ising{ising_kind};
const RegisterKind registered_potts{potts_kind};

}  // namespace

}  // namespace arbiter::experiments
