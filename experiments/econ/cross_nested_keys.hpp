// The cross-nested keys of econ.estimate: /model/cross_nests {NEST: [ALT, ...]}, optional (a config without it
// resolves as before); an alternative may be in several nests. Nest parameters iv.NEST and allocations
// alpha.ALT.NEST take their start and fixed values from /model/start and /model/fixed. Reads them into a
// CrossNestSpec; the checks that need no data (an allocation fixed outside [0, 1], nests or random coefficients
// beside cross nests, the unscaled form) are ConfigErrors naming the JSON path.
#pragma once
#include <optional>
#include <nlohmann/json.hpp>

#include "core/config_schema.hpp"
#include "econ/cross_nested.hpp"
#include "econ/model_spec.hpp"

namespace arbiter::experiments {

void declare_cross_nested_keys(core::Schema& schema);

// A cross-nested logit when /model/cross_nests is given (nullopt otherwise). Moves the iv.* and alpha.* entries
// of spec.start and spec.fixed into the result, so build_design sees only the utility coefficients.
std::optional<econ::CrossNestSpec> read_cross_nested_setup(const nlohmann::json& resolved, econ::ModelSpec& spec);

}  // namespace arbiter::experiments
