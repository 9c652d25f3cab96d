// The econ what-if and simulation kinds ("econ.market", "econ.simulate"), registered together by
// register_econ_market_kinds.
#pragma once
#include "experiments/registry.hpp"

namespace arbiter::experiments {

ExperimentKind econ_market_kind();
ExperimentKind econ_simulate_kind();
void register_econ_market_kinds(Registry& r);

}  // namespace arbiter::experiments
