// The minibatch loop: shuffle per epoch, gather a batch, chunked forward/backward, optimiser step.
#include "ml/classifier_training.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/adam.hpp"
#include "core/input_error.hpp"
#include "core/parallel_for.hpp"
#include "core/sgd.hpp"
#include "core/table.hpp"
#include "ml/classifier_loss.hpp"

namespace arbiter::ml {
namespace {

constexpr Eigen::Index kChunk = 64;        // columns per chunk of a minibatch
constexpr Eigen::Index kEvalChunk = 1024;  // columns per chunk when computing logits
// Parameters per slice, each slice stepped by its own optimiser: small enough that a slice's gradient stays
// in cache between its sum over chunks and the step.
constexpr Eigen::Index kSlice = 4096;

void check_options(const TrainingOptions& o, int classes) {
  if (o.optimizer != "adam" && o.optimizer != "sgd")
    throw core::ArgumentError("optimizer", "\"adam\" or \"sgd\"", "\"" + o.optimizer + "\"");
  if (!(o.learning_rate > 0.0 && std::isfinite(o.learning_rate)))
    throw core::ArgumentError("learning rate", "a number > 0", core::format_double(o.learning_rate));
  if (!(o.weight_decay >= 0.0 && std::isfinite(o.weight_decay)))
    throw core::ArgumentError("weight decay", "a number >= 0", core::format_double(o.weight_decay));
  if (o.batch_size < 1) throw core::ArgumentError("batch size", "an integer >= 1", std::to_string(o.batch_size));
  if (o.epochs < 1) throw core::ArgumentError("epochs", "an integer >= 1", std::to_string(o.epochs));
  if (!o.class_weights.empty()) {
    if (o.class_weights.size() != static_cast<std::size_t>(classes))
      throw core::ArgumentError("class weights", "one weight per class (" + std::to_string(classes) + ")",
                                std::to_string(o.class_weights.size()) + " weights");
    double total = 0.0;
    for (std::size_t k = 0; k < o.class_weights.size(); ++k) {
      const double w = o.class_weights[k];
      if (!(w >= 0.0 && std::isfinite(w)))
        throw core::ArgumentError("class weights[" + std::to_string(k) + "]", "a number >= 0", core::format_double(w));
      total += w;
    }
    if (!(total > 0.0)) throw core::ArgumentError("class weights", "at least one weight > 0", "all 0");
  }
}

}  // namespace

std::vector<int> classifier_layer_sizes(int features, int classes, const ClassifierSpec& spec) {
  std::vector<int> sizes = {features};
  if (spec.model == "mlp") {
    if (spec.hidden.empty()) throw core::ArgumentError("hidden sizes", "at least one hidden layer for an MLP", "[]");
    for (std::size_t i = 0; i < spec.hidden.size(); ++i)
      if (spec.hidden[i] < 1)
        throw core::ArgumentError("hidden sizes[" + std::to_string(i) + "]", "an integer >= 1",
                                  std::to_string(spec.hidden[i]));
    sizes.insert(sizes.end(), spec.hidden.begin(), spec.hidden.end());
  } else if (spec.model != "softmax") {
    throw core::ArgumentError("model", "\"softmax\" or \"mlp\"", "\"" + spec.model + "\"");
  }
  sizes.push_back(classes);
  return sizes;
}

Eigen::MatrixXf network_logits(const core::MlpFloat& net, const Eigen::VectorXf& params, const Eigen::MatrixXf& x,
                               int threads) {
  Eigen::MatrixXf out(net.outputs(), x.cols());
  const Eigen::Index chunks = (x.cols() + kEvalChunk - 1) / kEvalChunk;
  core::parallel_for(static_cast<std::size_t>(chunks), threads, [&](std::size_t c) {
    const Eigen::Index from = static_cast<Eigen::Index>(c) * kEvalChunk;
    const Eigen::Index n = std::min(kEvalChunk, x.cols() - from);
    const core::MlpFloat local(net.sizes(), net.activation());
    out.middleCols(from, n) = local.forward_batch(params, x.middleCols(from, n));
  });
  return out;
}

ClassifierTrainer::ClassifierTrainer(const LabelledData& train, const ClassifierSpec& spec,
                                     const TrainingOptions& options, std::uint64_t seed)
    : train_(train),
      spec_(spec),
      options_(options),
      net_(classifier_layer_sizes(train.features(), train.classes, spec), spec.activation),
      shuffle_rng_(seed, 2) {
  check_options(options_, train.classes);
  if (train.size() == 0) throw core::ArgumentError("training data", "at least one example", "none");
  core::RandomStream init_rng(seed, 1);
  Eigen::VectorXf initial;
  net_.initialise(initial, init_rng);
  params_f_ = initial;
  const Eigen::Index count = initial.size();
  for (Eigen::Index from = 0; from < count; from += kSlice) {
    ParameterSlice& slice = slices_.emplace_back();
    slice.from = from;
    slice.size = std::min(kSlice, count - from);
    slice.params = initial.segment(from, slice.size).cast<double>();
    if (options_.optimizer == "adam") slice.optimizer = std::make_unique<core::Adam>(options_.learning_rate);
    else slice.optimizer = std::make_unique<core::Sgd>(options_.learning_rate);
  }
  const auto b = static_cast<Eigen::Index>(options_.batch_size);
  const Eigen::Index chunks = (b + kChunk - 1) / kChunk;
  workers_.assign(static_cast<std::size_t>(chunks), net_);
  chunk_grads_.assign(static_cast<std::size_t>(chunks), Eigen::VectorXf::Zero(net_.parameter_count()));
  batches_per_epoch_ = static_cast<long>((train.size() + static_cast<std::size_t>(b) - 1) / static_cast<std::size_t>(b));
  order_.resize(train.size());
}

bool ClassifierTrainer::train_batch() {
  if (done()) return false;
  if (batch_in_epoch_ == 0) {
    std::iota(order_.begin(), order_.end(), std::size_t{0});
    for (std::size_t i = order_.size() - 1; i > 0; --i) std::swap(order_[i], order_[shuffle_rng_.uniform_int(i + 1)]);
    epoch_loss_ = 0.0;
    epoch_correct_ = 0;
  }
  const std::size_t from = static_cast<std::size_t>(batch_in_epoch_) * static_cast<std::size_t>(options_.batch_size);
  const std::size_t n = std::min<std::size_t>(static_cast<std::size_t>(options_.batch_size), order_.size() - from);
  batch_x_.resize(train_.x.rows(), static_cast<Eigen::Index>(n));
  batch_y_.resize(n);
  for (std::size_t j = 0; j < n; ++j) {
    batch_x_.col(static_cast<Eigen::Index>(j)) = train_.x.col(static_cast<Eigen::Index>(order_[from + j]));
    batch_y_[j] = train_.y[order_[from + j]];
  }
  const auto cols = static_cast<Eigen::Index>(n);
  const Eigen::Index chunks = (cols + kChunk - 1) / kChunk;
  std::vector<BatchLoss> losses(static_cast<std::size_t>(chunks));
  const float scale = 1.0f / static_cast<float>(n);
  core::parallel_for(static_cast<std::size_t>(chunks), options_.threads, [&](std::size_t c) {
    const Eigen::Index at = static_cast<Eigen::Index>(c) * kChunk;
    const Eigen::Index m = std::min(kChunk, cols - at);
    chunk_grads_[c].setZero();
    losses[c] = cross_entropy_step<float>(workers_[c], params_f_, batch_x_.middleCols(at, m), batch_y_.data() + at,
                                          options_.class_weights, scale, chunk_grads_[c]);
  });
  for (Eigen::Index c = 0; c < chunks; ++c) {
    epoch_loss_ += losses[static_cast<std::size_t>(c)].loss_sum / static_cast<double>(n);
    epoch_correct_ += losses[static_cast<std::size_t>(c)].correct;
  }
  // Each slice: gradient = weight decay + the chunks' gradients in chunk order, then its optimiser's step.
  core::parallel_for(slices_.size(), options_.threads, [&](std::size_t i) {
    ParameterSlice& slice = slices_[i];
    slice.grad = options_.weight_decay * slice.params;
    for (Eigen::Index c = 0; c < chunks; ++c)
      slice.grad += chunk_grads_[static_cast<std::size_t>(c)].segment(slice.from, slice.size).cast<double>();
    slice.grad = -slice.grad;
    slice.optimizer->ascend(slice.params, slice.grad);
    params_f_.segment(slice.from, slice.size) = slice.params.cast<float>();
  });
  ++batches_done_;
  if (++batch_in_epoch_ < batches_per_epoch_) return false;
  batch_in_epoch_ = 0;
  ++epoch_;
  last_.epoch = epoch_;
  last_.loss = epoch_loss_ / static_cast<double>(batches_per_epoch_);
  last_.train_accuracy = static_cast<double>(epoch_correct_) / static_cast<double>(train_.size());
  return true;
}

Eigen::VectorXd ClassifierTrainer::parameters() const {
  Eigen::VectorXd out(params_f_.size());
  for (const ParameterSlice& slice : slices_) out.segment(slice.from, slice.size) = slice.params;
  return out;
}

Eigen::MatrixXf ClassifierTrainer::logits(const Eigen::MatrixXf& x) const {
  return network_logits(net_, params_f_, x, options_.threads);
}

}  // namespace arbiter::ml
