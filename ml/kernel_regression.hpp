// Nadaraya-Watson kernel regression with a Gaussian kernel of bandwidth h, two ways: the textbook formula
// f(x) = sum_j K_h(x - x_j) y_j / sum_j K_h(x - x_j), K_h(u) = exp(-u^2 / (2 h^2)) (the weights normalised by
// the core's softmax of -u^2 / (2 h^2), so no query is out of reach), and as attention: query
// [x, 1], key [x_j, -x_j^2 / 2], value y_j, scale 1 and temperature h^2 (the -x^2 / 2 h^2 of each query is
// the same for every key and cancels in the softmax), so the bandwidth is a temperature. Throws
// core::ArgumentError naming "bandwidth h" (h <= 0 or not finite), "x" / "y" (no data, or sizes that differ).
#pragma once
#include "core/eigen_types.hpp"

namespace arbiter::ml {

Eigen::VectorXd nadaraya_watson(const Eigen::VectorXd& x, const Eigen::VectorXd& y, const Eigen::VectorXd& queries,
                                double h);
Eigen::VectorXd kernel_regression_by_attention(const Eigen::VectorXd& x, const Eigen::VectorXd& y,
                                               const Eigen::VectorXd& queries, double h);

}  // namespace arbiter::ml
