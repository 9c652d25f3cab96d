// Active learning of a softmax classifier on two-dimensional synthetic data with a known labelling rule.
// The rule: K classes, class k has the score cos(theta - 2 pi k / K) for a point at angle theta around
// `centre` (so the classes are equal angular sectors), x in the box [-1, 1]^2. The model: multinomial logistic
// regression p = softmax(W [x, 1]), fitted to the labels so far by gradient descent on the mean cross-entropy
// plus l2 |W|^2 / 2 (the gradient p - y from core). Each round one new label comes from a query strategy:
//   synthesis: the input maximising the predictive entropy, by projected gradient ascent on x from several
//              random starts (the entropy's gradient with respect to the logits from core, times W);
//   uncertainty: the pool point of largest predictive entropy;
//   random: a pool point at random.
// Throws core::ArgumentError naming the argument ("classes", "l2", "train_steps", "step_size", "restarts",
// "ascent_steps", "ascent_step") for values out of range.
#pragma once
#include <string>
#include <vector>
#include "core/eigen_types.hpp"
#include "core/random_stream.hpp"

namespace arbiter::ml {

enum class QueryStrategy { synthesis, uncertainty, random };
QueryStrategy query_strategy(const std::string& name);  // throws ArgumentError("strategy") for another name
std::string to_string(QueryStrategy s);

struct SectorRule {
  int classes = 3;
  Eigen::Vector2d centre = Eigen::Vector2d::Zero();
  int label(const Eigen::Vector2d& x) const;
};

struct SoftmaxClassifierSettings {
  double l2 = 1e-3;        // > 0
  int train_steps = 300;   // gradient-descent steps per fit, >= 1
  double step_size = 1.0;  // > 0
};

// W is classes x 3 (weights for x_1, x_2 and the bias).
class LinearSoftmax {
 public:
  LinearSoftmax(int classes, SoftmaxClassifierSettings settings);
  // Fits to the labelled points (rows of X, n x 2), starting from the current weights.
  void fit(const core::Batch<double>& X, const Eigen::VectorXi& y);
  Eigen::VectorXd logits(const Eigen::Vector2d& x) const;
  int predict(const Eigen::Vector2d& x) const;
  double entropy(const Eigen::Vector2d& x) const;  // predictive entropy, nats
  // d entropy / d x, through core::entropy_gradient (d H / d logits) and W.
  Eigen::Vector2d entropy_gradient(const Eigen::Vector2d& x) const;
  const Eigen::MatrixXd& weights() const { return W_; }

 private:
  SoftmaxClassifierSettings s_;
  Eigen::MatrixXd W_;
};

struct SynthesisSettings {
  int restarts = 5;          // >= 1
  int ascent_steps = 50;     // >= 1
  double ascent_step = 0.2;  // > 0
};

// The point of [-1, 1]^2 of largest predictive entropy found by projected gradient ascent (with backtracking:
// ascent_step is the first step size, halved when a step lowers the entropy) from `restarts` uniform random
// starts.
Eigen::Vector2d synthesise_query(const LinearSoftmax& model, const SynthesisSettings& s, core::RandomStream& rng);

// Fraction of the test points (rows) the model gives their label.
double accuracy(const LinearSoftmax& model, const core::Batch<double>& test, const Eigen::VectorXi& labels);

}  // namespace arbiter::ml
