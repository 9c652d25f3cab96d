// The covariance step of a maximum-likelihood fit: the inverse of a symmetric positive definite matrix (-H or
// S'S), and, when -H is singular or not positive definite, a warning naming the parameters involved (those
// with a weight above 0.1 in the eigenvector of -H's smallest eigenvalue, the direction the data do not
// identify). Never throws.
#pragma once
#include <string>
#include <vector>
#include <Eigen/Core>

namespace arbiter::econ {

// m^-1, or an empty matrix when m is empty or not numerically positive definite (an LDLT pivot at or below
// 1e-12 times the largest).
Eigen::MatrixXd inverse_of_positive(const Eigen::MatrixXd& m);

// "the Hessian is singular (or not negative definite) at the estimates; parameters involved: a, b" for -H
// over the free parameters `names` (in its row order); without names when -H is not finite.
std::string singular_hessian_warning(const Eigen::MatrixXd& neg_hessian, const std::vector<std::string>& names);

}  // namespace arbiter::econ
