// Forward and backward passes of the tanh MLP over a flat parameter vector.
#include "agents/mlp.hpp"

#include <cmath>
#include <stdexcept>

namespace arbiter::agents {

Mlp::Mlp(std::vector<int> sizes) : sizes_(std::move(sizes)) {
  if (sizes_.size() < 2) throw std::invalid_argument("an MLP needs at least input and output sizes");
  for (int s : sizes_)
    if (s <= 0) throw std::invalid_argument("MLP layer sizes must be > 0");
  for (std::size_t l = 1; l < sizes_.size(); ++l) {
    offsets_.push_back(count_);
    count_ += sizes_[l] * sizes_[l - 1] + sizes_[l];
  }
  act_.resize(sizes_.size());
}

void Mlp::initialise(Eigen::VectorXd& params, core::RandomStream& rng, double output_scale) const {
  params.resize(count_);
  for (std::size_t l = 1; l < sizes_.size(); ++l) {
    const double bound = 1.0 / std::sqrt(static_cast<double>(sizes_[l - 1]));
    const double scale = l + 1 == sizes_.size() ? output_scale : 1.0;
    const int n = sizes_[l] * sizes_[l - 1] + sizes_[l];
    for (int i = 0; i < n; ++i) params[offsets_[l - 1] + i] = scale * rng.uniform(-bound, bound);
  }
}

const Eigen::VectorXd& Mlp::forward(const Eigen::VectorXd& params, const Eigen::VectorXd& input) const {
  if (input.size() != sizes_[0])
    throw std::out_of_range("MLP input of size " + std::to_string(input.size()) + ", expected " +
                            std::to_string(sizes_[0]));
  act_[0] = input;
  for (std::size_t l = 1; l < sizes_.size(); ++l) {
    const int in = sizes_[l - 1], out = sizes_[l];
    Eigen::Map<const Eigen::MatrixXd> W(params.data() + offsets_[l - 1], out, in);
    Eigen::Map<const Eigen::VectorXd> b(params.data() + offsets_[l - 1] + out * in, out);
    act_[l].noalias() = W * act_[l - 1];
    act_[l] += b;
    if (l + 1 < sizes_.size()) act_[l] = act_[l].array().tanh().matrix();
  }
  return act_.back();
}

void Mlp::backward(const Eigen::VectorXd& params, const Eigen::VectorXd& dout, Eigen::VectorXd& grad) const {
  delta_ = dout;  // d loss / d pre-activation of the current layer
  for (std::size_t l = sizes_.size() - 1; l >= 1; --l) {
    const int in = sizes_[l - 1], out = sizes_[l];
    Eigen::Map<const Eigen::MatrixXd> W(params.data() + offsets_[l - 1], out, in);
    Eigen::Map<Eigen::MatrixXd> gW(grad.data() + offsets_[l - 1], out, in);
    Eigen::Map<Eigen::VectorXd> gb(grad.data() + offsets_[l - 1] + out * in, out);
    gW.noalias() += delta_ * act_[l - 1].transpose();
    gb += delta_;
    if (l == 1) break;
    next_delta_.noalias() = W.transpose() * delta_;
    delta_ = next_delta_.cwiseProduct((1.0 - act_[l - 1].array().square()).matrix());
  }
}

}  // namespace arbiter::agents
