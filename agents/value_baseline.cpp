// The three state-value baselines.
#include "agents/value_baseline.hpp"

#include <cmath>
#include <stdexcept>

namespace arbiter::agents {

nlohmann::json ValueBaseline::to_json() const {
  return {{"type", type()}, {"shape", shape()}, {"parameters", std::vector<double>(w_.data(), w_.data() + w_.size())}};
}

void ValueBaseline::from_json(const nlohmann::json& j) {
  if (!j.is_object() || j.value("type", "") != type()) throw std::invalid_argument("a \"" + type() + "\" baseline");
  if (j.value("shape", nlohmann::json()) != shape())
    throw std::invalid_argument("a baseline of shape " + shape().dump());
  const auto params = j.at("parameters").get<std::vector<double>>();
  if (static_cast<Eigen::Index>(params.size()) != w_.size())
    throw std::invalid_argument(std::to_string(w_.size()) + " baseline parameters");
  for (double v : params)
    if (!std::isfinite(v)) throw std::invalid_argument("finite baseline parameters");
  w_ = Eigen::Map<const Eigen::VectorXd>(params.data(), w_.size());
}

TabularValueBaseline::TabularValueBaseline(int states, double initial) {
  if (states <= 0) throw std::invalid_argument("tabular baseline needs states > 0");
  w_ = Eigen::VectorXd::Constant(states, initial);
}

double TabularValueBaseline::value(const envs::Observation& obs) const {
  return w_[state_index(obs, static_cast<int>(w_.size()))];
}

void TabularValueBaseline::backprop(const envs::Observation& obs, double dvalue, Eigen::VectorXd& grad) const {
  grad[state_index(obs, static_cast<int>(w_.size()))] += dvalue;
}

LinearValueBaseline::LinearValueBaseline(FeatureMap features) : features_(features) {
  w_ = Eigen::VectorXd::Zero(features_.size());
}

double LinearValueBaseline::value(const envs::Observation& obs) const {
  features_.compute(obs, phi_);
  return w_.dot(phi_);
}

void LinearValueBaseline::backprop(const envs::Observation& obs, double dvalue, Eigen::VectorXd& grad) const {
  features_.compute(obs, phi_);
  grad += dvalue * phi_;
}

namespace {
std::vector<int> value_layers(int in, std::vector<int> hidden) {
  hidden.insert(hidden.begin(), in);
  hidden.push_back(1);
  return hidden;
}
}  // namespace

MlpValueBaseline::MlpValueBaseline(int observation_size, std::vector<int> hidden, core::RandomStream& rng)
    : net_(value_layers(observation_size, std::move(hidden))) {
  net_.initialise(w_, rng);
}

double MlpValueBaseline::value(const envs::Observation& obs) const {
  input_ = Eigen::Map<const Eigen::VectorXd>(obs.data(), static_cast<Eigen::Index>(obs.size()));
  return net_.forward(w_, input_)[0];
}

void MlpValueBaseline::backprop(const envs::Observation& obs, double dvalue, Eigen::VectorXd& grad) const {
  input_ = Eigen::Map<const Eigen::VectorXd>(obs.data(), static_cast<Eigen::Index>(obs.size()));
  if (net_.last_input().size() != input_.size() || net_.last_input() != input_) net_.forward(w_, input_);
  dout_[0] = dvalue;
  net_.backward(w_, dout_, grad);
}

}  // namespace arbiter::agents
