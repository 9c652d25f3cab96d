// Registers the bandit kinds (called from experiments/all_kinds.cpp).
#include "experiments/rl/bandit_kinds.hpp"

namespace arbiter::experiments {

void register_rl_bandit_kinds(Registry& registry) {
  registry.add(rl::bandit_curves_kind());
  registry.add(rl::bandit_study_kind());
  registry.add(rl::bandit_entropy_kind());
}

}  // namespace arbiter::experiments
