// The textbook formula evaluates the kernel itself (it is the independent reference the attention form is
// checked against, so it does not go through the core's softmax); the attention form goes through
// ml::attention_forward and so through the core's softmax with the maximum subtracted.
#include "ml/kernel_regression.hpp"

#include <cmath>
#include <string>

#include "core/input_error.hpp"
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
    double num = 0.0, den = 0.0;
    for (Eigen::Index j = 0; j < x.size(); ++j) {
      const double u = (queries[q] - x[j]) / h;
      const double k = std::exp(-0.5 * u * u);
      num += k * y[j];
      den += k;
    }
    if (!(den > 0.0))
      throw core::ArgumentError("bandwidth h", "a bandwidth at which some sample is within reach of every query",
                                std::to_string(h) + " (every kernel of query " + std::to_string(queries[q]) +
                                    " underflows)");
    out[q] = num / den;
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
