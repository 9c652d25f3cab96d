// A small multilayer perceptron with tanh hidden layers and a linear output, its parameters one flat vector
// (per layer: the weight matrix column-major, then the bias). forward() caches the activations of its last
// input; backward() adds (d output / d params)^T dout to grad for that input (hand-written backprop).
#pragma once
#include <vector>
#include <Eigen/Core>
#include "core/random_stream.hpp"

namespace arbiter::agents {

class Mlp {
 public:
  // sizes = {inputs, hidden..., outputs}, at least two entries, all > 0.
  explicit Mlp(std::vector<int> sizes);
  const std::vector<int>& sizes() const { return sizes_; }
  int parameter_count() const { return count_; }

  // PyTorch's default initialisation: every weight and bias uniform in +-1/sqrt(fan_in); the last layer's
  // further multiplied by output_scale.
  void initialise(Eigen::VectorXd& params, core::RandomStream& rng, double output_scale = 1.0) const;

  const Eigen::VectorXd& forward(const Eigen::VectorXd& params, const Eigen::VectorXd& input) const;
  // Uses the activations cached by the last forward() call (which must have been for this input).
  void backward(const Eigen::VectorXd& params, const Eigen::VectorXd& dout, Eigen::VectorXd& grad) const;
  // The cached input of the last forward() call.
  const Eigen::VectorXd& last_input() const { return act_.front(); }

 private:
  std::vector<int> sizes_;
  std::vector<int> offsets_;  // start of layer l's weights in the flat vector
  int count_ = 0;
  mutable std::vector<Eigen::VectorXd> act_;  // activations, act_[0] = input
  mutable Eigen::VectorXd delta_, next_delta_;
};

}  // namespace arbiter::agents
