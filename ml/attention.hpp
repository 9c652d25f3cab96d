// Scaled dot-product attention O = softmax(Q K^T * scale / T + mask) V, forward and backward, for float and
// double. Q is n_q x d_k, K is n_k x d_k, V is n_k x d_v (one row per query, key, value); each row of the
// weights P (n_q x n_k) is the core's softmax of that query's scores (the masked softmax when a mask is given:
// hidden keys get weight exactly 0 and gradient exactly 0). scale > 0 is usually 1 / sqrt(d_k); T > 0 is a
// temperature. Throws core::ArgumentError naming the argument ("Q", "K", "V", "mask", "scale",
// "temperature", "dO") for a shape that does not fit, a scale or T <= 0, or a mask row that hides every key.
#pragma once
#include "core/eigen_types.hpp"

namespace arbiter::ml {

// mask(i, j) true: query i may look at key j. An empty mask (0 x 0) means every key is visible.
using AttentionMask = Eigen::Array<bool, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// The causal mask of a sequence: query i sees keys 0..i.
AttentionMask causal_mask(Eigen::Index length);

template <class S> struct AttentionForward {
  core::Batch<S> weights;  // P, n_q x n_k, each row sums to 1
  core::Batch<S> output;   // O = P V, n_q x d_v
};

template <class S> struct AttentionGradients {
  core::Batch<S> dQ, dK, dV;  // gradients of a loss L with respect to Q, K and V
  core::Batch<S> dScores;     // dL / d(Q K^T * scale / T): exactly 0 where the mask hides a key
};

template <class S>
AttentionForward<S> attention_forward(core::BatchCRef<S> Q, core::BatchCRef<S> K, core::BatchCRef<S> V, S scale,
                                      const AttentionMask& mask = AttentionMask(), S temperature = S(1));

// The backward pass from dO = dL/dO (n_q x d_v), given the forward pass's weights: dV = P^T dO,
// dScores_i = J(p_i) (dO V^T)_i (the core's softmax Jacobian-vector product, row by row),
// dQ = dScores K * scale / T, dK = dScores^T Q * scale / T.
template <class S>
AttentionGradients<S> attention_backward(core::BatchCRef<S> Q, core::BatchCRef<S> K, core::BatchCRef<S> V,
                                         const AttentionForward<S>& forward, core::BatchCRef<S> dO, S scale,
                                         S temperature = S(1));

// The usual scale 1 / sqrt(d_k); throws ArgumentError("d_k") for d_k < 1.
double attention_scale(Eigen::Index d_k);

}  // namespace arbiter::ml
