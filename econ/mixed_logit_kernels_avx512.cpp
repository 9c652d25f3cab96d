// The AVX2 loop (mixed_logit_kernels.cpp's utility_row_avx2) on packets of 8 doubles or 16 floats: c, then
// a[d] z_d + x fused for d = 0 .. D - 1, lane by lane; the ragged end loaded under a mask, zeros past R, and
// stored under it (a lane's fused multiply-add is std::fma's, as in the AVX2 copy's scalar end).
// GCC 12 warns of uninitialised variables inside its own avx512fintrin.h (the "undefined" pass-through registers
// of the unmasked intrinsics): not ours.
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include "econ/mixed_logit_kernels_avx512.hpp"

#include "core/exp_kernels_avx2.hpp"

#if ARBITER_AVX2_DISPATCH
#include <immintrin.h>
#endif

namespace arbiter::econ::kernels::avx512 {

#if !ARBITER_AVX2_DISPATCH

template <class S, class Z> void utility_row(S, const S*, const Z* const*, int, std::ptrdiff_t, S*) {}

#else

namespace {

#define kAvx512 __attribute__((target("avx512f,avx512dq,avx2,fma")))

// A packet of S from Z: all lanes (m all ones: plain loads, faster than masked ones here), or the first lanes
// of m, zeros after.
kAvx512 inline __m512d load(const double* x, __mmask16 m) {
  return m == 0xff ? _mm512_loadu_pd(x) : _mm512_maskz_loadu_pd(static_cast<__mmask8>(m), x);
}
kAvx512 inline __m512d load_d(const float* x, __mmask16 m) {
  return _mm512_cvtps_pd(m == 0xff ? _mm256_loadu_ps(x) : _mm512_castps512_ps256(_mm512_maskz_loadu_ps(m, x)));
}
kAvx512 inline __m512 load(const float* x, __mmask16 m) {
  return m == 0xffff ? _mm512_loadu_ps(x) : _mm512_maskz_loadu_ps(m, x);
}
template <class S> kAvx512 inline auto load_packet(const S* x, __mmask16 m) { return load(x, m); }
template <class S> kAvx512 inline auto load_packet(const float* x, __mmask16 m) {
  if constexpr (sizeof(S) == 4) return load(x, m);
  else return load_d(x, m);
}
kAvx512 inline void store(double* x, __m512d v, __mmask16 m) { _mm512_mask_storeu_pd(x, static_cast<__mmask8>(m), v); }
kAvx512 inline void store(float* x, __m512 v, __mmask16 m) { _mm512_mask_storeu_ps(x, m, v); }
kAvx512 inline __m512d splat(double x) { return _mm512_set1_pd(x); }
kAvx512 inline __m512 splat(float x) { return _mm512_set1_ps(x); }
kAvx512 inline __m512d fma(__m512d a, __m512d b, __m512d c) { return _mm512_fmadd_pd(a, b, c); }
kAvx512 inline __m512 fma(__m512 a, __m512 b, __m512 c) { return _mm512_fmadd_ps(a, b, c); }

template <class S, class Z>
kAvx512 void utility_row_t(S c, const S* a, const Z* const* src, int D, std::ptrdiff_t R, S* v) {
  constexpr std::ptrdiff_t L = 64 / sizeof(S);
  constexpr auto all = static_cast<__mmask16>((1u << L) - 1);
  const auto cv = splat(c);
  auto packet = [&](std::ptrdiff_t r, __mmask16 m) kAvx512 {
    auto x = cv;
    for (int d = 0; d < D; ++d) x = fma(splat(a[d]), load_packet<S>(src[d] + r, m), x);
    store(v + r, x, m);
  };
  std::ptrdiff_t r = 0;
  for (; r + L <= R; r += L) packet(r, all);
  if (r < R) packet(r, static_cast<__mmask16>((1u << (R - r)) - 1));
}

#undef kAvx512

}  // namespace

template <class S, class Z>
void utility_row(S c, const S* a, const Z* const* src, int D, std::ptrdiff_t R, S* v) {
  utility_row_t<S, Z>(c, a, src, D, R, v);
}

#endif

template void utility_row<float, float>(float, const float*, const float* const*, int, std::ptrdiff_t, float*);
template void utility_row<double, double>(double, const double*, const double* const*, int, std::ptrdiff_t, double*);
template void utility_row<double, float>(double, const double*, const float* const*, int, std::ptrdiff_t, double*);

}  // namespace arbiter::econ::kernels::avx512
