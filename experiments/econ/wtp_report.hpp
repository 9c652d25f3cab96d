// econ.estimate's willingness-to-pay output, one format for every model: wtp.csv (attribute, cost, [class,] wtp,
// std_error, robust_std_error, z_value, p_value, ci_low, ci_high: a z test of WTP = 0 and the 95% interval from
// std_error), summary.json's willingness_to_pay (per attribute, or per class and attribute) and the lines added
// to the printed report under `heading`. A non-finite standard error leaves its cells empty (null in JSON).
#pragma once
#include <string>
#include <vector>
#include <Eigen/Core>

#include "experiments/experiment.hpp"

namespace arbiter::experiments {

struct WtpRow {
  std::string attribute, cost;
  std::string group;  // the latent class ("" none)
  double value = 0.0, std_error = 0.0, robust_std_error = 0.0;
};

void write_wtp(Results& r, const std::string& heading, const std::vector<WtpRow>& rows);

// The row for -b_attribute / b_cost from named estimates (the parameters `attribute_parameter` and
// `cost_parameter`, by default the row's attribute and cost), with delta-method standard errors from `covariance`
// and `robust`: NaN where a covariance does not match the names (a singular Hessian), and every number NaN when
// b_cost is 0. Throws std::invalid_argument for a name that is not a parameter.
WtpRow coefficient_ratio_wtp(const std::vector<std::string>& names, const Eigen::VectorXd& theta,
                             const Eigen::MatrixXd& covariance, const Eigen::MatrixXd& robust, WtpRow row,
                             const std::string& attribute_parameter = "", const std::string& cost_parameter = "");

}  // namespace arbiter::experiments
