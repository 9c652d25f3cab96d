// A small training run where the mask's placement matters: softmax regression (logits W x) on synthetic data
// whose every example allows a random subset of the classes, the label drawn from the masked softmax of a true
// linear model. Each method trains its own W by full-batch gradient descent with its own gradient
// (ml/masking.hpp); all are scored the right way, by the masked NLL and the accuracy among allowed options on
// held-out data. Throws core::ArgumentError naming the MaskingTrainingSpec field that is out of range.
#pragma once
#include <cstdint>
#include <vector>
#include "core/eigen_types.hpp"
#include "ml/masking.hpp"

namespace arbiter::ml {

struct MaskingTrainingSpec {
  int classes = 10;                // >= 2
  int features = 20;               // >= 1
  int examples = 2000;             // training examples, >= 1
  int test_examples = 2000;        // >= 1
  double allowed_fraction = 0.5;   // each class allowed with this probability (at least one always), in (0, 1]
  double weight_scale = 2.0;       // the true weights are N(0, weight_scale^2 / features), >= 0
  double learning_rate = 1.0;      // > 0
  int epochs = 40;                 // >= 1
};

struct MaskedData {
  core::Batch<double> x;           // examples x features
  std::vector<core::Mask> masks;
  Eigen::VectorXi labels;
};

// The data of one run: training and test sets from RandomStream(seed, 0) and (seed, 1) and a true W from (seed, 2).
struct MaskingProblem {
  MaskedData train, test;
  core::Batch<double> true_weights;  // classes x features
};
MaskingProblem make_masking_problem(const MaskingTrainingSpec& spec, std::uint64_t seed);

// The masked NLL (mean -log masked_softmax(W x)_y) and the accuracy among allowed options of weights W.
struct MaskedScore {
  double nll = 0.0, accuracy = 0.0;
};
MaskedScore masked_score(const core::Batch<double>& weights, const MaskedData& data);

// One method's training, an epoch at a time.
class MaskedTrainer {
 public:
  MaskedTrainer(MaskMethod method, const MaskingTrainingSpec& spec);
  // One full-batch gradient step of the mean loss; returns the mean training loss before it (-log of the
  // method's q_y) and the mean |gradient| that reached forbidden logits.
  struct Epoch {
    double train_loss = 0.0, forbidden_gradient = 0.0;
  };
  Epoch epoch(const MaskedData& train);
  const core::Batch<double>& weights() const { return w_; }
  MaskMethod method() const { return method_; }

 private:
  MaskMethod method_;
  double learning_rate_;
  core::Batch<double> w_;
};

}  // namespace arbiter::ml
