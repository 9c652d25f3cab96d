// The R summary()-style estimation report.
#include <algorithm>
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

std::string fixed(double x, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, x);
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

// Decimals that show the smallest non-zero magnitude in the column with `significant` digits (4 to 10).
int column_decimals(const std::vector<double>& values, int significant) {
  double smallest = 0.0;
  for (double v : values)
    if (std::isfinite(v) && v != 0.0 && (smallest == 0.0 || std::abs(v) < smallest)) smallest = std::abs(v);
  if (smallest == 0.0) return 4;
  return std::clamp(significant - 1 - static_cast<int>(std::floor(std::log10(smallest))), 4, 10);
}

std::string test_line(const std::string& what, double statistic, int df) {
  const double p = chi_squared_p_value(statistic, df);
  return what + ": chisq = " + fmt("%.3f", statistic) + " on " + std::to_string(df) + " df, p-value " +
         (p < 2.2e-16 ? "< 2.2e-16" : "= " + fmt("%.4g", p)) + "\n";
}

}  // namespace

std::string format_estimation_report(const EstimationResult& r) {
  std::string out;
  out += r.model + ", maximum likelihood (" + r.method + ", " + std::to_string(r.iterations) + " iterations, " +
         (r.converged ? "converged" : "NOT converged") + ")\n";
  out += "situations: " + std::to_string(r.n_situations) + "\n\nCoefficients:\n";
  std::size_t w = 10;
  std::vector<double> est, se;
  for (const auto& p : r.parameters) {
    w = std::max(w, p.name.size() + 1);
    est.push_back(p.estimate);
    if (!p.fixed) {
      se.push_back(p.std_error);
      se.push_back(p.robust_std_error);
    }
  }
  const int de = column_decimals(est, 6), ds = column_decimals(se, 5);
  // Cells first, then each column as wide as its widest cell plus a space (at least the usual width), so a
  // huge estimate or |z| > 1000 widens its column instead of running into the next one.
  struct Row {
    std::string name, estimate, se, robust, z, p, stars;
    bool fixed = false;
  };
  std::vector<Row> rows;
  std::size_t we = 14, ws = 13, wz = 10, wp = 12;
  for (const auto& p : r.parameters) {
    Row row{p.name, fixed(p.estimate, de), "", "", "", "", "", p.fixed};
    if (p.fixed) {
      row.se = "(fixed)";
    } else {
      // Not available (a singular Hessian: the warnings say which parameters): a dash, not "nan".
      row.se = std::isfinite(p.std_error) ? fixed(p.std_error, ds) : "-";
      row.robust = std::isfinite(p.robust_std_error) ? fixed(p.robust_std_error, ds) : "-";
      row.z = std::isfinite(p.t_value) ? fmt("%.4f", p.t_value) : "-";
      row.p = pval(p.p_value);
      row.stars = stars(p.p_value);
    }
    we = std::max(we, row.estimate.size() + 1);
    ws = std::max({ws, row.se.size() + 1, row.robust.size() + 1});
    wz = std::max(wz, row.z.size() + 1);
    wp = std::max(wp, row.p.size() + 1);
    rows.push_back(std::move(row));
  }
  out += pad("", w, true) + pad("Estimate", we) + pad("Std. Error", ws) + pad("Robust SE", ws) + pad("z value", wz) +
         pad("Pr(>|z|)", wp) + "\n";
  for (const auto& row : rows) {
    out += pad(row.name, w, true) + pad(row.estimate, we);
    if (row.fixed) {
      out += pad(row.se, ws) + "\n";
      continue;
    }
    out += pad(row.se, ws) + pad(row.robust, ws) + pad(row.z, wz) + pad(row.p, wp) + " " + row.stars + "\n";
  }
  out += "---\nSignif. codes:  0 '***' 0.001 '**' 0.01 '*' 0.05 '.' 0.1 ' ' 1\n\n";
  out += "Log-likelihood: " + fmt("%.4f", r.log_likelihood) + " (df = " + std::to_string(r.n_free) + ")\n";
  out += "Null log-likelihood (equal shares): " + fmt("%.4f", r.null_log_likelihood) + "\n";
  if (std::isfinite(r.constants_log_likelihood)) {
    out += "Constants-only log-likelihood: " + fmt("%.4f", r.constants_log_likelihood) + "\n";
    const int df = r.n_free - r.constants_parameters;
    if (df >= 1)
      out += test_line("Likelihood ratio test against constants only",
                       2.0 * (r.log_likelihood - r.constants_log_likelihood), df);
  }
  if (std::isfinite(r.conditional_logit_log_likelihood)) {
    int df = 0;
    for (const auto& p : r.parameters) df += (!p.fixed && p.name.rfind("iv.", 0) == 0) ? 1 : 0;
    out += "Conditional-logit log-likelihood (every iv = 1): " + fmt("%.4f", r.conditional_logit_log_likelihood) + "\n";
    if (df >= 1)
      out += test_line("Likelihood ratio test of the nests (H0: every iv = 1)",
                       2.0 * (r.log_likelihood - r.conditional_logit_log_likelihood), df);
    for (const auto& p : r.parameters) {
      if (p.fixed || p.name.rfind("iv.", 0) != 0 || !std::isfinite(p.std_error)) continue;
      const double z = (p.estimate - 1.0) / p.std_error;
      out += "Wald test " + p.name + " = 1: z = " + fmt("%.4f", z) + ", p-value = " + pval(normal_p_value(z)) +
             " (robust: z = " + fmt("%.4f", (p.estimate - 1.0) / p.robust_std_error) + ")\n";
    }
  }
  out += "McFadden R^2: " + fmt("%.5f", r.rho_squared) + "   adjusted: " + fmt("%.5f", r.adjusted_rho_squared) +
         (std::isfinite(r.constants_log_likelihood) ? " (against the constants-only model)" : " (against equal shares)") +
         "\n";
  out += "AIC: " + fmt("%.3f", r.aic) + "   BIC: " + fmt("%.3f", r.bic) + "\n";
  for (const auto& wmsg : r.warnings) out += "Warning: " + wmsg + "\n";
  return out;
}

}  // namespace arbiter::econ
