// The core's exponentials on AVX-512 registers, for the dispatched copies (lane_kernels_avx512.cpp,
// softmax_few_rows_avx512.cpp): each lane computes what its AVX2 copy (exp_kernels_avx2.cpp's exp_packet and
// exp2_packet) computes, operation for operation, so a lane's bits do not depend on the register width. Only to
// be run when kernels::avx512::enabled(). Internal to core/; x86 only.
#pragma once

#include "core/exp_double_constants.hpp"

#include <immintrin.h>

namespace arbiter::core::kernels::avx512 {

// e^t = 2^n e^r for double lanes, 0 below `low` (exp_double_constants.hpp).
__attribute__((target("avx512f,avx512dq,avx2,fma"))) inline __m512d exp_packet(__m512d t, __m512d low) {
  const __m512d shifter = _mm512_set1_pd(exp_double::kShifter);
  const __m512d k = _mm512_fmadd_pd(t, _mm512_set1_pd(exp_double::kLog2e), shifter);
  const __m512d n = _mm512_sub_pd(k, shifter);
  __m512d r = _mm512_fmadd_pd(n, _mm512_set1_pd(exp_double::kMinusLn2Hi), t);
  r = _mm512_fmadd_pd(n, _mm512_set1_pd(exp_double::kMinusLn2Lo), r);
  __m512d q = _mm512_set1_pd(exp_double::kTaylor[0]);
#pragma GCC unroll 12
  for (int i = 1; i < exp_double::kTerms; ++i) q = _mm512_fmadd_pd(q, r, _mm512_set1_pd(exp_double::kTaylor[i]));
  // q 2^n in one rounding, as q times the power of two written into the exponent bits (n >= -1022 wherever
  // t >= low, so that power is a normal number and exact).
  const __mmask8 below = _mm512_cmp_pd_mask(t, low, _CMP_LT_OQ);
  return _mm512_maskz_scalef_pd(static_cast<__mmask8>(~below), q, n);
}

// 2^t for float lanes, 0 below `low`: the float exponential of exp_kernels.hpp (a degree-6 polynomial of the
// fraction, the power of two written into the exponent bits).
__attribute__((target("avx512f,avx512dq,avx2,fma"))) inline __m512 exp2_packet(__m512 t, __m512 low) {
  const __m512 tc = _mm512_max_ps(_mm512_set1_ps(-127.0f), t);
  const __m512 n = _mm512_roundscale_ps(tc, _MM_FROUND_CUR_DIRECTION);
  const __m512 f = _mm512_sub_ps(tc, n);
  __m512 p = _mm512_set1_ps(1.5345810970757157e-4f);
  p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(1.3399930903688073e-3f));
  p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(9.618489071726799e-3f));
  p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(5.550328642129898e-2f));
  p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(2.4022646248340607e-1f));
  p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(6.931471824645996e-1f));
  p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(1.0f));
  const __m512i bits = _mm512_slli_epi32(_mm512_add_epi32(_mm512_cvttps_epi32(n), _mm512_set1_epi32(127)), 23);
  const __mmask16 below = _mm512_cmp_ps_mask(t, low, _CMP_LT_OQ);
  return _mm512_maskz_mul_ps(static_cast<__mmask16>(~below), p, _mm512_castsi512_ps(bits));
}

}  // namespace arbiter::core::kernels::avx512
