// The output layers of a large-vocabulary model, given a hidden vector h of dimension d:
// - HierarchicalSoftmax over a HuffmanTree: inner node n scores s_n = w_n . h + b_n, and class k has
//   p(k | h) = prod over its path of sigmoid(+-s_n) (+ for a left turn): O(depth) work per class, and the
//   probabilities of all leaves sum to 1 by construction (sigmoid(s) + sigmoid(-s) = 1 at every node).
// - FlatSoftmax: logits W h + b and core's softmax over all V classes: O(V) work per class.
// Both count the work they do (multiply-adds and exponentials) in an OperationCount, and train by one plain
// SGD step on -log p(k | h) that also returns dL/dh. Class indices outside [0, V) and hidden vectors of the
// wrong size throw core::ArgumentError ("class", "hidden").
#pragma once
#include <cstdint>
#include <Eigen/Dense>

#include "core/random_stream.hpp"
#include "ml/huffman.hpp"

namespace arbiter::ml {

using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

struct OperationCount {
  std::int64_t multiply_adds = 0;  // one per weight touched in a dot product or an update
  std::int64_t exponentials = 0;   // exp or sigmoid evaluations
};

class HierarchicalSoftmax {
 public:
  // Inner-node weights N(0, init_scale^2) from rng (init_scale 0: all zero), biases 0.
  HierarchicalSoftmax(const HuffmanTree& tree, int dimension, double init_scale, core::RandomStream& rng);

  const HuffmanTree& tree() const { return *tree_; }
  int dimension() const { return static_cast<int>(weights_.cols()); }
  double log_probability(int k, const Eigen::VectorXd& h, OperationCount* ops = nullptr) const;
  // p(k | h) for every class, top-down through the tree (V - 1 scores).
  Eigen::VectorXd probabilities(const Eigen::VectorXd& h) const;
  // One SGD step of size lr on -log p(k | h): returns the loss before the step; grad_h receives dL/dh.
  double train_step(int k, const Eigen::VectorXd& h, double lr, Eigen::VectorXd& grad_h,
                    OperationCount* ops = nullptr);

 private:
  const HuffmanTree* tree_;
  RowMatrix weights_;
  Eigen::VectorXd bias_;
};

class FlatSoftmax {
 public:
  FlatSoftmax(int classes, int dimension, double init_scale, core::RandomStream& rng);

  int classes() const { return static_cast<int>(weights_.rows()); }
  double log_probability(int k, const Eigen::VectorXd& h, OperationCount* ops = nullptr) const;
  Eigen::VectorXd probabilities(const Eigen::VectorXd& h) const;
  double train_step(int k, const Eigen::VectorXd& h, double lr, Eigen::VectorXd& grad_h,
                    OperationCount* ops = nullptr);

 private:
  RowMatrix weights_;
  Eigen::VectorXd bias_;
};

}  // namespace arbiter::ml
