// Forward and backward passes of the MLP over a flat parameter vector, for one input or a batch.
#include "core/mlp.hpp"

#include <cmath>
#include <stdexcept>
#include <string>
#include <type_traits>

#include "core/matrix_product.hpp"

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

// The batch passes' three products: through core::gemm for float (the classifiers of ml/), Eigen's
// expressions for double (the RL agents' networks keep their bits).
template <class S, class W, class X> void product_into(const W& w, const X& x, Eigen::Matrix<S, -1, -1>& out) {
  if constexpr (std::is_same_v<S, float>) {
    out.resize(w.rows(), x.cols());
    gemm<S>(Op::none, Op::none, w.rows(), x.cols(), w.cols(), S(1), w.data(), w.rows(), x.data(), x.rows(), S(0),
            out.data(), out.rows());
  } else {
    out.noalias() = w * x;
  }
}

// gw += delta a^T.
template <class S, class D, class A, class G> void add_outer_product(const D& delta, const A& a, G& gw) {
  if constexpr (std::is_same_v<S, float>)
    gemm<S>(Op::none, Op::transpose, delta.rows(), a.rows(), delta.cols(), S(1), delta.data(), delta.rows(),
            a.data(), a.rows(), S(1), gw.data(), gw.rows());
  else
    gw.noalias() += delta * a.transpose();
}

// out = w^T delta.
template <class S, class W, class D>
void transpose_product_into(const W& w, const D& delta, Eigen::Matrix<S, -1, -1>& out) {
  if constexpr (std::is_same_v<S, float>) {
    out.resize(w.cols(), delta.cols());
    gemm<S>(Op::transpose, Op::none, w.cols(), delta.cols(), w.rows(), S(1), w.data(), w.rows(), delta.data(),
            delta.rows(), S(0), out.data(), out.rows());
  } else {
    out.noalias() = w.transpose() * delta;
  }
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
    product_into<S>(W, batch_act_[l - 1], batch_act_[l]);
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
    add_outer_product<S>(batch_delta_, batch_act_[l - 1], gW);
    gb += batch_delta_.rowwise().sum();
    if (l == 1) break;
    transpose_product_into<S>(W, batch_delta_, batch_next_delta_);
    times_derivative(batch_next_delta_, batch_act_[l - 1], activation_);
    batch_delta_.swap(batch_next_delta_);
  }
}

template class BasicMlp<double>;
template class BasicMlp<float>;

}  // namespace arbiter::core
