// The InfoNCE loss and its gradient through core's row-wise log-softmax and softmax; the bilinear critic
// descends with core's Adam.
#include "ml/infonce.hpp"

#include <cmath>
#include <algorithm>
#include <string>

#include "core/adam.hpp"
#include "core/input_error.hpp"
#include "core/softmax.hpp"
#include "core/table.hpp"

namespace arbiter::ml {

namespace {

void check_rho(double rho) {
  if (!(rho > -1.0 && rho < 1.0)) throw core::ArgumentError("rho", "a correlation in (-1, 1)", core::format_double(rho));
}
void check_dimension(int d) {
  if (d < 1) throw core::ArgumentError("dimension", "at least 1", std::to_string(d));
}
void check_square(const Eigen::MatrixXd& s) {
  if (s.rows() != s.cols() || s.rows() < 2)
    throw core::ArgumentError("scores", "a square matrix of at least 2 x 2",
                              std::to_string(s.rows()) + " x " + std::to_string(s.cols()));
}

}  // namespace

GaussianPairs draw_gaussian_pairs(int n, int dimension, double rho, core::RandomStream& rng) {
  check_rho(rho);
  check_dimension(dimension);
  if (n < 1) throw core::ArgumentError("batch", "at least 1 pair", std::to_string(n));
  GaussianPairs b{Eigen::MatrixXd(n, dimension), Eigen::MatrixXd(n, dimension)};
  const double noise = std::sqrt(1.0 - rho * rho);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < dimension; ++j) {
      const double x = rng.normal();
      b.x(i, j) = x;
      b.y(i, j) = rho * x + noise * rng.normal();
    }
  return b;
}

double gaussian_pair_mutual_information(int dimension, double rho) {
  check_rho(rho);
  check_dimension(dimension);
  return -0.5 * dimension * std::log1p(-rho * rho);
}

double infonce_loss(const Eigen::MatrixXd& scores) {
  check_square(scores);
  const Eigen::MatrixXd log_p = core::log_softmax_rows<double>(scores);
  return -log_p.diagonal().mean();
}

Eigen::MatrixXd infonce_loss_gradient(const Eigen::MatrixXd& scores) {
  check_square(scores);
  Eigen::MatrixXd g = core::softmax_rows<double>(scores);
  g.diagonal().array() -= 1.0;
  return g / static_cast<double>(scores.rows());
}

Eigen::MatrixXd optimal_critic_scores(const GaussianPairs& batch, double rho) {
  check_rho(rho);
  const double v = 1.0 - rho * rho;
  const double constant = -0.5 * batch.x.cols() * std::log(v);
  // -|y - rho x|^2 / (2v) + |y|^2 / 2 = (rho x.y) / v - rho^2 |x|^2 / (2v) - rho^2 |y|^2 / (2v).
  const Eigen::VectorXd xx = batch.x.rowwise().squaredNorm(), yy = batch.y.rowwise().squaredNorm();
  Eigen::MatrixXd s = (rho / v) * (batch.x * batch.y.transpose());
  s.colwise() -= (rho * rho / (2 * v)) * xx;
  s.rowwise() -= (rho * rho / (2 * v)) * yy.transpose();
  s.array() += constant;
  return s;
}

BilinearCritic::BilinearCritic(int dimension, double learning_rate)
    : w_(Eigen::MatrixXd::Zero(std::max(dimension, 1), std::max(dimension, 1))), adam_(learning_rate) {
  check_dimension(dimension);
}

Eigen::MatrixXd BilinearCritic::scores(const GaussianPairs& batch) const {
  return batch.x * w_ * batch.y.transpose();
}

double BilinearCritic::train_step(const GaussianPairs& batch) {
  const Eigen::MatrixXd s = scores(batch);
  const double loss = infonce_loss(s);
  const Eigen::MatrixXd grad = batch.x.transpose() * infonce_loss_gradient(s) * batch.y;
  flat_ = Eigen::Map<const Eigen::VectorXd>(w_.data(), w_.size());
  const Eigen::VectorXd descent = -Eigen::Map<const Eigen::VectorXd>(grad.data(), grad.size());
  adam_.ascend(flat_, descent);
  w_ = Eigen::Map<const Eigen::MatrixXd>(flat_.data(), w_.rows(), w_.cols());
  return loss;
}

}  // namespace arbiter::ml
