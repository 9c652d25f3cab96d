#include "core/softmax_derivatives.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "core/softmax.hpp"

namespace arbiter::core {
namespace {

void require_same_size(const char* what, Eigen::Index a, Eigen::Index b) {
  if (a != b)
    throw std::invalid_argument(std::string(what) + ": sizes differ (" + std::to_string(a) + " vs " +
                                std::to_string(b) + ")");
}

template <class S> S weight_of(VectorCRef<S> w, Eigen::Index i) { return w.size() == 0 ? S(1) : w[i]; }

void check_target(const char* what, int target, Eigen::Index n) {
  if (target < 0 || target >= n)
    throw std::out_of_range(std::string(what) + ": target class " + std::to_string(target) + " is not in [0, " +
                            std::to_string(n) + ")");
}

}  // namespace

template <class S> S cross_entropy(VectorCRef<S> logits, int target, VectorCRef<S> class_weights) {
  check_target("cross_entropy", target, logits.size());
  if (class_weights.size() != 0) require_same_size("cross_entropy", logits.size(), class_weights.size());
  return -weight_of<S>(class_weights, target) * (logits[target] - log_sum_exp<S>(logits));
}

template <class S> Vector<S> cross_entropy_gradient(VectorCRef<S> logits, int target, VectorCRef<S> class_weights) {
  check_target("cross_entropy_gradient", target, logits.size());
  if (class_weights.size() != 0) require_same_size("cross_entropy_gradient", logits.size(), class_weights.size());
  Vector<S> g = softmax<S>(logits);
  g[target] -= S(1);
  return weight_of<S>(class_weights, target) * g;
}

template <class S> S cross_entropy(VectorCRef<S> logits, VectorCRef<S> target, VectorCRef<S> class_weights) {
  require_same_size("cross_entropy", logits.size(), target.size());
  const Vector<S> logp = log_softmax<S>(logits);
  S loss = 0;
  for (Eigen::Index i = 0; i < logits.size(); ++i)
    if (target[i] != S(0)) loss -= weight_of<S>(class_weights, i) * target[i] * logp[i];
  return loss;
}

template <class S> Vector<S> cross_entropy_gradient(VectorCRef<S> logits, VectorCRef<S> target,
                                                    VectorCRef<S> class_weights) {
  require_same_size("cross_entropy_gradient", logits.size(), target.size());
  Vector<S> wy(target.size());
  for (Eigen::Index i = 0; i < target.size(); ++i) wy[i] = weight_of<S>(class_weights, i) * target[i];
  return wy.sum() * softmax<S>(logits) - wy;
}

template <class S> S cross_entropy_rows(BatchCRef<S> logits, const Eigen::VectorXi& targets) {
  require_same_size("cross_entropy_rows", logits.rows(), targets.size());
  if (logits.rows() == 0) throw std::invalid_argument("cross_entropy_rows: empty batch");
  const Vector<S> lse = log_sum_exp_rows<S>(logits);
  S total = 0;
  for (Eigen::Index r = 0; r < logits.rows(); ++r) {
    check_target("cross_entropy_rows", targets[r], logits.cols());
    total += lse[r] - logits(r, targets[r]);
  }
  return total / S(logits.rows());
}

template <class S> Batch<S> cross_entropy_gradient_rows(BatchCRef<S> logits, const Eigen::VectorXi& targets) {
  require_same_size("cross_entropy_gradient_rows", logits.rows(), targets.size());
  Batch<S> g = softmax_rows<S>(logits);
  for (Eigen::Index r = 0; r < logits.rows(); ++r) {
    check_target("cross_entropy_gradient_rows", targets[r], logits.cols());
    g(r, targets[r]) -= S(1);
  }
  return g / S(logits.rows());
}

template <class S> Vector<S> softmax_jvp(VectorCRef<S> probs, VectorCRef<S> v, S T) {
  check_temperature(T);
  require_same_size("softmax_jvp", probs.size(), v.size());
  return (probs.array() * (v.array() - probs.dot(v)) / T).matrix();
}

template <class S> Matrix<S> softmax_hessian(VectorCRef<S> probs) {
  Matrix<S> h = -probs * probs.transpose();
  h.diagonal() += probs;
  return h;
}

template <class S> S entropy(VectorCRef<S> probs) {
  S h = 0;
  for (Eigen::Index i = 0; i < probs.size(); ++i)
    if (probs[i] > S(0)) h -= probs[i] * std::log(probs[i]);
  return h;
}

template <class S> S entropy_of_logits(VectorCRef<S> logits, S T) {
  const Vector<S> p = softmax<S>(logits, T);
  return entropy<S>(p);
}

template <class S> Vector<S> entropy_gradient(VectorCRef<S> logits, S T) {
  const Vector<S> logp = log_softmax<S>(logits, T);
  const Vector<S> p = softmax<S>(logits, T);
  const S h = entropy<S>(p);
  Vector<S> g(p.size());
  for (Eigen::Index i = 0; i < p.size(); ++i) g[i] = p[i] > S(0) ? -p[i] * (logp[i] + h) / T : S(0);
  return g;
}

template <class S> S kl_divergence(VectorCRef<S> p, VectorCRef<S> q) {
  require_same_size("kl_divergence", p.size(), q.size());
  S kl = 0;
  for (Eigen::Index i = 0; i < p.size(); ++i) {
    if (p[i] <= S(0)) continue;
    if (q[i] <= S(0)) return std::numeric_limits<S>::infinity();
    kl += p[i] * std::log(p[i] / q[i]);
  }
  return kl;
}

#define ARBITER_INSTANTIATE(S)                                                                   \
  template S cross_entropy<S>(VectorCRef<S>, int, VectorCRef<S>);                                \
  template Vector<S> cross_entropy_gradient<S>(VectorCRef<S>, int, VectorCRef<S>);               \
  template S cross_entropy<S>(VectorCRef<S>, VectorCRef<S>, VectorCRef<S>);                      \
  template Vector<S> cross_entropy_gradient<S>(VectorCRef<S>, VectorCRef<S>, VectorCRef<S>);     \
  template S cross_entropy_rows<S>(BatchCRef<S>, const Eigen::VectorXi&);                        \
  template Batch<S> cross_entropy_gradient_rows<S>(BatchCRef<S>, const Eigen::VectorXi&);        \
  template Vector<S> softmax_jvp<S>(VectorCRef<S>, VectorCRef<S>, S);                            \
  template Matrix<S> softmax_hessian<S>(VectorCRef<S>);                                          \
  template S entropy<S>(VectorCRef<S>);                                                          \
  template S entropy_of_logits<S>(VectorCRef<S>, S);                                             \
  template Vector<S> entropy_gradient<S>(VectorCRef<S>, S);                                      \
  template S kl_divergence<S>(VectorCRef<S>, VectorCRef<S>);
ARBITER_INSTANTIATE(float)
ARBITER_INSTANTIATE(double)
#undef ARBITER_INSTANTIATE

}  // namespace arbiter::core
