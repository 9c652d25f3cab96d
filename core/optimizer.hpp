// A first-order optimiser that takes an ascent step params += step(grad) (pass the negative gradient of a
// loss to descend). Learning rate > 0 (std::invalid_argument otherwise).
#pragma once
#include <string>
#include <Eigen/Core>

namespace arbiter::core {

class Optimizer {
 public:
  virtual ~Optimizer() = default;
  virtual std::string name() const = 0;
  virtual void ascend(Eigen::VectorXd& params, const Eigen::VectorXd& grad) = 0;
  double learning_rate() const { return lr_; }
  void set_learning_rate(double lr);

 protected:
  explicit Optimizer(double lr) { set_learning_rate(lr); }
  double lr_ = 0.0;
};

}  // namespace arbiter::core
