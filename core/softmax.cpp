#include "core/softmax.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace arbiter::core {
namespace {

// Logits are processed in blocks small enough to stay in L1: each block's maximum and exponentials are
// taken once, and a running (maximum, sum) pair combines the blocks, so long inputs need one exp per entry,
// one read of the logits and one pass over the output to rescale.
constexpr Eigen::Index kBlock = 2048;

template <class S> using ConstArrayMap = Eigen::Map<const Eigen::Array<S, Eigen::Dynamic, 1>>;
template <class S> using ArrayMap = Eigen::Map<Eigen::Array<S, Eigen::Dynamic, 1>>;

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

// Scales (x - m) by 1/T; division where 1/T overflows (tiny T), so the maximal entries stay exactly 0.
template <class S> struct Scaled {
  S T;
  S inv;
  bool divide;
  explicit Scaled(S t) : T(t), inv(S(1) / t), divide(!std::isfinite(S(1) / t)) {}
};

// Running log-sum-exp state over blocks: sum_i exp((x_i - m) / T) = s.
template <class S> struct RunningLse {
  S m = -std::numeric_limits<S>::infinity();
  S s = S(0);
  void add_block(S bm, S bs, const Scaled<S>& sc) {
    if (bm <= m) {
      s += bs * std::exp(sc.divide ? (bm - m) / sc.T : (bm - m) * sc.inv);
    } else {
      s = s * (m == -std::numeric_limits<S>::infinity() ? S(0)
                                                         : std::exp(sc.divide ? (m - bm) / sc.T : (m - bm) * sc.inv)) +
          bs;
      m = bm;
    }
  }
};

// exp(a) for a <= 0, with results below the smallest normal number flushed to exactly 0: Eigen's packet exp
// clamps its argument (exp(-1e30) would come out near 1e-308, and exp(-inf) likewise), so a huge gap or a
// masked entry would otherwise keep a tiny non-zero probability. NaN passes through, to be reported.
template <class S, class Expr> auto flushed_exp(const Expr& a) {
  const S lowest = std::log(std::numeric_limits<S>::min());
  return (a < lowest).select(S(0), a.exp());
}

template <class S> S block_exp_sum(const S* x, Eigen::Index n, S bm, const Scaled<S>& sc, S* out) {
  ConstArrayMap<S> xb(x, n);
  if (out) {
    ArrayMap<S> ob(out, n);
    if (sc.divide) ob = flushed_exp<S>((xb - bm) / sc.T);
    else ob = flushed_exp<S>((xb - bm) * sc.inv);
    return ob.sum();
  }
  if (sc.divide) return flushed_exp<S>((xb - bm) / sc.T).sum();
  return flushed_exp<S>((xb - bm) * sc.inv).sum();
}

// Fills out with exp((x - m_block)/T) per block and returns the global (m, s); the caller rescales.
template <class S> RunningLse<S> lse_pass(const S* x, Eigen::Index n, const Scaled<S>& sc, S* out,
                                          S* block_max) {
  RunningLse<S> acc;
  for (Eigen::Index b = 0, k = 0; b < n; b += kBlock, ++k) {
    const Eigen::Index len = std::min(kBlock, n - b);
    const S bm = ConstArrayMap<S>(x + b, len).maxCoeff();
    if (bm == -std::numeric_limits<S>::infinity()) {
      if (out) ArrayMap<S>(out + b, len).setZero();
      if (block_max) block_max[k] = bm;
      continue;
    }
    const S bs = block_exp_sum(x + b, len, bm, sc, out ? out + b : nullptr);
    if (block_max) block_max[k] = bm;
    acc.add_block(bm, bs, sc);
  }
  return acc;
}

template <class S> void softmax_kernel(const char* what, const S* x, S* out, Eigen::Index n, S T) {
  check_temperature(T);
  check_size<S>(what, n);
  if (T == std::numeric_limits<S>::infinity()) {
    // Every logit above -inf is equally likely; NaN and +inf are still rejected.
    ArrayMap<S> o(out, n);
    for (Eigen::Index i = 0; i < n; ++i) {
      if (std::isnan(x[i]) || x[i] == std::numeric_limits<S>::infinity()) throw_bad_logit(what, i, x[i]);
    }
    const Eigen::Index live = (ConstArrayMap<S>(x, n) > -std::numeric_limits<S>::infinity()).count();
    if (live == 0) report_bad_input(what, x, n);
    o = (ConstArrayMap<S>(x, n) > -std::numeric_limits<S>::infinity()).template cast<S>() / S(live);
    return;
  }
  const Scaled<S> sc(T);
  const Eigen::Index blocks = (n + kBlock - 1) / kBlock;
  if (blocks == 1) {
    const S m = ConstArrayMap<S>(x, n).maxCoeff();
    if (!(m > -std::numeric_limits<S>::infinity()) || !std::isfinite(m)) report_bad_input(what, x, n);
    const S s = block_exp_sum(x, n, m, sc, out);
    if (!std::isfinite(s)) report_bad_input(what, x, n);
    ArrayMap<S>(out, n) *= S(1) / s;
    return;
  }
  std::vector<S> block_max(static_cast<std::size_t>(blocks));
  const RunningLse<S> acc = lse_pass(x, n, sc, out, block_max.data());
  if (!std::isfinite(acc.m) || !std::isfinite(acc.s)) report_bad_input(what, x, n);
  for (Eigen::Index b = 0, k = 0; b < n; b += kBlock, ++k) {
    const Eigen::Index len = std::min(kBlock, n - b);
    if (block_max[k] == -std::numeric_limits<S>::infinity()) continue;
    const S scale = std::exp(sc.divide ? (block_max[k] - acc.m) / T : (block_max[k] - acc.m) * sc.inv) / acc.s;
    ArrayMap<S>(out + b, len) *= scale;
  }
}

template <class S> S lse_kernel(const char* what, const S* x, Eigen::Index n, S T) {
  check_temperature(T);
  check_size<S>(what, n);
  if (T == std::numeric_limits<S>::infinity()) {
    for (Eigen::Index i = 0; i < n; ++i)
      if (std::isnan(x[i]) || x[i] == std::numeric_limits<S>::infinity()) throw_bad_logit(what, i, x[i]);
    const Eigen::Index live = (ConstArrayMap<S>(x, n) > -std::numeric_limits<S>::infinity()).count();
    if (live == 0) report_bad_input(what, x, n);
    return std::log(S(live));
  }
  const Scaled<S> sc(T);
  const RunningLse<S> acc = lse_pass<S>(x, n, sc, nullptr, nullptr);
  if (!std::isfinite(acc.m) || !std::isfinite(acc.s)) report_bad_input(what, x, n);
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
  for (Eigen::Index r = 0; r < logits.rows(); ++r)
    softmax_kernel("softmax_rows", logits.row(r).data(), out.row(r).data(), logits.cols(), T);
}

template <class S> Batch<S> softmax_rows(BatchCRef<S> logits, S T) {
  Batch<S> out(logits.rows(), logits.cols());
  softmax_rows<S>(logits, out, T);
  return out;
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
