// A small multilayer perceptron with tanh or ReLU hidden layers and a linear output, in double (Mlp) or float
// (MlpFloat, for training classifiers on data sets), its parameters one flat vector (per layer: the weight
// matrix column-major, then the bias). forward() caches the activations of its last input and backward() adds (d output / d params)^T dout to grad for that input; the batch
// versions do the same for the columns of a matrix (one input per column) with matrix products (core::gemm
// for float, so they run the processor's AVX2 or AVX-512 copy; Eigen's products for double). The
// backward passes are hand-written (tests check them against finite differences). Sizes that do not match
// throw std::out_of_range.
#pragma once
#include <string>
#include <vector>
#include <Eigen/Core>
#include "core/random_stream.hpp"

namespace arbiter::core {

enum class Activation { tanh, relu };
// "tanh" or "relu"; std::invalid_argument otherwise.
Activation parse_activation(const std::string& name);
std::string activation_name(Activation a);

template <class S> class BasicMlp {
 public:
  using Vec = Eigen::Matrix<S, Eigen::Dynamic, 1>;
  using Mat = Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic>;
  // sizes = {inputs, hidden..., outputs}, at least two entries, all > 0.
  explicit BasicMlp(std::vector<int> sizes, Activation activation = Activation::tanh);
  const std::vector<int>& sizes() const { return sizes_; }
  Activation activation() const { return activation_; }
  int parameter_count() const { return count_; }
  int inputs() const { return sizes_.front(); }
  int outputs() const { return sizes_.back(); }

  // PyTorch's default initialisation: every weight and bias uniform in +-1/sqrt(fan_in); the last layer's
  // further multiplied by output_scale.
  void initialise(Vec& params, core::RandomStream& rng, double output_scale = 1.0) const;

  // One input (`inputs()` numbers at `input`); the output stays valid until the next forward().
  const Vec& forward(const Vec& params, const S* input) const;
  const Vec& forward(const Vec& params, const Vec& input) const {
    check_input(input.size());
    return forward(params, input.data());
  }
  // Uses the activations cached by the last forward() call.
  void backward(const Vec& params, const Vec& dout, Vec& grad) const;

  // A batch: one input per column of X (inputs() x n); returns outputs() x n and caches the activations.
  const Mat& forward_batch(const Vec& params, const Eigen::Ref<const Mat>& X) const;
  // grad += sum over columns j of (d output_j / d params)^T dout.col(j), for the last forward_batch().
  void backward_batch(const Vec& params, const Mat& dout, Vec& grad) const;

 private:
  void check_input(Eigen::Index n) const;
  std::vector<int> sizes_;
  Activation activation_;
  std::vector<int> offsets_;  // start of layer l's weights in the flat vector
  int count_ = 0;
  mutable std::vector<Vec> act_;  // activations, act_[0] = input
  mutable Vec delta_, next_delta_;
  mutable std::vector<Mat> batch_act_;  // the same for a batch, one column per input
  mutable Mat batch_delta_, batch_next_delta_;
};

using Mlp = BasicMlp<double>;
using MlpFloat = BasicMlp<float>;
extern template class BasicMlp<double>;
extern template class BasicMlp<float>;

}  // namespace arbiter::core
