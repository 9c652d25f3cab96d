// The utilities: exp_kernels' AVX2 loop on wider packets (c, then a[d] z_d + x fused for d = 0 .. D - 1), the
// ragged end under a mask (a masked lane's fused multiply-add is std::fma's). The weighted sums: the AVX2 copy
// keeps one accumulator of L lanes (4 doubles, 8 floats) per sum, lane l adding the terms r = l, l + L, ... in
// order, then adds the lanes in double and the ragged end. That order is a chain per lane that no width can
// shorten, so here one 512-bit register holds two sums' accumulators side by side (t[0]'s with a factor of
// ones, as fma(u, 1, s) rounds as u + s), up to 12 sums in one pass over w and p: the same chains, more of them
// in flight. The ragged end repeats the AVX2 copy's scalar loop (detail::ragged_term).
// GCC 12 warns of uninitialised variables inside its own avx512fintrin.h (the "undefined" pass-through registers
// of the unmasked intrinsics): not ours.
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include "econ/mixed_logit_kernels_avx512.hpp"

#include "econ/mixed_logit_kernels.hpp"

#include "core/exp_kernels_avx2.hpp"

#if ARBITER_AVX2_DISPATCH
#include <immintrin.h>

#include <cstdint>
#endif

namespace arbiter::econ::kernels::avx512 {

#if !ARBITER_AVX2_DISPATCH

template <class S, class Z> void utility_row(S, const S*, const Z* const*, int, std::ptrdiff_t, S*) {}
template <class S, class Z> bool weighted_sums(const S*, const S*, const Z* const*, int, std::ptrdiff_t, double*) {
  return false;
}

#else

namespace {

#define kAvx512 __attribute__((target("avx512f,avx512dq,avx2,fma")))

// ---- the utilities: a packet of S from Z under a mask of the first lanes ----

kAvx512 inline __m512d load_masked(const double* x, __mmask16 m) {
  return _mm512_maskz_loadu_pd(static_cast<__mmask8>(m), x);
}
kAvx512 inline __m512d load_masked_d(const float* x, __mmask16 m) {
  return _mm512_cvtps_pd(_mm512_castps512_ps256(_mm512_maskz_loadu_ps(m, x)));
}
kAvx512 inline __m512 load_masked(const float* x, __mmask16 m) { return _mm512_maskz_loadu_ps(m, x); }
template <class S> kAvx512 inline auto load_packet(const S* x, __mmask16 m) { return load_masked(x, m); }
template <class S> kAvx512 inline auto load_packet(const float* x, __mmask16 m) {
  if constexpr (sizeof(S) == 4) return load_masked(x, m);
  else return load_masked_d(x, m);
}
kAvx512 inline void store_masked(double* x, __m512d v, __mmask16 m) {
  _mm512_mask_storeu_pd(x, static_cast<__mmask8>(m), v);
}
kAvx512 inline void store_masked(float* x, __m512 v, __mmask16 m) { _mm512_mask_storeu_ps(x, m, v); }
kAvx512 inline __m512d splat(double x) { return _mm512_set1_pd(x); }
kAvx512 inline __m512 splat(float x) { return _mm512_set1_ps(x); }
kAvx512 inline __m512d fma(__m512d a, __m512d b, __m512d c) { return _mm512_fmadd_pd(a, b, c); }
kAvx512 inline __m512 fma(__m512 a, __m512 b, __m512 c) { return _mm512_fmadd_ps(a, b, c); }

template <class S> constexpr std::ptrdiff_t kWide = 64 / sizeof(S);

template <class S, class Z>
kAvx512 void utility_row_t(S c, const S* a, const Z* const* src, int D, std::ptrdiff_t R, S* v) {
  constexpr std::ptrdiff_t L = kWide<S>;
  constexpr auto all = static_cast<__mmask16>((1u << L) - 1);
  const auto cv = splat(c);
  auto packet = [&](std::ptrdiff_t r, __mmask16 m) kAvx512 {
    auto x = cv;
    for (int d = 0; d < D; ++d) x = fma(splat(a[d]), load_packet<S>(src[d] + r, m), x);
    store_masked(v + r, x, m);
  };
  std::ptrdiff_t r = 0;
  for (; r + L <= R; r += L) packet(r, all);
  if (r < R) packet(r, static_cast<__mmask16>((1u << (R - r)) - 1));
}

// ---- the weighted sums: two sums' accumulators of L lanes in one register ----

template <class S> constexpr std::ptrdiff_t kLanes = 32 / sizeof(S);  // the AVX2 copy's packet

// u = w p, the L lanes of the AVX2 packet at r in both halves.
kAvx512 inline __m512d both_halves(const double* w, const double* p) {
  return _mm512_mul_pd(_mm512_broadcast_f64x4(_mm256_loadu_pd(w)), _mm512_broadcast_f64x4(_mm256_loadu_pd(p)));
}
kAvx512 inline __m512 both_halves(const float* w, const float* p) {
  return _mm512_mul_ps(_mm512_broadcast_f32x8(_mm256_loadu_ps(w)), _mm512_broadcast_f32x8(_mm256_loadu_ps(p)));
}
// The factors of two sums at r side by side as S (a null `lo`: ones).
kAvx512 inline __m256d half(const double* z) { return _mm256_loadu_pd(z); }
kAvx512 inline __m256d half_d(const float* z) { return _mm256_cvtps_pd(_mm_loadu_ps(z)); }
kAvx512 inline __m512d pair(const double* lo, const double* hi, std::ptrdiff_t r) {
  const __m512d low = lo ? _mm512_castpd256_pd512(half(lo + r)) : _mm512_set1_pd(1.0);
  return _mm512_insertf64x4(low, half(hi + r), 1);
}
kAvx512 inline __m512d pair_d(const float* lo, const float* hi, std::ptrdiff_t r) {
  const __m512d low = lo ? _mm512_castpd256_pd512(half_d(lo + r)) : _mm512_set1_pd(1.0);
  return _mm512_insertf64x4(low, half_d(hi + r), 1);
}
kAvx512 inline __m512 pair(const float* lo, const float* hi, std::ptrdiff_t r) {
  const __m512 low = lo ? _mm512_castps256_ps512(_mm256_loadu_ps(lo + r)) : _mm512_set1_ps(1.0f);
  return _mm512_insertf32x8(low, _mm256_loadu_ps(hi + r), 1);
}
template <class S> kAvx512 inline auto pair_of(const S* lo, const S* hi, std::ptrdiff_t r) { return pair(lo, hi, r); }
template <class S> kAvx512 inline auto pair_of(const float* lo, const float* hi, std::ptrdiff_t r) {
  if constexpr (sizeof(S) == 4) return pair(lo, hi, r);
  else return pair_d(lo, hi, r);
}
kAvx512 inline __m512d zero(double) { return _mm512_setzero_pd(); }
kAvx512 inline __m512 zero(float) { return _mm512_setzero_ps(); }

// The AVX2 copy's lanes_sum of each half: the lanes added in double, in lane order.
kAvx512 inline double lanes_sum(__m256d s) {
  const __m128d q = _mm_add_pd(_mm256_castpd256_pd128(s), _mm256_extractf128_pd(s, 1));
  return _mm_cvtsd_f64(_mm_add_sd(q, _mm_unpackhi_pd(q, q)));
}
kAvx512 inline double lanes_sum(__m256 v) {
  return lanes_sum(_mm256_add_pd(_mm256_cvtps_pd(_mm256_castps256_ps128(v)), _mm256_cvtps_pd(_mm256_extractf128_ps(v, 1))));
}
kAvx512 inline double low_sum(__m512d v) { return lanes_sum(_mm512_castpd512_pd256(v)); }
kAvx512 inline double high_sum(__m512d v) { return lanes_sum(_mm512_extractf64x4_pd(v, 1)); }
kAvx512 inline double low_sum(__m512 v) { return lanes_sum(_mm512_castps512_ps256(v)); }
kAvx512 inline double high_sum(__m512 v) { return lanes_sum(_mm512_extractf32x8_ps(v, 1)); }

// The sums of NP pairs: sum 2q with factor lo[q] (null: ones, t[0]'s), sum 2q + 1 with hi[q]; into out[2q],
// out[2q + 1].
template <class S, class Z, int NP>
kAvx512 void pairs_block(const S* w, const S* p, const Z* const* lo, const Z* const* hi, std::ptrdiff_t R,
                         double* out) {
  constexpr std::ptrdiff_t L = kLanes<S>;
  decltype(zero(S())) acc[NP];
  for (int q = 0; q < NP; ++q) acc[q] = zero(S());
  std::ptrdiff_t r = 0;
  for (; r + L <= R; r += L) {
    const auto u = both_halves(w + r, p + r);
    for (int q = 0; q < NP; ++q) acc[q] = fma(u, pair_of<S>(lo[q], hi[q], r), acc[q]);
  }
  double s[2 * NP];
  for (int q = 0; q < NP; ++q) {
    s[2 * q] = low_sum(acc[q]);
    s[2 * q + 1] = high_sum(acc[q]);
  }
  for (; r < R; ++r) {
    const S u = w[r] * p[r];
    for (int q = 0; q < NP; ++q) {
      s[2 * q] = lo[q] ? detail::ragged_term(u, static_cast<S>(lo[q][r]), s[2 * q]) : s[2 * q] + static_cast<double>(u);
      s[2 * q + 1] = detail::ragged_term(u, static_cast<S>(hi[q][r]), s[2 * q + 1]);
    }
  }
  for (int i = 0; i < 2 * NP; ++i) out[i] = s[i];
}

template <class S, class Z>
kAvx512 bool weighted_sums_t(const S* w, const S* p, const Z* const* g, int G, std::ptrdiff_t R, double* t) {
  // The sums' factors: null for t[0], then each non-null g[j]; an odd count padded with a repeat (dropped).
  const Z* fac[66];
  int idx[65], F = 0;
  fac[F++] = nullptr;
  for (int j = 0; j < G && F < 65; ++j)
    if (g[j]) {
      idx[F] = j;
      fac[F++] = g[j];
    }
  if (F == 1) return false;
  const int sums = F;
  if (F % 2) {
    fac[F] = fac[F - 1];
    ++F;
  }
  const Z* lo[33];
  const Z* hi[33];
  for (int q = 0; q < F / 2; ++q) {
    lo[q] = fac[2 * q];
    hi[q] = fac[2 * q + 1];
  }
  double tf[66];
  // As the AVX2 copy: float denormal products flushed to zero, the caller's control word restored after.
  const unsigned int csr = _mm_getcsr();
  if constexpr (sizeof(S) == 4) _mm_setcsr(csr | 0x8040u);  // FTZ and DAZ
  for (int q0 = 0; q0 < F / 2;) {
    const int b = F / 2 - q0 < 6 ? F / 2 - q0 : 6;
    switch (b) {
      case 1: pairs_block<S, Z, 1>(w, p, lo + q0, hi + q0, R, tf + 2 * q0); break;
      case 2: pairs_block<S, Z, 2>(w, p, lo + q0, hi + q0, R, tf + 2 * q0); break;
      case 3: pairs_block<S, Z, 3>(w, p, lo + q0, hi + q0, R, tf + 2 * q0); break;
      case 4: pairs_block<S, Z, 4>(w, p, lo + q0, hi + q0, R, tf + 2 * q0); break;
      case 5: pairs_block<S, Z, 5>(w, p, lo + q0, hi + q0, R, tf + 2 * q0); break;
      default: pairs_block<S, Z, 6>(w, p, lo + q0, hi + q0, R, tf + 2 * q0); break;
    }
    q0 += b;
  }
  if constexpr (sizeof(S) == 4) _mm_setcsr(csr);
  t[0] = tf[0];
  for (int j = 0; j < G; ++j) t[1 + j] = t[0];
  for (int f = 1; f < sums; ++f) t[1 + idx[f]] = tf[f];
  return true;
}

#undef kAvx512

}  // namespace

template <class S, class Z>
void utility_row(S c, const S* a, const Z* const* src, int D, std::ptrdiff_t R, S* v) {
  utility_row_t<S, Z>(c, a, src, D, R, v);
}

template <class S, class Z>
bool weighted_sums(const S* w, const S* p, const Z* const* g, int G, std::ptrdiff_t R, double* t) {
  return weighted_sums_t<S, Z>(w, p, g, G, R, t);
}

#endif

#define ARBITER_INSTANTIATE(S, Z)                                                                          \
  template void utility_row<S, Z>(S, const S*, const Z* const*, int, std::ptrdiff_t, S*);                   \
  template bool weighted_sums<S, Z>(const S*, const S*, const Z* const*, int, std::ptrdiff_t, double*);
ARBITER_INSTANTIATE(float, float)
ARBITER_INSTANTIATE(double, double)
ARBITER_INSTANTIATE(double, float)
#undef ARBITER_INSTANTIATE

}  // namespace arbiter::econ::kernels::avx512
