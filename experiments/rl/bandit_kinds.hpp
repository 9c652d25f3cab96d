// The bandit experiment kinds: "rl.bandit" (learning curves of several agent settings, Figure 2.5),
// "rl.bandit_study" (average reward vs a parameter in powers of 2, Figure 2.6) and "rl.bandit_entropy"
// (success fraction and policy entropy vs the entropy-bonus weight on a deceptive bandit).
#pragma once
#include "experiments/registry.hpp"

namespace arbiter::experiments {

void register_rl_bandit_kinds(Registry& registry);

namespace rl {
ExperimentKind bandit_curves_kind();
ExperimentKind bandit_study_kind();
ExperimentKind bandit_entropy_kind();
}  // namespace rl

}  // namespace arbiter::experiments
