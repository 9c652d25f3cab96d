// The fit's common summary.json fields.
#include "experiments/econ/fit_summary.hpp"
#include <cmath>

namespace arbiter::experiments {

nlohmann::json finite_or_null(double x) { return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json(nullptr); }

void write_fit_summary(nlohmann::json& s, const econ::EstimationResult& e) {
  s["model"] = e.model;
  s["method"] = e.method;
  s["log_likelihood"] = finite_or_null(e.log_likelihood);
  s["null_log_likelihood"] = finite_or_null(e.null_log_likelihood);
  s["constants_log_likelihood"] = finite_or_null(e.constants_log_likelihood);
  s["rho_squared"] = finite_or_null(e.rho_squared);
  s["adjusted_rho_squared"] = finite_or_null(e.adjusted_rho_squared);
  s["aic"] = finite_or_null(e.aic);
  s["bic"] = finite_or_null(e.bic);
  s["n_situations"] = e.n_situations;
  s["n_parameters"] = e.n_free;
}

}  // namespace arbiter::experiments
