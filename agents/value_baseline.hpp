// Learned state-value baselines v(s; w) for REINFORCE: tabular (one value per state), linear over features
// (w . phi(s)) and a tanh MLP on the raw observation. Each exposes a flat parameter vector, v(s) and the
// chain rule grad += dv * dv/dw, and saves to / loads from JSON (std::invalid_argument on a shape mismatch).
#pragma once
#include <memory>
#include <string>
#include <vector>
#include <Eigen/Core>
#include <nlohmann/json.hpp>
#include "agents/features.hpp"
#include "agents/mlp.hpp"
#include "envs/environment.hpp"

namespace arbiter::agents {

class ValueBaseline {
 public:
  virtual ~ValueBaseline() = default;
  virtual std::string type() const = 0;
  virtual double value(const envs::Observation& obs) const = 0;
  virtual void backprop(const envs::Observation& obs, double dvalue, Eigen::VectorXd& grad) const = 0;
  virtual nlohmann::json shape() const = 0;

  Eigen::VectorXd& parameters() { return w_; }
  const Eigen::VectorXd& parameters() const { return w_; }
  nlohmann::json to_json() const;
  void from_json(const nlohmann::json& j);

 protected:
  Eigen::VectorXd w_;
};

class TabularValueBaseline : public ValueBaseline {
 public:
  explicit TabularValueBaseline(int states, double initial = 0.0);
  std::string type() const override { return "tabular"; }
  double value(const envs::Observation& obs) const override;
  void backprop(const envs::Observation& obs, double dvalue, Eigen::VectorXd& grad) const override;
  nlohmann::json shape() const override { return {{"states", w_.size()}}; }
};

class LinearValueBaseline : public ValueBaseline {
 public:
  explicit LinearValueBaseline(FeatureMap features);  // w starts at 0
  std::string type() const override { return "linear"; }
  double value(const envs::Observation& obs) const override;
  void backprop(const envs::Observation& obs, double dvalue, Eigen::VectorXd& grad) const override;
  nlohmann::json shape() const override {
    return {{"features", features_.name()}, {"feature_count", features_.size()}};
  }

 private:
  FeatureMap features_;
  mutable Eigen::VectorXd phi_;
};

class MlpValueBaseline : public ValueBaseline {
 public:
  MlpValueBaseline(int observation_size, std::vector<int> hidden, core::RandomStream& rng);
  std::string type() const override { return "mlp"; }
  double value(const envs::Observation& obs) const override;
  void backprop(const envs::Observation& obs, double dvalue, Eigen::VectorXd& grad) const override;
  nlohmann::json shape() const override { return {{"layers", net_.sizes()}}; }

 private:
  Mlp net_;
  mutable Eigen::VectorXd input_, dout_ = Eigen::VectorXd::Zero(1);
};

}  // namespace arbiter::agents
