// The portable loops are Eigen expressions; the AVX2 + FMA copies (x86 builds without -mavx2 -mfma) are
// functions with the target attribute, chosen per call by core's switch. The AVX2 sums keep one packet
// accumulator per output (and per packet of 8 floats or 4 doubles), add the lanes in double and then the ragged
// end in order: a fixed order for a given R, whatever the thread.
#include "econ/mixed_logit_kernels.hpp"

#include <cmath>

#include <Eigen/Core>

#include "core/exp_kernels_avx2.hpp"
#include "core/lane_kernels_avx512.hpp"
#include "econ/mixed_logit_kernels_avx512.hpp"

#if ARBITER_AVX2_DISPATCH
#include <immintrin.h>
#endif

namespace arbiter::econ::kernels {
namespace {

template <class S> using ConstRow = Eigen::Map<const Eigen::Array<S, 1, Eigen::Dynamic>>;

template <class S, class Z>
void utility_row_portable(S c, const S* a, const Z* const* src, int D, std::ptrdiff_t R, S* out) {
  Eigen::Map<Eigen::Array<S, 1, Eigen::Dynamic>> v(out, R);
  auto z = [&](int d) { return ConstRow<Z>(src[d], R).template cast<S>(); };
  switch (D) {  // one pass over the row for the common sizes
    case 0: v.setConstant(c); break;
    case 1: v = c + a[0] * z(0); break;
    case 2: v = c + a[0] * z(0) + a[1] * z(1); break;
    case 3: v = c + a[0] * z(0) + a[1] * z(1) + a[2] * z(2); break;
    default:
      v = c + a[0] * z(0) + a[1] * z(1) + a[2] * z(2) + a[3] * z(3);
      for (int d = 4; d < D; ++d) v += a[d] * z(d);
  }
}

template <class S, class Z>
void weighted_sums_portable(const S* w, const S* p, const Z* const* g, int G, std::ptrdiff_t R, double* t) {
  const Eigen::Array<S, 1, Eigen::Dynamic> wp = ConstRow<S>(w, R) * ConstRow<S>(p, R);
  t[0] = static_cast<double>(wp.sum());
  for (int j = 0; j < G; ++j)
    t[1 + j] = g[j] ? static_cast<double>((wp * ConstRow<Z>(g[j], R).template cast<S>()).sum()) : t[0];
}

template <class S>
void sum_and_min_portable(const S* p, std::ptrdiff_t R, double* sum, double* min) {
  *sum = ConstRow<S>(p, R).template cast<double>().sum();
  *min = R > 0 ? static_cast<double>(ConstRow<S>(p, R).minCoeff()) : 0.0;
}

#if ARBITER_AVX2_DISPATCH
#define kAvx2 __attribute__((target("avx2,fma")))

// A packet of S from Z: float from float, double from double or from four floats.
template <class S> kAvx2 inline auto load(const S* x) {
  if constexpr (sizeof(S) == 4) return _mm256_loadu_ps(x);
  else return _mm256_loadu_pd(x);
}
template <class S> kAvx2 inline auto load(const float* x) {
  if constexpr (sizeof(S) == 4) return _mm256_loadu_ps(x);
  else return _mm256_cvtps_pd(_mm_loadu_ps(x));
}
kAvx2 inline void store(float* x, __m256 v) { _mm256_storeu_ps(x, v); }
kAvx2 inline void store(double* x, __m256d v) { _mm256_storeu_pd(x, v); }
kAvx2 inline __m256 splat(float x) { return _mm256_set1_ps(x); }
kAvx2 inline __m256d splat(double x) { return _mm256_set1_pd(x); }
kAvx2 inline __m256 fma(__m256 a, __m256 b, __m256 c) { return _mm256_fmadd_ps(a, b, c); }
kAvx2 inline __m256d fma(__m256d a, __m256d b, __m256d c) { return _mm256_fmadd_pd(a, b, c); }
kAvx2 inline __m256 mul(__m256 a, __m256 b) { return _mm256_mul_ps(a, b); }
kAvx2 inline __m256d mul(__m256d a, __m256d b) { return _mm256_mul_pd(a, b); }
kAvx2 inline __m256 add(__m256 a, __m256 b) { return _mm256_add_ps(a, b); }
kAvx2 inline __m256d add(__m256d a, __m256d b) { return _mm256_add_pd(a, b); }
kAvx2 inline __m256 zero(float) { return _mm256_setzero_ps(); }
kAvx2 inline __m256d zero(double) { return _mm256_setzero_pd(); }
// The lanes added in double, in lane order.
kAvx2 inline double lanes_sum(__m256 v) {
  const __m256d s = _mm256_add_pd(_mm256_cvtps_pd(_mm256_castps256_ps128(v)), _mm256_cvtps_pd(_mm256_extractf128_ps(v, 1)));
  const __m128d q = _mm_add_pd(_mm256_castpd256_pd128(s), _mm256_extractf128_pd(s, 1));
  return _mm_cvtsd_f64(_mm_add_sd(q, _mm_unpackhi_pd(q, q)));
}
kAvx2 inline double lanes_sum(__m256d s) {
  const __m128d q = _mm_add_pd(_mm256_castpd256_pd128(s), _mm256_extractf128_pd(s, 1));
  return _mm_cvtsd_f64(_mm_add_sd(q, _mm_unpackhi_pd(q, q)));
}

template <class S> constexpr std::ptrdiff_t kLanes = 32 / sizeof(S);

template <class S, class Z>
kAvx2 void utility_row_avx2(S c, const S* a, const Z* const* src, int D, std::ptrdiff_t R, S* v) {
  constexpr std::ptrdiff_t L = kLanes<S>;
  const auto cv = splat(c);
  std::ptrdiff_t r = 0;
  if (D <= 4) {
    decltype(splat(c)) av[4];
    for (int d = 0; d < D; ++d) av[d] = splat(a[d]);
    for (; r + L <= R; r += L) {
      auto x = cv;
      for (int d = 0; d < D; ++d) x = fma(av[d], load<S>(src[d] + r), x);
      store(v + r, x);
    }
  } else {
    for (; r + L <= R; r += L) {
      auto x = cv;
      for (int d = 0; d < D; ++d) x = fma(splat(a[d]), load<S>(src[d] + r), x);
      store(v + r, x);
    }
  }
  for (; r < R; ++r) {
    S x = c;
    for (int d = 0; d < D; ++d) x = std::fma(a[d], static_cast<S>(src[d][r]), x);
    v[r] = x;
  }
}

// Sums t[0] (when first) and t[1 + j0 + j] for j < B over the packets, then the ragged end.
template <class S, class Z, int B>
kAvx2 void weighted_block(const S* w, const S* p, const Z* const* g, int j0, bool first, std::ptrdiff_t R, double* t) {
  constexpr std::ptrdiff_t L = kLanes<S>;
  auto acc0 = zero(S());
  decltype(acc0) acc[B > 0 ? B : 1];
  for (int j = 0; j < B; ++j) acc[j] = zero(S());
  std::ptrdiff_t r = 0;
  for (; r + L <= R; r += L) {
    const auto u = mul(load<S>(w + r), load<S>(p + r));
    if (first) acc0 = add(acc0, u);
    for (int j = 0; j < B; ++j) acc[j] = fma(u, load<S>(g[j0 + j] + r), acc[j]);
  }
  double s0 = lanes_sum(acc0), s[B > 0 ? B : 1];
  for (int j = 0; j < B; ++j) s[j] = lanes_sum(acc[j]);
  for (; r < R; ++r) {
    const S u = w[r] * p[r];
    s0 += static_cast<double>(u);
    for (int j = 0; j < B; ++j) s[j] += static_cast<double>(u * static_cast<S>(g[j0 + j][r]));
  }
  if (first) t[0] = s0;
  for (int j = 0; j < B; ++j) t[1 + j0 + j] = s[j];
}

template <class S, class Z>
kAvx2 void weighted_sums_avx2(const S* w, const S* p, const Z* const* g, int G, std::ptrdiff_t R, double* t) {
  // Terms with a factor, in blocks of up to 8 (t[0] with the first; a block's sums are independent chains, so
  // more of them in one pass over w and p cost fewer loads and products, and no bits); null factors copy t[0]
  // at the end.
  const Z* fac[64];
  int idx[64], F = 0;
  for (int j = 0; j < G; ++j)
    if (g[j] && F < 64) {
      fac[F] = g[j];
      idx[F++] = j;
    }
  double tf[65];
  // Float posterior weights of a panel reach 1e-40 and below, and products of denormal numbers take
  // microcode assists (here: 5x the loop's time on the Electricity panel): flushed to zero, with the caller's
  // floating-point control word restored after.
  const unsigned int csr = _mm_getcsr();
  if constexpr (sizeof(S) == 4) _mm_setcsr(csr | 0x8040u);  // FTZ and DAZ
  bool first = true;
  int j0 = 0;
  do {
    const int b = F - j0 < 8 ? F - j0 : 8;
    switch (b) {
      case 0: weighted_block<S, Z, 0>(w, p, fac, j0, first, R, tf); break;
      case 1: weighted_block<S, Z, 1>(w, p, fac, j0, first, R, tf); break;
      case 2: weighted_block<S, Z, 2>(w, p, fac, j0, first, R, tf); break;
      case 3: weighted_block<S, Z, 3>(w, p, fac, j0, first, R, tf); break;
      case 4: weighted_block<S, Z, 4>(w, p, fac, j0, first, R, tf); break;
      case 5: weighted_block<S, Z, 5>(w, p, fac, j0, first, R, tf); break;
      case 6: weighted_block<S, Z, 6>(w, p, fac, j0, first, R, tf); break;
      case 7: weighted_block<S, Z, 7>(w, p, fac, j0, first, R, tf); break;
      default: weighted_block<S, Z, 8>(w, p, fac, j0, first, R, tf); break;
    }
    first = false;
    j0 += b;
  } while (j0 < F);
  if constexpr (sizeof(S) == 4) _mm_setcsr(csr);
  t[0] = tf[0];
  for (int j = 0; j < G; ++j) t[1 + j] = t[0];
  for (int f = 0; f < F; ++f) t[1 + idx[f]] = tf[1 + f];
}

// Two double accumulators per packet of S (float: its halves), the minimum in S.
template <class S>
kAvx2 void sum_and_min_avx2(const S* p, std::ptrdiff_t R, double* sum, double* min) {
  constexpr std::ptrdiff_t L = kLanes<S>;
  __m256d s0 = _mm256_setzero_pd(), s1 = s0;
  S m = R > 0 ? p[0] : S(0);
  auto mv = splat(m);
  std::ptrdiff_t r = 0;
  for (; r + L <= R; r += L) {
    const auto v = load<S>(p + r);
    if constexpr (sizeof(S) == 4) {
      mv = _mm256_min_ps(mv, v);
      s0 = _mm256_add_pd(s0, _mm256_cvtps_pd(_mm256_castps256_ps128(v)));
      s1 = _mm256_add_pd(s1, _mm256_cvtps_pd(_mm256_extractf128_ps(v, 1)));
    } else {
      mv = _mm256_min_pd(mv, v);
      s0 = _mm256_add_pd(s0, v);
    }
  }
  S lanes[L];
  store(lanes, mv);
  for (std::ptrdiff_t l = 0; l < L; ++l) m = lanes[l] < m ? lanes[l] : m;
  double s = lanes_sum(_mm256_add_pd(s0, s1));
  for (; r < R; ++r) {
    s += static_cast<double>(p[r]);
    m = p[r] < m ? p[r] : m;
  }
  *sum = s;
  *min = static_cast<double>(m);
}

#undef kAvx2
#endif

}  // namespace

template <class S, class Z>
void utility_row(S c, const S* a, const Z* const* src, int D, std::ptrdiff_t R, S* v) {
#if ARBITER_AVX2_DISPATCH
  if (core::kernels::avx512::enabled()) return avx512::utility_row<S, Z>(c, a, src, D, R, v);
  if (core::kernels::avx2::enabled()) return utility_row_avx2<S, Z>(c, a, src, D, R, v);
#endif
  utility_row_portable<S, Z>(c, a, src, D, R, v);
}

template <class S, class Z>
void weighted_sums(const S* w, const S* p, const Z* const* g, int G, std::ptrdiff_t R, double* t) {
#if ARBITER_AVX2_DISPATCH
  if (core::kernels::avx2::enabled() && G <= 64) return weighted_sums_avx2<S, Z>(w, p, g, G, R, t);
#endif
  weighted_sums_portable<S, Z>(w, p, g, G, R, t);
}

template <class S>
void sum_and_min(const S* p, std::ptrdiff_t R, double* sum, double* min) {
#if ARBITER_AVX2_DISPATCH
  if (core::kernels::avx2::enabled()) return sum_and_min_avx2<S>(p, R, sum, min);
#endif
  sum_and_min_portable<S>(p, R, sum, min);
}

template void sum_and_min<float>(const float*, std::ptrdiff_t, double*, double*);
template void sum_and_min<double>(const double*, std::ptrdiff_t, double*, double*);

#define ARBITER_INSTANTIATE(S, Z)                                                                          \
  template void utility_row<S, Z>(S, const S*, const Z* const*, int, std::ptrdiff_t, S*);                   \
  template void weighted_sums<S, Z>(const S*, const S*, const Z* const*, int, std::ptrdiff_t, double*);
ARBITER_INSTANTIATE(float, float)
ARBITER_INSTANTIATE(double, double)
ARBITER_INSTANTIATE(double, float)
#undef ARBITER_INSTANTIATE

}  // namespace arbiter::econ::kernels
