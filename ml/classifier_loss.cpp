// Weighted cross-entropy forward/backward through the MLP, with the softmax from core.
#include "ml/classifier_loss.hpp"

#include <cstdint>

#include "core/softmax.hpp"

namespace arbiter::ml {

template <class S>
void column_softmax(const Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic>& logits,
                    Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic>& probs, Eigen::Matrix<S, Eigen::Dynamic, 1>& log_z) {
  const Eigen::Index k = logits.rows(), n = logits.cols();
  probs.resize(k, n);
  log_z.resize(n);
  std::vector<std::int64_t> offsets(static_cast<std::size_t>(n) + 1);
  for (Eigen::Index j = 0; j <= n; ++j) offsets[static_cast<std::size_t>(j)] = j * k;
  Eigen::Map<const core::Vector<S>> flat(logits.data(), k * n);
  Eigen::Map<core::Vector<S>> out(probs.data(), k * n);
  core::softmax_segments<S>(flat, offsets.data(), n, out, S(1), log_z.data());
}

template <class S>
BatchLoss cross_entropy_step(const core::BasicMlp<S>& net, const typename core::BasicMlp<S>::Vec& params,
                             const Eigen::Ref<const typename core::BasicMlp<S>::Mat>& x, const int* labels,
                             const std::vector<double>& class_weights, S scale,
                             typename core::BasicMlp<S>::Vec& grad) {
  using Mat = typename core::BasicMlp<S>::Mat;
  const Mat& z = net.forward_batch(params, x);
  Mat p;
  Eigen::Matrix<S, Eigen::Dynamic, 1> log_z;
  column_softmax<S>(z, p, log_z);
  BatchLoss out;
  for (Eigen::Index j = 0; j < z.cols(); ++j) {
    const int y = labels[j];
    const S w = class_weights.empty() ? S(1) : static_cast<S>(class_weights[static_cast<std::size_t>(y)]);
    out.loss_sum += static_cast<double>(w) * (static_cast<double>(log_z[j]) - static_cast<double>(z(y, j)));
    Eigen::Index best = 0;
    z.col(j).maxCoeff(&best);
    if (best == y) ++out.correct;
    // d(w_y (log Z - z_y)) / dz = w_y (p - e_y), the core's weighted cross-entropy gradient.
    p(y, j) -= S(1);
    p.col(j) *= w * scale;
  }
  net.backward_batch(params, p, grad);
  return out;
}

std::vector<double> balanced_class_weights(const std::vector<std::size_t>& counts) {
  std::size_t n = 0;
  for (std::size_t c : counts) n += c;
  std::vector<double> w(counts.size(), 0.0);
  for (std::size_t k = 0; k < counts.size(); ++k)
    if (counts[k] > 0) w[k] = static_cast<double>(n) / (static_cast<double>(counts.size()) * static_cast<double>(counts[k]));
  return w;
}

template void column_softmax<float>(const Eigen::MatrixXf&, Eigen::MatrixXf&, Eigen::VectorXf&);
template void column_softmax<double>(const Eigen::MatrixXd&, Eigen::MatrixXd&, Eigen::VectorXd&);
template BatchLoss cross_entropy_step<float>(const core::MlpFloat&, const Eigen::VectorXf&,
                                             const Eigen::Ref<const Eigen::MatrixXf>&, const int*,
                                             const std::vector<double>&, float, Eigen::VectorXf&);
template BatchLoss cross_entropy_step<double>(const core::Mlp&, const Eigen::VectorXd&,
                                              const Eigen::Ref<const Eigen::MatrixXd>&, const int*,
                                              const std::vector<double>&, double, Eigen::VectorXd&);

}  // namespace arbiter::ml
