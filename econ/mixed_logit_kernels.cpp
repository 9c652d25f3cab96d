// The portable loops are Eigen expressions; the AVX2 + FMA copies (x86 builds without -mavx2 -mfma) are
// functions with the target attribute, chosen per call by core's switch. The AVX2 sums keep one packet
// accumulator per output (and per packet of 8 floats or 4 doubles), add the lanes in double and then the ragged
// end in order: a fixed order for a given R, whatever the thread.
#include "econ/mixed_logit_kernels.hpp"

#include <Eigen/Core>

#include "core/exp_kernels_avx2.hpp"

#if ARBITER_AVX2_DISPATCH
#include <immintrin.h>
#endif

namespace arbiter::econ::kernels {
namespace {

template <class S> using ConstRow = Eigen::Map<const Eigen::Array<S, 1, Eigen::Dynamic>>;

template <class S>
void utility_row_portable(S c, const S* a, const S* const* src, int D, std::ptrdiff_t R, S* out) {
  Eigen::Map<Eigen::Array<S, 1, Eigen::Dynamic>> v(out, R);
  auto z = [&](int d) { return ConstRow<S>(src[d], R); };
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

template <class S>
void weighted_sums_portable(const S* w, const S* p, const S* const* g, int G, std::ptrdiff_t R, double* t) {
  const Eigen::Array<S, 1, Eigen::Dynamic> wp = ConstRow<S>(w, R) * ConstRow<S>(p, R);
  t[0] = static_cast<double>(wp.sum());
  for (int j = 0; j < G; ++j)
    t[1 + j] = g[j] ? static_cast<double>((wp * ConstRow<S>(g[j], R)).sum()) : t[0];
}

#if ARBITER_AVX2_DISPATCH
#define kAvx2 __attribute__((target("avx2,fma")))

kAvx2 inline __m256 load(const float* x) { return _mm256_loadu_ps(x); }
kAvx2 inline __m256d load(const double* x) { return _mm256_loadu_pd(x); }
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

template <class S>
kAvx2 void utility_row_avx2(S c, const S* a, const S* const* src, int D, std::ptrdiff_t R, S* v) {
  constexpr std::ptrdiff_t L = kLanes<S>;
  const auto cv = splat(c);
  std::ptrdiff_t r = 0;
  if (D <= 4) {
    decltype(splat(c)) av[4];
    for (int d = 0; d < D; ++d) av[d] = splat(a[d]);
    for (; r + L <= R; r += L) {
      auto x = cv;
      for (int d = 0; d < D; ++d) x = fma(av[d], load(src[d] + r), x);
      store(v + r, x);
    }
  } else {
    for (; r + L <= R; r += L) {
      auto x = cv;
      for (int d = 0; d < D; ++d) x = fma(splat(a[d]), load(src[d] + r), x);
      store(v + r, x);
    }
  }
  for (; r < R; ++r) {
    S x = c;
    for (int d = 0; d < D; ++d) x = __builtin_fma(a[d], src[d][r], x);
    v[r] = x;
  }
}

// Sums t[0] (when first) and t[1 + j0 + j] for j < B over the packets, then the ragged end.
template <class S, int B>
kAvx2 void weighted_block(const S* w, const S* p, const S* const* g, int j0, bool first, std::ptrdiff_t R, double* t) {
  constexpr std::ptrdiff_t L = kLanes<S>;
  auto acc0 = zero(S());
  decltype(acc0) acc[B > 0 ? B : 1];
  for (int j = 0; j < B; ++j) acc[j] = zero(S());
  std::ptrdiff_t r = 0;
  for (; r + L <= R; r += L) {
    const auto u = mul(load(w + r), load(p + r));
    if (first) acc0 = add(acc0, u);
    for (int j = 0; j < B; ++j) acc[j] = fma(u, load(g[j0 + j] + r), acc[j]);
  }
  double s0 = lanes_sum(acc0), s[B > 0 ? B : 1];
  for (int j = 0; j < B; ++j) s[j] = lanes_sum(acc[j]);
  for (; r < R; ++r) {
    const S u = w[r] * p[r];
    s0 += static_cast<double>(u);
    for (int j = 0; j < B; ++j) s[j] += static_cast<double>(u * g[j0 + j][r]);
  }
  if (first) t[0] = s0;
  for (int j = 0; j < B; ++j) t[1 + j0 + j] = s[j];
}

template <class S>
kAvx2 void weighted_sums_avx2(const S* w, const S* p, const S* const* g, int G, std::ptrdiff_t R, double* t) {
  // Terms with a factor, in blocks of up to 4 (t[0] with the first); null factors copy t[0] at the end.
  const S* fac[64];
  int idx[64], F = 0;
  for (int j = 0; j < G; ++j)
    if (g[j] && F < 64) {
      fac[F] = g[j];
      idx[F++] = j;
    }
  double tf[65];
  bool first = true;
  int j0 = 0;
  do {
    const int b = F - j0 < 4 ? F - j0 : 4;
    switch (b) {
      case 0: weighted_block<S, 0>(w, p, fac, j0, first, R, tf); break;
      case 1: weighted_block<S, 1>(w, p, fac, j0, first, R, tf); break;
      case 2: weighted_block<S, 2>(w, p, fac, j0, first, R, tf); break;
      case 3: weighted_block<S, 3>(w, p, fac, j0, first, R, tf); break;
      default: weighted_block<S, 4>(w, p, fac, j0, first, R, tf); break;
    }
    first = false;
    j0 += b;
  } while (j0 < F);
  t[0] = tf[0];
  for (int j = 0; j < G; ++j) t[1 + j] = t[0];
  for (int f = 0; f < F; ++f) t[1 + idx[f]] = tf[1 + f];
}

#undef kAvx2
#endif

}  // namespace

template <class S>
void utility_row(S c, const S* a, const S* const* src, int D, std::ptrdiff_t R, S* v) {
#if ARBITER_AVX2_DISPATCH
  if (core::kernels::avx2::enabled()) return utility_row_avx2<S>(c, a, src, D, R, v);
#endif
  utility_row_portable<S>(c, a, src, D, R, v);
}

template <class S>
void weighted_sums(const S* w, const S* p, const S* const* g, int G, std::ptrdiff_t R, double* t) {
#if ARBITER_AVX2_DISPATCH
  if (core::kernels::avx2::enabled() && G <= 64) return weighted_sums_avx2<S>(w, p, g, G, R, t);
#endif
  weighted_sums_portable<S>(w, p, g, G, R, t);
}

template void utility_row<float>(float, const float*, const float* const*, int, std::ptrdiff_t, float*);
template void utility_row<double>(double, const double*, const double* const*, int, std::ptrdiff_t, double*);
template void weighted_sums<float>(const float*, const float*, const float* const*, int, std::ptrdiff_t, double*);
template void weighted_sums<double>(const double*, const double*, const double* const*, int, std::ptrdiff_t, double*);

}  // namespace arbiter::econ::kernels
