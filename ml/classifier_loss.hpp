// The weighted cross-entropy of a network's logits on a batch: L = (1/n) sum_j w_{y_j} (log Z_j - z_{y_j}),
// the softmax and log Z from core (softmax_segments over the columns), and its gradient with respect to the
// network's parameters: the core's w_y (p - e_y) per example, back-propagated through the batch as matrix
// products. Weights empty means all 1 (else one per class, >= 0). Labels must be in [0, classes).
#pragma once
#include <vector>
#include <Eigen/Core>
#include "core/mlp.hpp"

namespace arbiter::ml {

struct BatchLoss {
  double loss_sum = 0.0;  // sum_j w_{y_j} (-log p_{y_j})
  int correct = 0;        // examples whose largest logit is their label (first maximum on ties)
};

// Forward and backward on the columns of x: returns the sums, and adds scale * d(loss_sum)/d(params) to grad.
template <class S>
BatchLoss cross_entropy_step(const core::BasicMlp<S>& net, const typename core::BasicMlp<S>::Vec& params,
                             const Eigen::Ref<const typename core::BasicMlp<S>::Mat>& x, const int* labels,
                             const std::vector<double>& class_weights, S scale,
                             typename core::BasicMlp<S>::Vec& grad);

// Per-example softmax probabilities and log Z of logits (classes x n, one column per example).
template <class S>
void column_softmax(const Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic>& logits,
                    Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic>& probs, Eigen::Matrix<S, Eigen::Dynamic, 1>& log_z);

// "balanced" class weights n / (K n_c) (scikit-learn's); a class with no examples gets weight 0.
std::vector<double> balanced_class_weights(const std::vector<std::size_t>& counts);

}  // namespace arbiter::ml
