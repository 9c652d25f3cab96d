// Forward and backward passes of the MLP over a flat parameter vector, for one input or a batch.
#include "core/mlp.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace arbiter::core {

Activation parse_activation(const std::string& name) {
  if (name == "tanh") return Activation::tanh;
  if (name == "relu") return Activation::relu;
  throw std::invalid_argument("unknown activation \"" + name + "\" (expected tanh or relu)");
}

std::string activation_name(Activation a) { return a == Activation::tanh ? "tanh" : "relu"; }

namespace {

template <class M> void activate(M& z, Activation a) {
  if (a == Activation::tanh) z = z.array().tanh().matrix();
  else z = z.cwiseMax(typename M::Scalar(0));
}

// delta *= f'(pre-activation), written with the activation value a = f(z).
template <class M, class A> void times_derivative(M& delta, const A& a, Activation act) {
  if (act == Activation::tanh) delta.array() *= typename M::Scalar(1) - a.array().square();
  else delta.array() *= (a.array() > typename M::Scalar(0)).template cast<typename M::Scalar>();
}

}  // namespace

template <class S>
BasicMlp<S>::BasicMlp(std::vector<int> sizes, Activation activation) : sizes_(std::move(sizes)), activation_(activation) {
  if (sizes_.size() < 2) throw std::invalid_argument("an MLP needs at least input and output sizes");
  for (int s : sizes_)
    if (s <= 0) throw std::invalid_argument("MLP layer sizes must be > 0");
  for (std::size_t l = 1; l < sizes_.size(); ++l) {
    offsets_.push_back(count_);
    count_ += sizes_[l] * sizes_[l - 1] + sizes_[l];
  }
  act_.resize(sizes_.size());
  batch_act_.resize(sizes_.size());
}

template <class S>
void BasicMlp<S>::check_input(Eigen::Index n) const {
  if (n != sizes_[0])
    throw std::out_of_range("MLP input of size " + std::to_string(n) + ", expected " + std::to_string(sizes_[0]));
}

template <class S>
void BasicMlp<S>::initialise(Vec& params, core::RandomStream& rng, double output_scale) const {
  params.resize(count_);
  for (std::size_t l = 1; l < sizes_.size(); ++l) {
    const double bound = 1.0 / std::sqrt(static_cast<double>(sizes_[l - 1]));
    const double scale = l + 1 == sizes_.size() ? output_scale : 1.0;
    const int n = sizes_[l] * sizes_[l - 1] + sizes_[l];
    for (int i = 0; i < n; ++i) params[offsets_[l - 1] + i] = static_cast<S>(scale * rng.uniform(-bound, bound));
  }
}

template <class S>
const typename BasicMlp<S>::Vec& BasicMlp<S>::forward(const Vec& params, const S* input) const {
  act_[0] = Eigen::Map<const Vec>(input, sizes_[0]);
  for (std::size_t l = 1; l < sizes_.size(); ++l) {
    const int in = sizes_[l - 1], out = sizes_[l];
    Eigen::Map<const Mat> W(params.data() + offsets_[l - 1], out, in);
    Eigen::Map<const Vec> b(params.data() + offsets_[l - 1] + out * in, out);
    act_[l].noalias() = W * act_[l - 1];
    act_[l] += b;
    if (l + 1 < sizes_.size()) activate(act_[l], activation_);
  }
  return act_.back();
}

template <class S>
void BasicMlp<S>::backward(const Vec& params, const Vec& dout, Vec& grad) const {
  delta_ = dout;  // d loss / d pre-activation of the current layer
  for (std::size_t l = sizes_.size() - 1; l >= 1; --l) {
    const int in = sizes_[l - 1], out = sizes_[l];
    Eigen::Map<const Mat> W(params.data() + offsets_[l - 1], out, in);
    Eigen::Map<Mat> gW(grad.data() + offsets_[l - 1], out, in);
    Eigen::Map<Vec> gb(grad.data() + offsets_[l - 1] + out * in, out);
    gW.noalias() += delta_ * act_[l - 1].transpose();
    gb += delta_;
    if (l == 1) break;
    next_delta_.noalias() = W.transpose() * delta_;
    times_derivative(next_delta_, act_[l - 1], activation_);
    delta_.swap(next_delta_);
  }
}

template <class S>
const typename BasicMlp<S>::Mat& BasicMlp<S>::forward_batch(const Vec& params,
                                          const Eigen::Ref<const Mat>& X) const {
  check_input(X.rows());
  batch_act_[0] = X;
  for (std::size_t l = 1; l < sizes_.size(); ++l) {
    const int in = sizes_[l - 1], out = sizes_[l];
    Eigen::Map<const Mat> W(params.data() + offsets_[l - 1], out, in);
    Eigen::Map<const Vec> b(params.data() + offsets_[l - 1] + out * in, out);
    batch_act_[l].noalias() = W * batch_act_[l - 1];
    batch_act_[l].colwise() += b;
    if (l + 1 < sizes_.size()) activate(batch_act_[l], activation_);
  }
  return batch_act_.back();
}

template <class S>
void BasicMlp<S>::backward_batch(const Vec& params, const Mat& dout, Vec& grad) const {
  if (dout.rows() != sizes_.back() || dout.cols() != batch_act_[0].cols())
    throw std::out_of_range("MLP backward_batch: dout is " + std::to_string(dout.rows()) + " x " +
                            std::to_string(dout.cols()) + ", expected " + std::to_string(sizes_.back()) + " x " +
                            std::to_string(batch_act_[0].cols()));
  batch_delta_ = dout;
  for (std::size_t l = sizes_.size() - 1; l >= 1; --l) {
    const int in = sizes_[l - 1], out = sizes_[l];
    Eigen::Map<const Mat> W(params.data() + offsets_[l - 1], out, in);
    Eigen::Map<Mat> gW(grad.data() + offsets_[l - 1], out, in);
    Eigen::Map<Vec> gb(grad.data() + offsets_[l - 1] + out * in, out);
    gW.noalias() += batch_delta_ * batch_act_[l - 1].transpose();
    gb += batch_delta_.rowwise().sum();
    if (l == 1) break;
    batch_next_delta_.noalias() = W.transpose() * batch_delta_;
    times_derivative(batch_next_delta_, batch_act_[l - 1], activation_);
    batch_delta_.swap(batch_next_delta_);
  }
}

template class BasicMlp<double>;
template class BasicMlp<float>;

}  // namespace arbiter::core
