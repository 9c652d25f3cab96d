// InfoNCE (van den Oord et al. 2018) on correlated Gaussian pairs, whose mutual information is known:
// x ~ N(0, I_d), y = rho x + sqrt(1 - rho^2) e with e ~ N(0, I_d), so I(X; Y) = -d/2 log(1 - rho^2) nats.
// For a batch of N pairs and a critic f, S_ij = f(x_i, y_j); the loss is the mean over rows of the softmax
// cross-entropy of the positive: L = -1/N sum_i log softmax(S_i)_i, and log N - L <= log N is a lower bound
// on I (in expectation). Throws core::ArgumentError naming "rho" (outside (-1, 1)), "dimension" (< 1),
// "batch" (< 2 pairs for a loss, < 1 to draw) or "scores" (not square).
#pragma once
#include <Eigen/Dense>

#include "core/adam.hpp"
#include "core/random_stream.hpp"

namespace arbiter::ml {

struct GaussianPairs {
  Eigen::MatrixXd x, y;  // one pair per row, d columns
};

GaussianPairs draw_gaussian_pairs(int n, int dimension, double rho, core::RandomStream& rng);
double gaussian_pair_mutual_information(int dimension, double rho);

// L = -1/N sum_i log softmax(S_i)_i (core's log-softmax), for a square S.
double infonce_loss(const Eigen::MatrixXd& scores);
// dL/dS = (softmax_rows(S) - I) / N.
Eigen::MatrixXd infonce_loss_gradient(const Eigen::MatrixXd& scores);

// The optimal critic f*(x, y) = log p(y | x) / p(y) = -d/2 log(1 - rho^2) - |y - rho x|^2 / (2 (1 - rho^2))
// + |y|^2 / 2, as the N x N score matrix of a batch.
Eigen::MatrixXd optimal_critic_scores(const GaussianPairs& batch, double rho);

// A bilinear critic f(x, y) = x^T W y, W (d x d) starting at 0, trained with core's Adam on the InfoNCE loss.
class BilinearCritic {
 public:
  BilinearCritic(int dimension, double learning_rate);
  Eigen::MatrixXd scores(const GaussianPairs& batch) const;
  // One Adam step on a batch; returns the loss before the step. dL/dW = X^T (dL/dS) Y.
  double train_step(const GaussianPairs& batch);
  const Eigen::MatrixXd& weights() const { return w_; }

 private:
  Eigen::MatrixXd w_;
  Eigen::VectorXd flat_;
  core::Adam adam_;
};

}  // namespace arbiter::ml
