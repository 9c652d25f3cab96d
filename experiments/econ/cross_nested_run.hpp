// econ.estimate's cross-nested logit as a BfgsModelRun model: the conditional logit's estimates with every
// iv.NEST at 1 (or /model/start) and equal allocations as the start; estimates.csv reports alpha.ALT.NEST in
// place of the internal allocation parameters, with delta-method standard errors (Hessian and sandwich), and
// summary.json the allocations by alternative. Throws ConfigError naming the /model path. The design must
// outlive it.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "econ/cross_nested.hpp"
#include "econ/design.hpp"
#include "experiments/econ/bfgs_model_run.hpp"

namespace arbiter::experiments {

// With a non-empty wtp_cost, wtp.csv gives -b_attribute / b_cost for each of wtp_attributes (fixed coefficients).
std::unique_ptr<BfgsModelRun::Model> make_cross_nested_model(const econ::Design& design, const econ::CrossNestSpec& spec,
                                                             int threads, std::string wtp_cost = "",
                                                             std::vector<std::string> wtp_attributes = {});

}  // namespace arbiter::experiments
