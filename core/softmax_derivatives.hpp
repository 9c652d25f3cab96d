// Losses and derivatives of the softmax in closed form. p = softmax(x / T) throughout; all gradients are
// with respect to the logits x. Shapes must agree (std::invalid_argument otherwise); probabilities are
// taken as given (they are not re-normalised).
#pragma once
#include "core/eigen_types.hpp"

namespace arbiter::core {

// Weighted cross-entropy -w_y log p_y for a class index y in [0, n); weights empty means all 1.
template <class S> S cross_entropy(VectorCRef<S> logits, int target, VectorCRef<S> class_weights = Vector<S>());
// Its gradient w_y (p - e_y).
template <class S> Vector<S> cross_entropy_gradient(VectorCRef<S> logits, int target,
                                                    VectorCRef<S> class_weights = Vector<S>());
// Cross-entropy -sum_i w_i y_i log p_i against a target distribution y, and its gradient
// sum_i w_i y_i (p - e_i) = (sum w y) p - w.*y (= p - y when weights are 1 and y sums to 1).
template <class S> S cross_entropy(VectorCRef<S> logits, VectorCRef<S> target, VectorCRef<S> class_weights);
template <class S> Vector<S> cross_entropy_gradient(VectorCRef<S> logits, VectorCRef<S> target,
                                                    VectorCRef<S> class_weights);
// Mean cross-entropy over a batch with one class index per row, and its gradient (one row per example).
template <class S> S cross_entropy_rows(BatchCRef<S> logits, const Eigen::VectorXi& targets);
template <class S> Batch<S> cross_entropy_gradient_rows(BatchCRef<S> logits, const Eigen::VectorXi& targets);

// Jacobian-vector product of p = softmax(x / T): J v = p .* (v - <p, v>) / T (J is symmetric, so this is
// also the vector-Jacobian product).
template <class S> Vector<S> softmax_jvp(VectorCRef<S> probs, VectorCRef<S> v, S T = S(1));
// The Jacobian of softmax at T = 1, diag(p) - p p^T, which is the Hessian of log-sum-exp.
template <class S> Matrix<S> softmax_hessian(VectorCRef<S> probs);

// Shannon entropy -sum p log p in nats (0 log 0 = 0).
template <class S> S entropy(VectorCRef<S> probs);
// Entropy of softmax(x / T) and its gradient with respect to x: -p .* (log p + H) / T.
template <class S> S entropy_of_logits(VectorCRef<S> logits, S T = S(1));
template <class S> Vector<S> entropy_gradient(VectorCRef<S> logits, S T = S(1));
// KL(p || q) = sum p log(p / q) in nats; +inf where q_i = 0 < p_i.
template <class S> S kl_divergence(VectorCRef<S> p, VectorCRef<S> q);

}  // namespace arbiter::core
