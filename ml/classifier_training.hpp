// Training a softmax classifier (multinomial logistic regression: a network with no hidden layer) or an MLP
// by minibatch SGD or Adam (core/) on the weighted cross-entropy plus weight decay (lambda/2) ||theta||^2
// (the PyTorch convention: every parameter, biases too). Each minibatch is cut into fixed chunks of columns
// run as matrix products on `threads` threads (core::parallel_for) and summed in chunk order, so the numbers
// do not depend on the thread count. Float network, double master parameters for the optimiser, which steps
// fixed slices of the parameter vector on those threads (both optimisers act entry by entry, so slicing
// changes no number).
// Bad arguments throw core::ArgumentError naming them ("hidden sizes", "learning rate", "batch size",
// "epochs", "weight decay", "class weights").
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>
#include <Eigen/Core>
#include "core/mlp.hpp"
#include "core/optimizer.hpp"
#include "core/random_stream.hpp"
#include "ml/labelled_data.hpp"

namespace arbiter::ml {

struct ClassifierSpec {
  std::string model = "mlp";   // "softmax" (no hidden layer) or "mlp"
  std::vector<int> hidden = {256, 128};
  core::Activation activation = core::Activation::relu;
};

struct TrainingOptions {
  std::string optimizer = "adam";  // "adam" or "sgd"
  double learning_rate = 1e-3;
  double weight_decay = 0.0;       // >= 0
  int batch_size = 128;            // >= 1
  int epochs = 10;                 // >= 1
  std::vector<double> class_weights;  // empty: all 1; else one per class, each >= 0, not all 0
  int threads = 0;                 // <= 0: every core
};

struct EpochStats {
  int epoch = 0;              // 1-based
  double loss = 0.0;          // mean weighted cross-entropy over the epoch's minibatches (before each update)
  double train_accuracy = 0;  // fraction of training examples classified right as their minibatch came up
};

class ClassifierTrainer {
 public:
  ClassifierTrainer(const LabelledData& train, const ClassifierSpec& spec, const TrainingOptions& options,
                    std::uint64_t seed);
  ClassifierTrainer(const ClassifierTrainer&) = delete;
  ClassifierTrainer& operator=(const ClassifierTrainer&) = delete;

  // One minibatch update. Returns true when it finished an epoch (stats in last_epoch()).
  bool train_batch();
  bool done() const { return epoch_ >= options_.epochs; }
  int epoch() const { return epoch_; }             // completed epochs
  long batches_done() const { return batches_done_; }
  long batches_per_epoch() const { return batches_per_epoch_; }
  const EpochStats& last_epoch() const { return last_; }

  // Logits (classes x n) of the columns of x with the current parameters.
  Eigen::MatrixXf logits(const Eigen::MatrixXf& x) const;
  const core::MlpFloat& network() const { return net_; }
  Eigen::VectorXd parameters() const;  // the optimiser's double master copy
  const std::vector<double>& class_weights() const { return options_.class_weights; }

 private:
  const LabelledData& train_;
  ClassifierSpec spec_;
  TrainingOptions options_;
  core::MlpFloat net_;
  std::vector<core::MlpFloat> workers_;   // one per chunk of a minibatch
  std::vector<Eigen::VectorXf> chunk_grads_;
  // A fixed slice of the parameter vector with its own optimiser (the same steps as one optimiser on all).
  struct ParameterSlice {
    Eigen::Index from = 0, size = 0;
    Eigen::VectorXd params, grad;
    std::unique_ptr<core::Optimizer> optimizer;
  };
  std::vector<ParameterSlice> slices_;
  Eigen::VectorXf params_f_;
  core::RandomStream shuffle_rng_;
  std::vector<std::size_t> order_;
  Eigen::MatrixXf batch_x_;
  std::vector<int> batch_y_;
  long batches_per_epoch_ = 0, batches_done_ = 0, batch_in_epoch_ = 0;
  int epoch_ = 0;
  double epoch_loss_ = 0.0;
  long epoch_correct_ = 0;
  EpochStats last_;
};

// The network's layer sizes for a spec: {features, hidden..., classes} (no hidden layer for "softmax").
std::vector<int> classifier_layer_sizes(int features, int classes, const ClassifierSpec& spec);

// Logits of the columns of x in fixed chunks on `threads` threads (deterministic).
Eigen::MatrixXf network_logits(const core::MlpFloat& net, const Eigen::VectorXf& params, const Eigen::MatrixXf& x,
                               int threads);

}  // namespace arbiter::ml
