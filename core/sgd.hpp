// Plain stochastic gradient ascent: params += learning_rate * grad.
#pragma once
#include "core/optimizer.hpp"

namespace arbiter::core {

class Sgd : public Optimizer {
 public:
  explicit Sgd(double lr) : Optimizer(lr) {}
  std::string name() const override { return "sgd"; }
  void ascend(Eigen::VectorXd& params, const Eigen::VectorXd& grad) override { params.noalias() += lr_ * grad; }
};

}  // namespace arbiter::core
