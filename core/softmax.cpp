#include "core/softmax.hpp"

#include "core/exp_kernels.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>

namespace arbiter::core {
namespace {

// Short inputs (up to kCached entries, which stay in cache) take three passes: the maximum, the
// exponentials stored and summed, and a rescale. Longer ones take the online-normaliser two passes: one
// pass gives the running (maximum, sum) pair, then one pass writes exp((x - m) / T) / s, so the logits are
// read twice and the output written once. Outputs of kStreamBytes or more (a vector, or a whole batch of
// rows) are written with streaming stores, which do not first read the output's lines into the cache. The
// loops themselves are in exp_kernels.hpp.
constexpr Eigen::Index kBlock = 2048;
constexpr Eigen::Index kCached = 1 << 17;
constexpr std::size_t kStreamBytes = std::size_t(8) << 20;

template <class S> using ConstArrayMap = Eigen::Map<const Eigen::Array<S, Eigen::Dynamic, 1>>;
template <class S> using ArrayMap = Eigen::Map<Eigen::Array<S, Eigen::Dynamic, 1>>;
template <class S> using K = kernels::Packets<S>;

[[noreturn]] void throw_bad_logit(const char* what, Eigen::Index i, double value) {
  throw std::domain_error(std::string(what) + ": logit " + std::to_string(i) + " is " +
                          (std::isnan(value) ? "NaN" : "infinite") + "; logits must be finite numbers");
}

template <class S> [[noreturn]] void report_bad_input(const char* what, const S* x, Eigen::Index n) {
  for (Eigen::Index i = 0; i < n; ++i)
    if (std::isnan(x[i]) || x[i] == std::numeric_limits<S>::infinity()) throw_bad_logit(what, i, x[i]);
  throw std::domain_error(std::string(what) + ": every logit is -inf (nothing has positive probability)");
}

template <class S> void check_size(const char* what, Eigen::Index n) {
  if (n <= 0) throw std::invalid_argument(std::string(what) + ": needs at least one logit");
}

// 1/T, or "divide" when 1/T overflows (tiny T): then (x - m) / T is taken entry by entry, so the maximal
// entries stay exactly 0 and the others go to -inf.
template <class S> struct Scaled {
  S T;
  S inv;
  bool divide;
  explicit Scaled(S t) : T(t), inv(S(1) / t), divide(!std::isfinite(S(1) / t)) {}
  S arg(S x, S m) const { return divide ? (x - m) / T : (x - m) * inv; }
};

// The (maximum, sum of exp((x - m) / T)) of the logits, with the sum over blocks combined online.
template <class S> struct RunningLse {
  S m = -std::numeric_limits<S>::infinity();
  S s = S(0);
  void add_block(S bm, S bs, const Scaled<S>& sc) {
    if (bm <= m) {
      s += bs * std::exp(sc.arg(bm, m));
    } else {
      s = (m == -std::numeric_limits<S>::infinity() ? S(0) : s * std::exp(sc.arg(m, bm))) + bs;
      m = bm;
    }
  }
  bool finite() const { return std::isfinite(m) && std::isfinite(s); }
};

// Scalar sum for the tiny-T case; out (if given) receives the unnormalised exponentials.
template <class S> S divided_exp_sum(const S* x, Eigen::Index n, S m, const Scaled<S>& sc, S* out) {
  S s = 0;
  for (Eigen::Index i = 0; i < n; ++i) {
    const S e = K<S>::scalar_exp(sc.arg(x[i], m));
    if (out) out[i] = e;
    s += e;
  }
  return s;
}

// The online pass over blocks of kBlock entries. Each block's exponentials are taken relative to the running
// reference while the block's own maximum is found; a block whose maximum exceeds it by more than kHeadroom
// (in units of T, where exp could overflow) is redone relative to its own maximum, which becomes the
// reference. kStore: the exponentials also go to out (all -inf blocks get zeros). visit(b, ref, sum) gets
// each block that holds a live entry. Returns the final reference (-inf when every logit is -inf).
template <bool kStore, class S, class Visit>
S online_blocks(const char* what, const S* x, Eigen::Index n, const Scaled<S>& sc, S* out, Visit&& visit) {
  constexpr S kHeadroom = S(60);
  S m = -std::numeric_limits<S>::infinity();
  for (Eigen::Index b = 0; b < n; b += kBlock) {
    const Eigen::Index len = std::min(kBlock, n - b);
    S* o = kStore ? out + b : nullptr;
    S bm = 0, bs = 0;
    const bool fused = m > -std::numeric_limits<S>::infinity();
    if (fused) bs = K<S>::template exp_pass<kStore, true>(x + b, len, m, sc.inv, o, S(1), &bm);
    else bm = K<S>::max(x + b, len);
    if (bm == -std::numeric_limits<S>::infinity()) {
      for (Eigen::Index i = b; i < b + len; ++i)
        if (std::isnan(x[i])) throw_bad_logit(what, i, x[i]);
      if constexpr (kStore)
        if (!fused) std::fill(o, o + len, S(0));
      continue;
    }
    if (!std::isfinite(bm)) report_bad_input(what, x, n);
    if (!fused || sc.arg(bm, m) > kHeadroom) {
      m = bm;
      bs = K<S>::template exp_pass<kStore>(x + b, len, bm, sc.inv, o, S(1));
    }
    visit(b, m, bs);
  }
  return m;
}

template <class S> RunningLse<S> running_lse(const char* what, const S* x, Eigen::Index n, const Scaled<S>& sc) {
  RunningLse<S> acc;
  if (n <= kCached || sc.divide) {
    acc.m = K<S>::max(x, n);
    if (!(acc.m > -std::numeric_limits<S>::infinity()) || !std::isfinite(acc.m)) report_bad_input(what, x, n);
    acc.s = sc.divide ? divided_exp_sum(x, n, acc.m, sc, static_cast<S*>(nullptr))
                      : K<S>::template exp_pass<false>(x, n, acc.m, sc.inv, nullptr, S(1));
  } else {
    online_blocks<false>(what, x, n, sc, static_cast<S*>(nullptr),
                         [&](Eigen::Index, S ref, S sum) { acc.add_block(ref, sum, sc); });
    if (!(acc.m > -std::numeric_limits<S>::infinity())) report_bad_input(what, x, n);
  }
  if (!acc.finite()) report_bad_input(what, x, n);
  return acc;
}

template <class S> void check_live(const char* what, const S* x, Eigen::Index n) {
  for (Eigen::Index i = 0; i < n; ++i)
    if (std::isnan(x[i]) || x[i] == std::numeric_limits<S>::infinity()) throw_bad_logit(what, i, x[i]);
  if ((ConstArrayMap<S>(x, n) > -std::numeric_limits<S>::infinity()).count() == 0) report_bad_input(what, x, n);
}

// Inputs of kFusedMin to kCached entries: online_blocks stores each block's exponentials against the
// running reference, with the block sums, then each block is rescaled to the final reference and sum. A
// block whose reference lies more than 40 T below the final one is recomputed against it instead, so no
// scale factor comes near underflow.
constexpr Eigen::Index kFusedMin = 8 * kBlock;

template <class S> void fused_cached_softmax(const char* what, const S* x, S* out, Eigen::Index n, const Scaled<S>& sc) {
  constexpr S kFar = S(-40), kNone = -std::numeric_limits<S>::infinity();
  S ref[kCached / kBlock], sums[kCached / kBlock];
  std::fill(ref, ref + kCached / kBlock, kNone);
  const S m = online_blocks<true>(what, x, n, sc, out, [&](Eigen::Index b, S r, S sum) {
    ref[b / kBlock] = r;
    sums[b / kBlock] = sum;
  });
  if (!(m > kNone)) report_bad_input(what, x, n);
  S s = 0;
  for (Eigen::Index k = 0; k * kBlock < n; ++k)
    if (ref[k] > kNone) s += sums[k] * std::exp(sc.arg(ref[k], m));
  if (!std::isfinite(s)) report_bad_input(what, x, n);
  for (Eigen::Index k = 0, b = 0; b < n; ++k, b += kBlock) {
    if (ref[k] == kNone) continue;  // every entry -inf: already zeros
    const Eigen::Index len = std::min(kBlock, n - b);
    const S shift = sc.arg(ref[k], m);
    if (shift < kFar) K<S>::template exp_pass<true>(x + b, len, m, sc.inv, out + b, S(1) / s);
    else K<S>::scale(out + b, len, std::exp(shift) / s);
  }
}

// softmax into out; `scratch` (n entries, or null) holds the unnormalised exponentials of a short input so
// that out is written once, by streaming stores.
template <class S>
void softmax_kernel(const char* what, const S* x, S* out, Eigen::Index n, S T, S* scratch = nullptr) {
  check_temperature(T);
  check_size<S>(what, n);
  if (T == std::numeric_limits<S>::infinity()) {
    // Every logit above -inf is equally likely; NaN and +inf are still rejected.
    check_live(what, x, n);
    const auto live = ConstArrayMap<S>(x, n) > -std::numeric_limits<S>::infinity();
    ArrayMap<S>(out, n) = live.template cast<S>() / S(live.count());
    return;
  }
  const Scaled<S> sc(T);
  if (sc.divide) {
    const RunningLse<S> acc = running_lse(what, x, n, sc);
    divided_exp_sum(x, n, acc.m, sc, out);
    K<S>::scale(out, n, S(1) / acc.s);
    return;
  }
  if (n > kFusedMin && n <= kCached && !scratch) {
    fused_cached_softmax(what, x, out, n, sc);
    return;
  }
  if (n <= kCached) {
    const S m = K<S>::max(x, n);
    if (!(m > -std::numeric_limits<S>::infinity()) || !std::isfinite(m)) report_bad_input(what, x, n);
    const S s = K<S>::template exp_pass<true>(x, n, m, sc.inv, scratch ? scratch : out, S(1));
    if (!std::isfinite(s)) report_bad_input(what, x, n);
    if (scratch) K<S>::stream_scaled(scratch, n, S(1) / s, out);
    else K<S>::scale(out, n, S(1) / s);
    return;
  }
  const RunningLse<S> acc = running_lse(what, x, n, sc);
  if (static_cast<std::size_t>(n) * sizeof(S) < kStreamBytes) {
    K<S>::template exp_pass<true>(x, n, acc.m, sc.inv, out, S(1) / acc.s);
    return;
  }
  K<S>::exp_store_streamed(x, n, acc.m, sc.inv, out, S(1) / acc.s);
  kernels::stream_fence();
}

template <class S> S lse_kernel(const char* what, const S* x, Eigen::Index n, S T) {
  check_temperature(T);
  check_size<S>(what, n);
  if (T == std::numeric_limits<S>::infinity()) {
    check_live(what, x, n);
    return std::log(S((ConstArrayMap<S>(x, n) > -std::numeric_limits<S>::infinity()).count()));
  }
  const Scaled<S> sc(T);
  const RunningLse<S> acc = running_lse(what, x, n, sc);
  return (sc.divide ? acc.m / T : acc.m * sc.inv) + std::log(acc.s);
}

template <class S> Vector<S> apply_mask(const char* what, VectorCRef<S> logits, const Mask& mask) {
  if (mask.size() != logits.size())
    throw std::invalid_argument(std::string(what) + ": mask has " + std::to_string(mask.size()) +
                                " entries for " + std::to_string(logits.size()) + " logits");
  if (!mask.any()) throw std::domain_error(std::string(what) + ": every entry is masked out");
  Vector<S> x = logits;
  for (Eigen::Index i = 0; i < x.size(); ++i)
    if (!mask[i]) x[i] = -std::numeric_limits<S>::infinity();
  return x;
}

}  // namespace

void check_temperature(double T) {
  if (!(T > 0.0))
    throw std::invalid_argument("temperature must be > 0 (or +inf for uniform), got " + std::to_string(T));
}

template <class S> void softmax(VectorCRef<S> logits, VectorRef<S> out, S T) {
  if (out.size() != logits.size()) throw std::invalid_argument("softmax: output size differs from input size");
  softmax_kernel("softmax", logits.data(), out.data(), logits.size(), T);
}

template <class S> Vector<S> softmax(VectorCRef<S> logits, S T) {
  Vector<S> out(logits.size());
  softmax_kernel("softmax", logits.data(), out.data(), logits.size(), T);
  return out;
}

template <class S> void softmax_rows(BatchCRef<S> logits, BatchRef<S> out, S T) {
  if (out.rows() != logits.rows() || out.cols() != logits.cols())
    throw std::invalid_argument("softmax_rows: output shape differs from input shape");
  const Eigen::Index n = logits.cols();
  const bool stream = n <= kCached && static_cast<std::size_t>(out.size()) * sizeof(S) >= kStreamBytes;
  // The scratch row starts on a 64-byte boundary whatever Eigen's alignment in this build.
  Vector<S> buffer(stream ? n + 64 / Eigen::Index(sizeof(S)) : 0);
  S* scratch = buffer.data();
  if (stream) while (reinterpret_cast<std::uintptr_t>(scratch) % 64 != 0) ++scratch;
  for (Eigen::Index r = 0; r < logits.rows(); ++r)
    softmax_kernel("softmax_rows", logits.row(r).data(), out.row(r).data(), n, T, stream ? scratch : nullptr);
  if (stream) kernels::stream_fence();
}

template <class S> Batch<S> softmax_rows(BatchCRef<S> logits, S T) {
  Batch<S> out(logits.rows(), logits.cols());
  softmax_rows<S>(logits, out, T);
  return out;
}

template <class S>
void softmax_segments(VectorCRef<S> logits, const std::int64_t* offsets, Eigen::Index segments, VectorRef<S> out,
                      S T, S* log_z) {
  const char* what = "softmax_segments";
  check_temperature(T);
  if (segments < 0 || out.size() != logits.size() ||
      (segments > 0 && offsets[segments] - offsets[0] != static_cast<std::int64_t>(logits.size())))
    throw std::invalid_argument("softmax_segments: the offsets do not cover the logits, or out differs in size");
  const S* x = logits.data();
  S* o = out.data();
  const std::int64_t base = segments > 0 ? offsets[0] : 0;
  const Scaled<S> sc(T);
  for (Eigen::Index s = 0; s < segments; ++s) {
    const Eigen::Index b = offsets[s] - base, n = offsets[s + 1] - offsets[s];
    if (n <= 0) throw std::invalid_argument("softmax_segments: segment " + std::to_string(s) + " is empty");
    if (T == std::numeric_limits<S>::infinity() || sc.divide) {  // rare: the per-vector kernels
      softmax_kernel(what, x + b, o + b, n, T);
      if (log_z) log_z[s] = lse_kernel(what, x + b, n, T);
      continue;
    }
    const S m = K<S>::max(x + b, n);
    if (!(m > -std::numeric_limits<S>::infinity()) || !std::isfinite(m)) report_bad_input(what, x + b, n);
    for (Eigen::Index i = b; i < b + n; ++i) o[i] = (x[i] - m) * sc.inv;
    if (log_z) log_z[s] = m * sc.inv;
  }
  if (T == std::numeric_limits<S>::infinity() || sc.divide || segments == 0) return;
  if constexpr (K<S>::kBase2)
    for (Eigen::Index i = 0; i < logits.size(); ++i) o[i] *= K<S>::unit();
  K<S>::exp_inplace(o, logits.size());  // every entry by the packet exp, wherever it sits
  for (Eigen::Index s = 0; s < segments; ++s) {
    const Eigen::Index b = offsets[s] - base, n = offsets[s + 1] - offsets[s];
    S sum = 0;
    for (Eigen::Index i = b; i < b + n; ++i) sum += o[i];
    if (!std::isfinite(sum)) report_bad_input(what, x + b, n);
    K<S>::scale(o + b, n, S(1) / sum);
    if (log_z) log_z[s] += std::log(sum);
  }
}

template <class S> void softmax_columns(BatchCRef<S> logits, BatchRef<S> out, S T) {
  const char* what = "softmax_columns";
  check_temperature(T);
  if (out.rows() != logits.rows() || out.cols() != logits.cols())
    throw std::invalid_argument("softmax_columns: output shape differs from input shape");
  const Eigen::Index k = logits.rows(), n = logits.cols();
  if (n == 0) return;
  check_size<S>(what, k);
  const Scaled<S> sc(T);
  auto column_error = [&](Eigen::Index c) {
    const Vector<S> col = logits.col(c);
    try {
      report_bad_input(what, col.data(), k);
    } catch (const std::domain_error& e) {
      throw std::domain_error("softmax_columns: column " + std::to_string(c) + ": " +
                              (std::string(e.what()).substr(std::string(what).size() + 2)));
    }
  };
  if (T == std::numeric_limits<S>::infinity() || sc.divide) {  // rare: the per-vector kernel, column by column
    Vector<S> col(k), p(k);
    for (Eigen::Index c = 0; c < n; ++c) {
      col = logits.col(c);
      try {
        softmax_kernel(what, col.data(), p.data(), k, T);
      } catch (const std::domain_error&) {
        column_error(c);
      }
      out.col(c) = p;
    }
    return;
  }
  // Chunks of kLanes columns: the maximum; (x - m) / T, its exponential and the sums in entry order in one
  // pass; the rescale; each across the chunk's columns (the arithmetic of softmax_segments, lane-wise).
  constexpr Eigen::Index kLanes = 64;
  constexpr S kInf = std::numeric_limits<S>::infinity();
  S m[kLanes], s[kLanes];
  for (Eigen::Index c0 = 0; c0 < n; c0 += kLanes) {
    const Eigen::Index len = std::min(kLanes, n - c0);
    K<S>::max_lanes(logits.data() + c0, logits.outerStride(), k, len, m);
    S bad = 0;  // a count, so that the check vectorises; the failing column is found only on failure
    for (Eigen::Index c = 0; c < len; ++c) bad += m[c] > -kInf && m[c] < kInf ? S(0) : S(1);
    if (bad != S(0))
      for (Eigen::Index c = 0; c < len; ++c)
        if (!(m[c] > -kInf && m[c] < kInf)) column_error(c0 + c);
    std::fill(s, s + len, S(0));
    K<S>::shifted_exp_lanes(logits.data() + c0, logits.outerStride(), out.data() + c0, out.outerStride(), k, len, m,
                            sc.inv, s);
    for (Eigen::Index c = 0; c < len; ++c) bad += s[c] < kInf ? S(0) : S(1);  // NaN or +inf
    if (bad != S(0))
      for (Eigen::Index c = 0; c < len; ++c)
        if (!(s[c] < kInf)) column_error(c0 + c);
    K<S>::scale_lanes(out.data() + c0, out.outerStride(), k, len, s);
  }
}

template <class S> Vector<S> log_softmax(VectorCRef<S> logits, S T) {
  const S lse = lse_kernel("log_softmax", logits.data(), logits.size(), T);
  if (T == std::numeric_limits<S>::infinity()) {
    return (logits.array() > -std::numeric_limits<S>::infinity())
        .select(Vector<S>::Constant(logits.size(), -lse), -std::numeric_limits<S>::infinity());
  }
  const Scaled<S> sc(T);
  if (sc.divide) return (logits.array() / T - lse).matrix();
  return (logits.array() * sc.inv - lse).matrix();
}

template <class S> Batch<S> log_softmax_rows(BatchCRef<S> logits, S T) {
  Batch<S> out(logits.rows(), logits.cols());
  for (Eigen::Index r = 0; r < logits.rows(); ++r)
    out.row(r) = log_softmax<S>(logits.row(r).transpose(), T).transpose();
  return out;
}

template <class S> S log_sum_exp(VectorCRef<S> logits, S T) {
  return lse_kernel("log_sum_exp", logits.data(), logits.size(), T);
}

template <class S> Vector<S> log_sum_exp_rows(BatchCRef<S> logits, S T) {
  Vector<S> out(logits.rows());
  for (Eigen::Index r = 0; r < logits.rows(); ++r)
    out[r] = lse_kernel("log_sum_exp_rows", logits.row(r).data(), logits.cols(), T);
  return out;
}

template <class S> Vector<S> masked_softmax(VectorCRef<S> logits, const Mask& mask, S T) {
  return softmax<S>(apply_mask<S>("masked_softmax", logits, mask), T);
}

template <class S> Vector<S> masked_log_softmax(VectorCRef<S> logits, const Mask& mask, S T) {
  return log_softmax<S>(apply_mask<S>("masked_log_softmax", logits, mask), T);
}

template <class S> S masked_log_sum_exp(VectorCRef<S> logits, const Mask& mask, S T) {
  return log_sum_exp<S>(apply_mask<S>("masked_log_sum_exp", logits, mask), T);
}

double sigmoid(double x) {
  if (std::isnan(x)) throw std::domain_error("sigmoid: input is NaN");
  if (x >= 0) return 1.0 / (1.0 + std::exp(-x));
  const double e = std::exp(x);
  return e / (1.0 + e);
}

template <class S> Vector<S> sigmoid(VectorCRef<S> logits, S T) {
  check_temperature(T);
  Vector<S> out(logits.size());
  for (Eigen::Index i = 0; i < logits.size(); ++i) {
    if (std::isnan(logits[i])) throw_bad_logit("sigmoid", i, logits[i]);
    out[i] = static_cast<S>(sigmoid(static_cast<double>(logits[i]) / static_cast<double>(T)));
  }
  return out;
}

double boltzmann_factor(double delta_e, double beta) {
  if (std::isnan(delta_e) || std::isnan(beta)) throw std::domain_error("boltzmann_factor: NaN input");
  if (beta < 0) throw std::invalid_argument("boltzmann_factor: beta must be >= 0");
  if (delta_e == 0.0 || beta == 0.0) return 1.0;
  return std::exp(-beta * delta_e);
}

template <class S> Vector<S> argmax_distribution(VectorCRef<S> logits) {
  check_size<S>("argmax_distribution", logits.size());
  for (Eigen::Index i = 0; i < logits.size(); ++i)
    if (std::isnan(logits[i])) throw_bad_logit("argmax_distribution", i, logits[i]);
  const S m = logits.maxCoeff();
  const auto is_max = (logits.array() == m);
  return (is_max.template cast<S>() / S(is_max.count())).matrix();
}

#define ARBITER_INSTANTIATE(S)                                                              \
  template void softmax<S>(VectorCRef<S>, VectorRef<S>, S);                                 \
  template Vector<S> softmax<S>(VectorCRef<S>, S);                                          \
  template void softmax_rows<S>(BatchCRef<S>, BatchRef<S>, S);                              \
  template Batch<S> softmax_rows<S>(BatchCRef<S>, S);                                       \
  template void softmax_segments<S>(VectorCRef<S>, const std::int64_t*, Eigen::Index, VectorRef<S>, S, S*); \
  template void softmax_columns<S>(BatchCRef<S>, BatchRef<S>, S);                           \
  template Vector<S> log_softmax<S>(VectorCRef<S>, S);                                      \
  template Batch<S> log_softmax_rows<S>(BatchCRef<S>, S);                                   \
  template S log_sum_exp<S>(VectorCRef<S>, S);                                              \
  template Vector<S> log_sum_exp_rows<S>(BatchCRef<S>, S);                                  \
  template Vector<S> masked_softmax<S>(VectorCRef<S>, const Mask&, S);                      \
  template Vector<S> masked_log_softmax<S>(VectorCRef<S>, const Mask&, S);                  \
  template S masked_log_sum_exp<S>(VectorCRef<S>, const Mask&, S);                          \
  template Vector<S> sigmoid<S>(VectorCRef<S>, S);                                          \
  template Vector<S> argmax_distribution<S>(VectorCRef<S>);
ARBITER_INSTANTIATE(float)
ARBITER_INSTANTIATE(double)
#undef ARBITER_INSTANTIATE

}  // namespace arbiter::core
