// Registers the econ what-if and simulation kinds.
#include "experiments/econ/market_kinds.hpp"

namespace arbiter::experiments {

void register_econ_market_kinds(Registry& r) {
  r.add(econ_market_kind());
  r.add(econ_simulate_kind());
}

}  // namespace arbiter::experiments
