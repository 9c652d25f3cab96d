// The summary.json fields every econ.estimate model writes from its fit (model, method, the log-likelihoods at
// the optimum, null and constants-only, rho squared, AIC, BIC, sizes); a number that is not finite is null.
#pragma once
#include <nlohmann/json.hpp>
#include "econ/estimation.hpp"

namespace arbiter::experiments {

nlohmann::json finite_or_null(double x);
void write_fit_summary(nlohmann::json& summary, const econ::EstimationResult& fit);

}  // namespace arbiter::experiments
