// Attention, a block of queries at a time (a block's n_k scores fit in L2 next to its weights): the scores by
// one matrix product, each row through core's softmax (the block at once when nothing is masked, row by row
// through core::masked_softmax when a mask is given), then the block's rows of O = P V while its weights are
// in cache. Backward, per block: dV^T += dO_b^T P_b, dS_b = P_b .* (dP_b - d) with dP_b = dO_b V^T and
// d_i = <p_i, dP_i> (the core's softmax_jvp, row by row), dQ_b = dS_b K and dK^T += Q_b^T dS_b (both times
// the scale / T). In float on a processor with AVX2 + FMA, the scores, P V, dS K and dS run ml's
// attention_products on K, V, K^T and V^T packed once per call, dS in one pass with the product (d_i taken as
// <dO_i, O_i>, which equals <p_i, dP_i>); dV, dK and all of double are core::batch_product's. One thread.
#include "ml/attention.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <optional>
#include <string>
#include <type_traits>

#include "core/input_error.hpp"
#include "core/matrix_product.hpp"
#include "core/softmax.hpp"
#include "ml/attention_products.hpp"

namespace arbiter::ml {
namespace {

namespace ap = attention_products;

// Queries per block: a block's scores (in the backward pass its dS) are formed, used and finished while they
// stay in the core's L2 cache next to the weights they meet; 32 to 256 queries. 128 KB of scores (32 queries
// at n_k = 1024 and 2048, 64 at 512) ran fastest in bench/ml_attention (from 16 queries to 256).
constexpr std::size_t kBlockBytes = std::size_t(128) << 10;
template <class S> Eigen::Index query_block(Eigen::Index keys) {
  const auto per_query = sizeof(S) * static_cast<std::size_t>(std::max<Eigen::Index>(keys, 1));
  const auto fit = static_cast<Eigen::Index>(kBlockBytes / per_query);
  return std::clamp<Eigen::Index>(fit, 32, 256);
}

// Whether the products run ml's own float kernels (attention_products) rather than core::batch_product.
template <class S> bool own_products() {
  if constexpr (std::is_same_v<S, float>) return ap::available();
  return false;
}

// dS = p .* (dP - <p, dP>) row by row: the core's softmax_jvp (at T = 1, the temperature being in the
// scores) written straight into dS, without a vector per row.
template <class S> void softmax_jvp_rows(core::BatchCRef<S> P, core::BatchCRef<S> dP, core::BatchRef<S> dS) {
  for (Eigen::Index i = 0; i < P.rows(); ++i) {
    const S dot = P.row(i).dot(dP.row(i));
    dS.row(i).array() = P.row(i).array() * (dP.row(i).array() - dot);
  }
}

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
  const S factor = scale / temperature;
  const bool own = own_products<S>();
  std::optional<ap::PackedB> Kt, Vp;  // K^T (d_k x n_k) and V (n_k x d_v), packed for ml's kernels
  if constexpr (std::is_same_v<S, float>) {
    if (own) {
      Kt.emplace(K.data(), K.cols(), K.rows(), K.outerStride(), true);
      Vp.emplace(V.data(), V.rows(), V.cols(), V.outerStride(), false);
    }
  }
  AttentionForward<S> f;
  f.weights.resize(Q.rows(), K.rows());
  f.output.resize(Q.rows(), V.cols());
  const Eigen::Index block = query_block<S>(K.rows());
  core::Batch<S> scores;  // the scores of one block of queries
  for (Eigen::Index from = 0; from < Q.rows(); from += block) {
    const Eigen::Index rows = std::min(block, Q.rows() - from);
    scores.resize(rows, K.rows());
    const auto Qb = Q.middleRows(from, rows);
    if constexpr (std::is_same_v<S, float>) {
      if (own)
        ap::product(rows, factor, Qb.data(), Q.outerStride(), 1, *Kt, scores.data(), scores.outerStride(), false);
    }
    if (!own) core::batch_product<S>(Qb, core::Op::none, K, core::Op::transpose, factor, S(0), scores);
    auto P = f.weights.middleRows(from, rows);
    if (mask.size() == 0) {
      core::softmax_rows<S>(scores, P);
    } else {
      for (Eigen::Index i = 0; i < rows; ++i) {
        const core::Mask row = mask.row(from + i).transpose();
        P.row(i) = core::masked_softmax<S>(scores.row(i).transpose(), row).transpose();
      }
    }
    auto Ob = f.output.middleRows(from, rows);
    if constexpr (std::is_same_v<S, float>) {
      if (own) ap::product(rows, 1.0f, P.data(), P.outerStride(), 1, *Vp, Ob.data(), Ob.outerStride(), false);
    }
    if (!own) core::batch_product<S>(P, core::Op::none, V, core::Op::none, S(1), S(0), Ob);
  }
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
  const S factor = scale / temperature;
  const bool own = own_products<S>();
  std::optional<ap::PackedB> Vt, Kp;  // V^T (d_v x n_k) and K (n_k x d_k), packed for ml's kernels
  core::Vector<S> rowdot;  // <p_i, dP_i> = <dO_i, O_i>: known before dP, so dS is formed in one pass
  if constexpr (std::is_same_v<S, float>) {
    if (own) {
      Vt.emplace(V.data(), V.cols(), V.rows(), V.outerStride(), true);
      Kp.emplace(K.data(), K.rows(), K.cols(), K.outerStride(), false);
      rowdot = (dO.array() * forward.output.array()).rowwise().sum();
    }
  }
  AttentionGradients<S> g;
  g.dScores.resize(P.rows(), P.cols());
  g.dQ.resize(P.rows(), K.cols());
  // dV^T and dK^T (d x n_k), summed over the blocks of queries: dO_b^T P_b and Q_b^T dS_b read the large
  // operand as stored, not transposed.
  core::Batch<S> dVt = core::Batch<S>::Zero(dO.cols(), P.cols()), dKt = core::Batch<S>::Zero(Q.cols(), P.cols());
  core::Batch<S> dP;  // dO V^T for one block of queries (core's products)
  const Eigen::Index block = query_block<S>(P.cols());
  for (Eigen::Index from = 0; from < P.rows(); from += block) {
    const Eigen::Index rows = std::min(block, P.rows() - from);
    const S beta = from > 0 ? S(1) : S(0);
    const auto Pb = P.middleRows(from, rows);
    const auto dOb = dO.middleRows(from, rows);
    auto dS = g.dScores.middleRows(from, rows);
    auto dQb = g.dQ.middleRows(from, rows);
    core::batch_product<S>(dOb, core::Op::transpose, Pb, core::Op::none, S(1), beta, dVt);
    if constexpr (std::is_same_v<S, float>) {
      if (own) {
        ap::softmax_jvp_product(rows, 1.0f, dOb.data(), dO.outerStride(), 1, *Vt, Pb.data(), P.outerStride(),
                                rowdot.data() + from, dS.data(), dS.outerStride());
        ap::product(rows, factor, dS.data(), dS.outerStride(), 1, *Kp, dQb.data(), dQb.outerStride(), false);
      }
    }
    if (!own) {
      dP.resize(rows, P.cols());
      core::batch_product<S>(dOb, core::Op::none, V, core::Op::transpose, S(1), S(0), dP);
      softmax_jvp_rows<S>(Pb, dP, dS);
      core::batch_product<S>(dS, core::Op::none, K, core::Op::none, factor, S(0), dQb);
    }
    core::batch_product<S>(Q.middleRows(from, rows), core::Op::transpose, dS, core::Op::none, factor, beta, dKt);
  }
  g.dV = dVt.transpose();
  g.dK = dKt.transpose();
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
