#include "experiments/econ/wtp_report.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <cstdio>

#include "core/table.hpp"
#include "econ/estimation.hpp"
#include "econ/willingness_to_pay.hpp"

namespace arbiter::experiments {
namespace {

using json = nlohmann::json;
constexpr double kZ95 = 1.959963984540054;

core::Cell cell(double x) {
  if (std::isfinite(x)) return x;
  return std::string();
}
json num(double x) { return std::isfinite(x) ? json(x) : json(nullptr); }

}  // namespace

void write_wtp(Results& r, const std::string& heading, const std::vector<WtpRow>& rows) {
  bool grouped = false;
  for (const auto& w : rows) grouped = grouped || !w.group.empty();
  std::vector<std::string> cols{"attribute", "cost"};
  if (grouped) cols.push_back("class");
  for (const char* c : {"wtp", "std_error", "robust_std_error", "z_value", "p_value", "ci_low", "ci_high"}) cols.push_back(c);
  core::Table t(cols);
  std::string lines = heading;
  for (const auto& w : rows) {
    const double z = w.value / w.std_error, p = econ::normal_p_value(z);
    const double lo = w.value - kZ95 * w.std_error, hi = w.value + kZ95 * w.std_error;
    std::vector<core::Cell> row{w.attribute, w.cost};
    if (grouped) row.emplace_back(w.group);
    for (double x : {w.value, w.std_error, w.robust_std_error, z, p, lo, hi}) row.push_back(cell(x));
    t.add_row(std::move(row));
    json entry = {{"value", num(w.value)}, {"std_error", num(w.std_error)}, {"robust_std_error", num(w.robust_std_error)}};
    if (grouped) r.summary["willingness_to_pay"][w.group][w.attribute] = entry;
    else r.summary["willingness_to_pay"][w.attribute] = entry;
    const std::string label = grouped ? w.attribute + " (" + w.group + ")" : w.attribute;
    char line[240];
    std::snprintf(line, sizeof line, "  %-14s %12.6f  (std. error %.6f, robust %.6f; 95%% CI %.6f to %.6f)\n",
                  label.c_str(), w.value, w.std_error, w.robust_std_error, lo, hi);
    lines += line;
  }
  r.tables["wtp.csv"] = t;
  r.report += lines;
}

WtpRow coefficient_ratio_wtp(const std::vector<std::string>& names, const Eigen::VectorXd& theta,
                             const Eigen::MatrixXd& covariance, const Eigen::MatrixXd& robust, WtpRow row,
                             const std::string& attribute_parameter, const std::string& cost_parameter) {
  const std::string& a = attribute_parameter.empty() ? row.attribute : attribute_parameter;
  const std::string& c = cost_parameter.empty() ? row.cost : cost_parameter;
  auto index = [&](const std::string& name) {
    const auto it = std::find(names.begin(), names.end(), name);
    if (it == names.end()) throw std::invalid_argument("willingness to pay: no parameter named " + name);
    return static_cast<Eigen::Index>(it - names.begin());
  };
  const Eigen::Index ia = index(a), ic = index(c);
  const double nan = std::nan("");
  row.value = row.std_error = row.robust_std_error = nan;
  if (theta[ic] == 0.0) return row;
  row.value = -theta[ia] / theta[ic];
  const auto n = static_cast<Eigen::Index>(names.size());
  auto std_error = [&](const Eigen::MatrixXd& v) {
    if (v.rows() != n || v.cols() != n) return nan;
    return econ::willingness_to_pay(theta[ia], theta[ic], v(ia, ia), v(ic, ic), v(ia, ic)).std_error;
  };
  row.std_error = std_error(covariance);
  row.robust_std_error = std_error(robust);
  return row;
}

}  // namespace arbiter::experiments
