#include <cmath>
#include <cstdio>
#include <string>

#include "econ/estimation.hpp"

namespace arbiter::econ {
namespace {

std::string fmt(const char* f, double x) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, x);
  return buf;
}

std::string stars(double p) {
  if (!std::isfinite(p)) return "";
  if (p < 0.001) return "***";
  if (p < 0.01) return "**";
  if (p < 0.05) return "*";
  if (p < 0.1) return ".";
  return "";
}

std::string pval(double p) {
  if (!std::isfinite(p)) return "";
  if (p < 2.2e-16) return "< 2.2e-16";
  if (p < 1e-4) return fmt("%.2e", p);
  return fmt("%.6f", p);
}

std::string pad(const std::string& s, std::size_t w, bool left = false) {
  if (s.size() >= w) return s;
  return left ? s + std::string(w - s.size(), ' ') : std::string(w - s.size(), ' ') + s;
}

}  // namespace

std::string format_estimation_report(const EstimationResult& r) {
  std::string out;
  out += r.model + ", maximum likelihood (" + r.method + ", " + std::to_string(r.iterations) + " iterations, " +
         (r.converged ? "converged" : "NOT converged") + ")\n";
  out += "situations: " + std::to_string(r.n_situations) + "\n\nCoefficients:\n";
  std::size_t w = 10;
  for (const auto& p : r.parameters) w = std::max(w, p.name.size() + 1);
  out += pad("", w, true) + pad("Estimate", 13) + pad("Std. Error", 13) + pad("Robust SE", 13) + pad("z value", 10) +
         pad("Pr(>|z|)", 12) + "\n";
  for (const auto& p : r.parameters) {
    out += pad(p.name, w, true) + pad(fmt("%.6f", p.estimate), 13);
    if (p.fixed) {
      out += pad("(fixed)", 13) + "\n";
      continue;
    }
    out += pad(fmt("%.6f", p.std_error), 13) + pad(fmt("%.6f", p.robust_std_error), 13) +
           pad(fmt("%.4f", p.t_value), 10) + pad(pval(p.p_value), 12) + " " + stars(p.p_value) + "\n";
  }
  out += "---\nSignif. codes:  0 '***' 0.001 '**' 0.01 '*' 0.05 '.' 0.1 ' ' 1\n\n";
  out += "Log-likelihood: " + fmt("%.3f", r.log_likelihood) + " (df = " + std::to_string(r.n_free) + ")\n";
  out += "Null log-likelihood (equal shares): " + fmt("%.3f", r.null_log_likelihood) + "\n";
  if (std::isfinite(r.constants_log_likelihood)) {
    out += "Constants-only log-likelihood: " + fmt("%.3f", r.constants_log_likelihood) + "\n";
    out += "Likelihood ratio test against constants only: chisq = " +
           fmt("%.3f", 2.0 * (r.log_likelihood - r.constants_log_likelihood)) + "\n";
  }
  out += "McFadden R^2: " + fmt("%.5f", r.rho_squared) + "   adjusted: " + fmt("%.5f", r.adjusted_rho_squared) + "\n";
  out += "AIC: " + fmt("%.3f", r.aic) + "   BIC: " + fmt("%.3f", r.bic) + "\n";
  for (const auto& wmsg : r.warnings) out += "Warning: " + wmsg + "\n";
  return out;
}

}  // namespace arbiter::econ
