// Gradient-norm clipping: rescales grad so its Euclidean norm is at most max_norm (max_norm <= 0: no clip).
// Returns the norm before clipping.
#pragma once
#include <Eigen/Core>

namespace arbiter::core {

inline double clip_gradient_norm(Eigen::VectorXd& grad, double max_norm) {
  const double norm = grad.norm();
  if (max_norm > 0.0 && norm > max_norm) grad *= max_norm / norm;
  return norm;
}

}  // namespace arbiter::core
