// Willingness to pay for an attribute: WTP = -beta_attr / beta_cost (money per unit of the attribute), with
// its delta-method standard error sqrt(g' V g), g = (-1/beta_cost, beta_attr/beta_cost^2), from the 2 x 2
// covariance of the two estimates. Throws std::invalid_argument for beta_cost = 0, an unknown parameter
// name, or a covariance of the wrong size.
#pragma once
#include <string>
#include <vector>
#include <Eigen/Core>

namespace arbiter::econ {

struct WillingnessToPay {
  double value = 0.0;
  double std_error = 0.0;
};

WillingnessToPay willingness_to_pay(double beta_attribute, double beta_cost, double var_attribute,
                                    double var_cost, double cov_attribute_cost);
// The same from named estimates and their full covariance matrix (names index rows and columns).
WillingnessToPay willingness_to_pay(const std::vector<std::string>& names, const Eigen::VectorXd& estimates,
                                    const Eigen::MatrixXd& covariance, const std::string& attribute,
                                    const std::string& cost);

}  // namespace arbiter::econ
