// Willingness to pay for an attribute: WTP = -beta_attr / beta_cost (money per unit of the attribute), with
// its delta-method standard error sqrt(g' V g), g = (-1/beta_cost, beta_attr/beta_cost^2), from the 2 x 2
// covariance of the two estimates. Throws std::invalid_argument for beta_cost = 0, an unknown parameter
// name, or a covariance of the wrong size. For a mixed logit, the ratio of the population means
// -E[beta_attr] / E[beta_cost], with the gradient of that map in the model's parameters (the delta method):
// with a fixed cost it is the mean willingness to pay; with a random cost it is still the ratio of means, not
// the mean of the ratio (which a normal cost leaves undefined: each person's conditional mean of the ratio is
// in econ.estimate's individual.csv).
#pragma once
#include <string>
#include <vector>
#include <Eigen/Core>

#include "econ/random_coefficients.hpp"

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

// A function of the parameters with its gradient.
struct ValueGradient {
  double value = 0.0;
  Eigen::VectorXd gradient;
};
// sqrt(g' V g): the delta-method standard error of a function with gradient g.
double delta_method_std_error(const Eigen::VectorXd& gradient, const Eigen::MatrixXd& covariance);
// E[beta_k] at theta: the mean for fixed, normal, uniform and triangular coefficients, exp(mu + s^2 / 2) for a
// lognormal one (minus that for neg_lognormal; s^2 the sum of the squares of its sd or Cholesky row).
ValueGradient coefficient_mean(const RandomCoefficients& rc, const Eigen::VectorXd& theta, int coefficient);
// -E[beta_attribute] / E[beta_cost]; throws std::invalid_argument when E[beta_cost] is 0.
ValueGradient ratio_of_means(const RandomCoefficients& rc, const Eigen::VectorXd& theta, int attribute, int cost);

}  // namespace arbiter::econ
