// The textbook form normalises the kernel weights of each query directly, as the core's softmax of
// -(x - x_j)^2 / (2 h^2) (the distance form); the attention form goes through ml::attention_forward (the
// dot-product form, where the -x^2 / (2 h^2) of the query is left out and cancels).
#include "ml/kernel_regression.hpp"

#include <cmath>
#include <string>

#include "core/input_error.hpp"
#include "core/softmax.hpp"
#include "ml/attention.hpp"

namespace arbiter::ml {
namespace {

void check(const Eigen::VectorXd& x, const Eigen::VectorXd& y, double h) {
  if (x.size() < 1) throw core::ArgumentError("x", "at least one sample", "none");
  if (y.size() != x.size())
    throw core::ArgumentError("y", std::to_string(x.size()) + " values (one per x)", std::to_string(y.size()));
  if (!(h > 0.0) || !std::isfinite(h)) throw core::ArgumentError("bandwidth h", "a finite number > 0", std::to_string(h));
}

}  // namespace

Eigen::VectorXd nadaraya_watson(const Eigen::VectorXd& x, const Eigen::VectorXd& y, const Eigen::VectorXd& queries,
                                double h) {
  check(x, y, h);
  Eigen::VectorXd out(queries.size());
  for (Eigen::Index q = 0; q < queries.size(); ++q) {
    const Eigen::VectorXd log_kernel = -0.5 * ((queries[q] - x.array()) / h).square().matrix();
    out[q] = core::softmax<double>(log_kernel).dot(y);
  }
  return out;
}

Eigen::VectorXd kernel_regression_by_attention(const Eigen::VectorXd& x, const Eigen::VectorXd& y,
                                               const Eigen::VectorXd& queries, double h) {
  check(x, y, h);
  core::Batch<double> Q(queries.size(), 2), K(x.size(), 2), V(x.size(), 1);
  Q.col(0) = queries;
  Q.col(1).setOnes();
  K.col(0) = x;
  K.col(1) = -0.5 * x.array().square();
  V.col(0) = y;
  const AttentionForward<double> f = attention_forward<double>(Q, K, V, 1.0, AttentionMask(), h * h);
  return f.output.col(0);
}

}  // namespace arbiter::ml
