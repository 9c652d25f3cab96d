// Willingness to pay as a ratio of coefficients, with delta-method standard errors.
#include "econ/willingness_to_pay.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace arbiter::econ {

WillingnessToPay willingness_to_pay(double beta_attribute, double beta_cost, double var_attribute,
                                    double var_cost, double cov_attribute_cost) {
  if (beta_cost == 0.0) throw std::invalid_argument("willingness_to_pay: the cost coefficient is 0");
  const double g_a = -1.0 / beta_cost;
  const double g_c = beta_attribute / (beta_cost * beta_cost);
  const double var = g_a * g_a * var_attribute + g_c * g_c * var_cost + 2.0 * g_a * g_c * cov_attribute_cost;
  return {-beta_attribute / beta_cost, std::sqrt(std::max(var, 0.0))};
}

WillingnessToPay willingness_to_pay(const std::vector<std::string>& names, const Eigen::VectorXd& estimates,
                                    const Eigen::MatrixXd& covariance, const std::string& attribute,
                                    const std::string& cost) {
  const auto n = static_cast<Eigen::Index>(names.size());
  if (estimates.size() != n || covariance.rows() != n || covariance.cols() != n)
    throw std::invalid_argument("willingness_to_pay: estimates and covariance must match the names");
  auto index = [&](const std::string& name) {
    const auto it = std::find(names.begin(), names.end(), name);
    if (it == names.end()) throw std::invalid_argument("willingness_to_pay: no parameter named " + name);
    return static_cast<Eigen::Index>(it - names.begin());
  };
  const Eigen::Index a = index(attribute), c = index(cost);
  return willingness_to_pay(estimates[a], estimates[c], covariance(a, a), covariance(c, c), covariance(a, c));
}

}  // namespace arbiter::econ
