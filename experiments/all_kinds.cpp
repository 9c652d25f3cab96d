// The central list of experiment kinds: one register call per module's experiments.
#include "experiments/registry.hpp"

namespace arbiter::experiments {

void register_softmax_kinds(Registry& r);
void register_physics_lattice_kinds(Registry& r);
void register_physics_levels_kinds(Registry& r);
void register_rl_bandit_kinds(Registry& r);
void register_rl_episodic_kinds(Registry& r);
void register_econ_estimate_kinds(Registry& r);
void register_econ_market_kinds(Registry& r);

const Registry& registry() {
  static const Registry instance = [] {
    Registry r;
    register_softmax_kinds(r);
    register_physics_lattice_kinds(r);
    register_physics_levels_kinds(r);
    register_rl_bandit_kinds(r);
    register_rl_episodic_kinds(r);
    register_econ_estimate_kinds(r);
    register_econ_market_kinds(r);
    return r;
  }();
  return instance;
}

}  // namespace arbiter::experiments
