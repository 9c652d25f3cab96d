// Registers kind "rl.episodic": REINFORCE (with optional baseline and entropy bonus) on the short corridor,
// a gridworld from a text map, or CartPole.
#include "experiments/registry.hpp"
#include "experiments/rl/episodic_config.hpp"
#include "experiments/rl/episodic_experiment.hpp"

namespace arbiter::experiments {

namespace {

ExperimentKind episodic_kind() {
  ExperimentKind k;
  k.name = "rl.episodic";
  k.description =
      "REINFORCE (optional baseline, entropy bonus) on the short corridor, a gridworld map or CartPole";
  k.quick = {"/runs=2", "/episodes=20"};
  rl::declare_episodic_schema(k.schema);
  k.make = [](const nlohmann::json& cfg, const RunContext& ctx) -> std::unique_ptr<Experiment> {
    return std::make_unique<rl::EpisodicExperiment>(rl::read_episodic_setup(cfg, ctx.config_dir), ctx);
  };
  return k;
}

const RegisterKind registered{episodic_kind};

}  // namespace

}  // namespace arbiter::experiments
