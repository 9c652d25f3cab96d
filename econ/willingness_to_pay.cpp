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

namespace arbiter::econ {

double delta_method_std_error(const Eigen::VectorXd& gradient, const Eigen::MatrixXd& covariance) {
  if (covariance.rows() != gradient.size() || covariance.cols() != gradient.size())
    throw std::invalid_argument("delta_method_std_error: the covariance must match the gradient");
  return std::sqrt(std::max(gradient.dot(covariance * gradient), 0.0));
}

ValueGradient coefficient_mean(const RandomCoefficients& rc, const Eigen::VectorXd& theta, int k) {
  if (theta.size() != rc.n_parameters()) throw std::invalid_argument("coefficient_mean: theta has the wrong size");
  if (k < 0 || k >= rc.n_coefficients()) throw std::invalid_argument("coefficient_mean: no such coefficient");
  ValueGradient out{theta[k], Eigen::VectorXd::Zero(theta.size())};
  out.gradient[k] = 1.0;
  const auto& dims = rc.dimension_coefficients();
  const auto d = static_cast<int>(std::find(dims.begin(), dims.end(), k) - dims.begin());
  if (d == rc.n_dimensions() || !rc.exponential(d)) return out;
  // beta = +-exp(mu + sum_j l_j z_j): E = +-exp(mu + sum_j l_j^2 / 2), dE/dmu = E, dE/dl_j = l_j E.
  double variance = 0.0;
  for (const auto& t : rc.terms())
    if (t.dimension == d && t.source >= 0) variance += theta[t.parameter] * theta[t.parameter];
  const bool negative = rc.coefficients()[static_cast<std::size_t>(k)].distribution == Distribution::neg_lognormal;
  out.value = (negative ? -1.0 : 1.0) * std::exp(theta[k] + 0.5 * variance);
  out.gradient[k] = out.value;
  for (const auto& t : rc.terms())
    if (t.dimension == d && t.source >= 0) out.gradient[t.parameter] = theta[t.parameter] * out.value;
  return out;
}

ValueGradient ratio_of_means(const RandomCoefficients& rc, const Eigen::VectorXd& theta, int attribute, int cost) {
  const ValueGradient a = coefficient_mean(rc, theta, attribute), c = coefficient_mean(rc, theta, cost);
  if (c.value == 0.0) throw std::invalid_argument("ratio_of_means: the mean cost coefficient is 0");
  return {-a.value / c.value, -a.gradient / c.value + (a.value / (c.value * c.value)) * c.gradient};
}

}  // namespace arbiter::econ
