// Both output layers: the hierarchical one walks a class's path with core's sigmoid; the flat one takes
// core's log-sum-exp, softmax and cross-entropy gradient over all classes.
#include "ml/hierarchical_softmax.hpp"

#include <cmath>
#include <string>

#include "core/input_error.hpp"
#include "core/softmax.hpp"
#include "core/softmax_derivatives.hpp"

namespace arbiter::ml {

namespace {

void check_class(int k, int classes) {
  if (k < 0 || k >= classes)
    throw core::ArgumentError("class", "an index in [0, " + std::to_string(classes) + ")", std::to_string(k));
}

void check_hidden(const Eigen::VectorXd& h, Eigen::Index d) {
  if (h.size() != d)
    throw core::ArgumentError("hidden", "a vector of " + std::to_string(d) + " entries", std::to_string(h.size()));
}

RowMatrix random_weights(Eigen::Index rows, int dimension, double scale, core::RandomStream& rng) {
  if (dimension < 1) throw core::ArgumentError("dimension", "at least 1", std::to_string(dimension));
  RowMatrix w(rows, dimension);
  for (Eigen::Index i = 0; i < w.size(); ++i) w.data()[i] = scale == 0.0 ? 0.0 : rng.normal(0.0, scale);
  return w;
}

}  // namespace

HierarchicalSoftmax::HierarchicalSoftmax(const HuffmanTree& tree, int dimension, double init_scale,
                                         core::RandomStream& rng)
    : tree_(&tree),
      weights_(random_weights(tree.inner_nodes(), dimension, init_scale, rng)),
      bias_(Eigen::VectorXd::Zero(tree.inner_nodes())) {}

double HierarchicalSoftmax::log_probability(int k, const Eigen::VectorXd& h, OperationCount* ops) const {
  check_class(k, tree_->classes());
  check_hidden(h, weights_.cols());
  const auto& nodes = tree_->path_nodes(k);
  const auto& left = tree_->path_left(k);
  double log_p = 0.0;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const double s = weights_.row(nodes[i]).dot(h) + bias_[nodes[i]];
    log_p += std::log(core::sigmoid(left[i] ? s : -s));
  }
  if (ops) {
    ops->multiply_adds += static_cast<std::int64_t>(nodes.size()) * weights_.cols();
    ops->exponentials += static_cast<std::int64_t>(nodes.size());
  }
  return log_p;
}

Eigen::VectorXd HierarchicalSoftmax::probabilities(const Eigen::VectorXd& h) const {
  check_hidden(h, weights_.cols());
  const int v = tree_->classes();
  Eigen::VectorXd p(v);
  // Inner nodes are made bottom-up, so a parent's index is larger than its children's: walk down from the root.
  Eigen::VectorXd reach(tree_->inner_nodes());
  reach[tree_->root()] = 1.0;
  for (int n = tree_->root(); n >= 0; --n) {
    const double s = weights_.row(n).dot(h) + bias_[n];
    const double to_left = reach[n] * core::sigmoid(s), to_right = reach[n] * core::sigmoid(-s);
    const int l = tree_->left(n), r = tree_->right(n);
    (l >= 0 ? reach[l] : p[-l - 1]) = to_left;
    (r >= 0 ? reach[r] : p[-r - 1]) = to_right;
  }
  return p;
}

double HierarchicalSoftmax::train_step(int k, const Eigen::VectorXd& h, double lr, Eigen::VectorXd& grad_h,
                                       OperationCount* ops) {
  check_class(k, tree_->classes());
  check_hidden(h, weights_.cols());
  const auto& nodes = tree_->path_nodes(k);
  const auto& left = tree_->path_left(k);
  grad_h = Eigen::VectorXd::Zero(h.size());
  double loss = 0.0;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const int n = nodes[i];
    const double sign = left[i] ? 1.0 : -1.0;
    const double s = weights_.row(n).dot(h) + bias_[n];
    const double q = core::sigmoid(sign * s);
    loss -= std::log(q);
    const double d_s = -sign * (1.0 - q);  // d(-log sigmoid(sign s)) / ds
    grad_h.noalias() += d_s * weights_.row(n).transpose();
    weights_.row(n).noalias() -= (lr * d_s) * h.transpose();
    bias_[n] -= lr * d_s;
  }
  if (ops) {
    ops->multiply_adds += 3 * static_cast<std::int64_t>(nodes.size()) * weights_.cols();
    ops->exponentials += static_cast<std::int64_t>(nodes.size());
  }
  return loss;
}

FlatSoftmax::FlatSoftmax(int classes, int dimension, double init_scale, core::RandomStream& rng)
    : weights_(random_weights(classes, dimension, init_scale, rng)), bias_(Eigen::VectorXd::Zero(classes)) {
  if (classes < 2) throw core::ArgumentError("classes", "at least 2", std::to_string(classes));
}

double FlatSoftmax::log_probability(int k, const Eigen::VectorXd& h, OperationCount* ops) const {
  check_class(k, classes());
  check_hidden(h, weights_.cols());
  const Eigen::VectorXd logits = weights_ * h + bias_;
  if (ops) {
    ops->multiply_adds += weights_.size();
    ops->exponentials += weights_.rows();
  }
  return logits[k] - core::log_sum_exp<double>(logits);
}

Eigen::VectorXd FlatSoftmax::probabilities(const Eigen::VectorXd& h) const {
  check_hidden(h, weights_.cols());
  const Eigen::VectorXd logits = weights_ * h + bias_;
  return core::softmax<double>(logits);
}

double FlatSoftmax::train_step(int k, const Eigen::VectorXd& h, double lr, Eigen::VectorXd& grad_h,
                               OperationCount* ops) {
  check_class(k, classes());
  check_hidden(h, weights_.cols());
  const Eigen::VectorXd logits = weights_ * h + bias_;
  const Eigen::VectorXd g = core::cross_entropy_gradient<double>(logits, k);  // p - e_k
  const double loss = -(logits[k] - core::log_sum_exp<double>(logits));
  grad_h.noalias() = weights_.transpose() * g;
  weights_.noalias() -= (lr * g) * h.transpose();
  bias_ -= lr * g;
  if (ops) {
    ops->multiply_adds += 3 * weights_.size();
    ops->exponentials += weights_.rows();
  }
  return loss;
}

}  // namespace arbiter::ml
