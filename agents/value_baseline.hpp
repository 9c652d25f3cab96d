// Learned state-value baselines v(s; w) for REINFORCE: tabular (one value per state), linear over features
// (w . phi(s)) and an MLP (tanh or ReLU) on the raw observation. Each exposes a flat parameter vector, v(s)
// and the chain rule grad += dv * dv/dw, for one observation or a batch (one per column; backprop_batch
// follows values_batch on the same X), and saves to / loads from JSON (std::invalid_argument saying what
// was expected on a type or shape mismatch).
#pragma once
#include <span>
#include <string>
#include <vector>
#include <Eigen/Core>
#include <nlohmann/json.hpp>
#include "agents/features.hpp"
#include "core/mlp.hpp"

namespace arbiter::agents {

class ValueBaseline {
 public:
  virtual ~ValueBaseline() = default;
  virtual std::string type() const = 0;
  virtual double value(std::span<const double> obs) const = 0;
  virtual void backprop(std::span<const double> obs, double dvalue, Eigen::VectorXd& grad) const = 0;
  virtual void values_batch(const Eigen::Ref<const Eigen::MatrixXd>& X, Eigen::VectorXd& v) const;
  virtual void backprop_batch(const Eigen::Ref<const Eigen::MatrixXd>& X, const Eigen::VectorXd& dvalues,
                              Eigen::VectorXd& grad) const;
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
  double value(std::span<const double> obs) const override;
  void backprop(std::span<const double> obs, double dvalue, Eigen::VectorXd& grad) const override;
  nlohmann::json shape() const override { return {{"states", w_.size()}}; }
};

class LinearValueBaseline : public ValueBaseline {
 public:
  explicit LinearValueBaseline(FeatureMap features);  // w starts at 0
  std::string type() const override { return "linear"; }
  double value(std::span<const double> obs) const override;
  void backprop(std::span<const double> obs, double dvalue, Eigen::VectorXd& grad) const override;
  nlohmann::json shape() const override {
    return {{"features", features_.name()}, {"feature_count", features_.size()}};
  }

 private:
  FeatureMap features_;
  mutable Eigen::VectorXd phi_;
};

class MlpValueBaseline : public ValueBaseline {
 public:
  MlpValueBaseline(int observation_size, std::vector<int> hidden, core::RandomStream& rng,
                   core::Activation activation = core::Activation::tanh);
  std::string type() const override { return "mlp"; }
  double value(std::span<const double> obs) const override;
  void backprop(std::span<const double> obs, double dvalue, Eigen::VectorXd& grad) const override;
  void values_batch(const Eigen::Ref<const Eigen::MatrixXd>& X, Eigen::VectorXd& v) const override;
  void backprop_batch(const Eigen::Ref<const Eigen::MatrixXd>& X, const Eigen::VectorXd& dvalues,
                      Eigen::VectorXd& grad) const override;
  nlohmann::json shape() const override {
    return {{"layers", net_.sizes()}, {"activation", core::activation_name(net_.activation())}};
  }

 private:
  void check(std::span<const double> obs) const;
  core::Mlp net_;
  mutable Eigen::VectorXd dout_ = Eigen::VectorXd::Zero(1);
  mutable Eigen::MatrixXd dout_batch_;
};

}  // namespace arbiter::agents
