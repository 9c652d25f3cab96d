// The three state-value baselines.
#include "agents/value_baseline.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace arbiter::agents {

void ValueBaseline::values_batch(const Eigen::Ref<const Eigen::MatrixXd>& X, Eigen::VectorXd& v) const {
  v.resize(X.cols());
  for (Eigen::Index j = 0; j < X.cols(); ++j)
    v[j] = value(std::span<const double>(X.col(j).data(), static_cast<std::size_t>(X.rows())));
}

void ValueBaseline::backprop_batch(const Eigen::Ref<const Eigen::MatrixXd>& X, const Eigen::VectorXd& dvalues,
                                   Eigen::VectorXd& grad) const {
  for (Eigen::Index j = 0; j < X.cols(); ++j)
    backprop(std::span<const double>(X.col(j).data(), static_cast<std::size_t>(X.rows())), dvalues[j], grad);
}

nlohmann::json ValueBaseline::to_json() const {
  return {{"type", type()}, {"shape", shape()}, {"parameters", std::vector<double>(w_.data(), w_.data() + w_.size())}};
}

void ValueBaseline::from_json(const nlohmann::json& j) {
  if (!j.is_object() || !j.contains("type") || j.at("type") != type())
    throw std::invalid_argument("a \"" + type() + "\" baseline, the saved one is " +
                                (j.is_object() && j.contains("type") ? j.at("type").dump() : std::string("untyped")));
  if (!j.contains("shape") || j.at("shape") != shape())
    throw std::invalid_argument("a baseline of shape " + shape().dump() + ", the saved one has " +
                                (j.contains("shape") ? j.at("shape").dump() : std::string("none")));
  if (!j.contains("parameters") || !j.at("parameters").is_array() ||
      static_cast<Eigen::Index>(j.at("parameters").size()) != w_.size())
    throw std::invalid_argument(std::to_string(w_.size()) + " baseline parameters");
  Eigen::VectorXd w(w_.size());
  for (Eigen::Index i = 0; i < w.size(); ++i) {
    const auto& e = j.at("parameters")[static_cast<std::size_t>(i)];
    if (!e.is_number() || !std::isfinite(e.get<double>()))
      throw std::invalid_argument("finite baseline parameters, parameter " + std::to_string(i) + " is " + e.dump());
    w[i] = e.get<double>();
  }
  w_ = w;
}

TabularValueBaseline::TabularValueBaseline(int states, double initial) {
  if (states <= 0) throw std::invalid_argument("tabular baseline needs states > 0");
  w_ = Eigen::VectorXd::Constant(states, initial);
}

double TabularValueBaseline::value(std::span<const double> obs) const {
  return w_[state_index(obs, static_cast<int>(w_.size()))];
}

void TabularValueBaseline::backprop(std::span<const double> obs, double dvalue, Eigen::VectorXd& grad) const {
  grad[state_index(obs, static_cast<int>(w_.size()))] += dvalue;
}

LinearValueBaseline::LinearValueBaseline(FeatureMap features) : features_(features) {
  w_ = Eigen::VectorXd::Zero(features_.size());
}

double LinearValueBaseline::value(std::span<const double> obs) const {
  features_.compute(obs, phi_);
  return w_.dot(phi_);
}

void LinearValueBaseline::backprop(std::span<const double> obs, double dvalue, Eigen::VectorXd& grad) const {
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

MlpValueBaseline::MlpValueBaseline(int observation_size, std::vector<int> hidden, core::RandomStream& rng,
                                   core::Activation activation)
    : net_(value_layers(observation_size, std::move(hidden)), activation) {
  net_.initialise(w_, rng);
}

void MlpValueBaseline::check(std::span<const double> obs) const {
  if (static_cast<int>(obs.size()) != net_.inputs())
    throw std::out_of_range("observation of size " + std::to_string(obs.size()) + ", expected " +
                            std::to_string(net_.inputs()));
}

double MlpValueBaseline::value(std::span<const double> obs) const {
  check(obs);
  return net_.forward(w_, obs.data())[0];
}

void MlpValueBaseline::backprop(std::span<const double> obs, double dvalue, Eigen::VectorXd& grad) const {
  check(obs);
  net_.forward(w_, obs.data());
  dout_[0] = dvalue;
  net_.backward(w_, dout_, grad);
}

void MlpValueBaseline::values_batch(const Eigen::Ref<const Eigen::MatrixXd>& X, Eigen::VectorXd& v) const {
  v = net_.forward_batch(w_, X).row(0).transpose();
}

void MlpValueBaseline::backprop_batch(const Eigen::Ref<const Eigen::MatrixXd>&, const Eigen::VectorXd& dvalues,
                                      Eigen::VectorXd& grad) const {
  dout_batch_ = dvalues.transpose();
  net_.backward_batch(w_, dout_batch_, grad);
}

}  // namespace arbiter::agents
