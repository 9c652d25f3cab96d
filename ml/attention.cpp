// Attention forward: the scores by matrix products, a block of queries at a time, each row through core's
// softmax (the block at once when nothing is masked, row by row through core::masked_softmax when a mask is
// given), then P V. Backward: dP = dO V^T by blocks of queries, each row through core::softmax_jvp, then two
// matrix products for dQ and dK. The products are core::batch_product's (the processor's AVX2 or AVX-512
// copy in a portable build), one thread.
#include "ml/attention.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/input_error.hpp"
#include "core/matrix_product.hpp"
#include "core/softmax.hpp"
#include "core/softmax_derivatives.hpp"

namespace arbiter::ml {
namespace {

// Queries per block: the scores and dO V^T are formed a block at a time (a buffer reused, not a second
// n_q x n_k matrix).
constexpr Eigen::Index kQueryBlock = 256;

std::string shape(Eigen::Index r, Eigen::Index c) { return std::to_string(r) + " x " + std::to_string(c); }

template <class S> void check_positive(const char* name, S value) {
  if (!(value > S(0)) || !std::isfinite(static_cast<double>(value)))
    throw core::ArgumentError(name, "a finite number > 0", std::to_string(static_cast<double>(value)));
}

template <class S>
void check_shapes(core::BatchCRef<S> Q, core::BatchCRef<S> K, core::BatchCRef<S> V, const AttentionMask& mask) {
  if (Q.cols() < 1) throw core::ArgumentError("Q", "at least one column (d_k >= 1)", shape(Q.rows(), Q.cols()));
  if (K.cols() != Q.cols())
    throw core::ArgumentError("K", std::to_string(Q.cols()) + " columns (d_k of Q)", shape(K.rows(), K.cols()));
  if (K.rows() < 1) throw core::ArgumentError("K", "at least one key", shape(K.rows(), K.cols()));
  if (V.rows() != K.rows())
    throw core::ArgumentError("V", std::to_string(K.rows()) + " rows (one value per key)", shape(V.rows(), V.cols()));
  if (mask.size() == 0) return;
  if (mask.rows() != Q.rows() || mask.cols() != K.rows())
    throw core::ArgumentError("mask", shape(Q.rows(), K.rows()) + " (queries x keys)", shape(mask.rows(), mask.cols()));
  for (Eigen::Index i = 0; i < mask.rows(); ++i)
    if (!mask.row(i).any())
      throw core::ArgumentError("mask", "at least one visible key for every query",
                                "row " + std::to_string(i) + " hides every key");
}

}  // namespace

AttentionMask causal_mask(Eigen::Index length) {
  AttentionMask m(length, length);
  for (Eigen::Index i = 0; i < length; ++i)
    for (Eigen::Index j = 0; j < length; ++j) m(i, j) = j <= i;
  return m;
}

double attention_scale(Eigen::Index d_k) {
  if (d_k < 1) throw core::ArgumentError("d_k", "an integer >= 1", std::to_string(d_k));
  return 1.0 / std::sqrt(static_cast<double>(d_k));
}

template <class S>
AttentionForward<S> attention_forward(core::BatchCRef<S> Q, core::BatchCRef<S> K, core::BatchCRef<S> V, S scale,
                                      const AttentionMask& mask, S temperature) {
  check_shapes<S>(Q, K, V, mask);
  check_positive("scale", scale);
  check_positive("temperature", temperature);
  AttentionForward<S> f;
  f.weights.resize(Q.rows(), K.rows());
  core::Batch<S> scores;  // the scores of one block of queries
  for (Eigen::Index from = 0; from < Q.rows(); from += kQueryBlock) {
    const Eigen::Index rows = std::min(kQueryBlock, Q.rows() - from);
    scores.resize(rows, K.rows());
    core::batch_product<S>(Q.middleRows(from, rows), core::Op::none, K, core::Op::transpose, scale / temperature,
                           S(0), scores);
    if (mask.size() == 0) {
      core::softmax_rows<S>(scores, f.weights.middleRows(from, rows));
    } else {
      for (Eigen::Index i = 0; i < rows; ++i) {
        const core::Mask row = mask.row(from + i).transpose();
        f.weights.row(from + i) = core::masked_softmax<S>(scores.row(i).transpose(), row).transpose();
      }
    }
  }
  f.output.resize(Q.rows(), V.cols());
  core::batch_product<S>(f.weights, core::Op::none, V, core::Op::none, S(1), S(0), f.output);
  return f;
}

template <class S>
AttentionGradients<S> attention_backward(core::BatchCRef<S> Q, core::BatchCRef<S> K, core::BatchCRef<S> V,
                                         const AttentionForward<S>& forward, core::BatchCRef<S> dO, S scale,
                                         S temperature) {
  check_positive("scale", scale);
  check_positive("temperature", temperature);
  if (dO.rows() != Q.rows() || dO.cols() != V.cols())
    throw core::ArgumentError("dO", shape(Q.rows(), V.cols()) + " (queries x d_v)", shape(dO.rows(), dO.cols()));
  const core::Batch<S>& P = forward.weights;
  AttentionGradients<S> g;
  g.dV.resize(P.cols(), dO.cols());
  core::batch_product<S>(P, core::Op::transpose, dO, core::Op::none, S(1), S(0), g.dV);
  g.dScores.resize(P.rows(), P.cols());
  core::Batch<S> dP;  // dO V^T for one block of queries
  for (Eigen::Index from = 0; from < P.rows(); from += kQueryBlock) {
    const Eigen::Index rows = std::min(kQueryBlock, P.rows() - from);
    dP.resize(rows, P.cols());
    core::batch_product<S>(dO.middleRows(from, rows), core::Op::none, V, core::Op::transpose, S(1), S(0), dP);
    for (Eigen::Index i = 0; i < rows; ++i)
      g.dScores.row(from + i) = core::softmax_jvp<S>(P.row(from + i).transpose(), dP.row(i).transpose()).transpose();
  }
  const S factor = scale / temperature;
  g.dQ.resize(P.rows(), K.cols());
  core::batch_product<S>(g.dScores, core::Op::none, K, core::Op::none, factor, S(0), g.dQ);
  g.dK.resize(P.cols(), Q.cols());
  core::batch_product<S>(g.dScores, core::Op::transpose, Q, core::Op::none, factor, S(0), g.dK);
  return g;
}

#define ARBITER_INSTANTIATE(S)                                                                               \
  template AttentionForward<S> attention_forward<S>(core::BatchCRef<S>, core::BatchCRef<S>, core::BatchCRef<S>, \
                                                    S, const AttentionMask&, S);                              \
  template AttentionGradients<S> attention_backward<S>(core::BatchCRef<S>, core::BatchCRef<S>,                \
                                                       core::BatchCRef<S>, const AttentionForward<S>&,          \
                                                       core::BatchCRef<S>, S, S);
ARBITER_INSTANTIATE(float)
ARBITER_INSTANTIATE(double)
#undef ARBITER_INSTANTIATE

}  // namespace arbiter::ml
