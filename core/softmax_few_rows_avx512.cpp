// Each packet of columns as in exp_kernels_avx2.cpp's few_rows_packet, on 8 double or 16 float lanes: k loads,
// the maximum (max(v, m), v's NaN kept), the exponentials (exp_packets_avx512.hpp) summed in row order from 0,
// one division and k products. The last partial packet is loaded with its missing lanes zero and stored under
// a mask: the padded copy of the AVX2 loop, whose zero lanes give a finite sum too. Only the functions marked
// kAvx512 hold AVX-512 code.
#include "core/softmax_few_rows_avx512.hpp"

#include "core/exp_kernels_avx2.hpp"

#if ARBITER_AVX2_DISPATCH
#include <cmath>
#include <cstdint>
#include <limits>

#include "core/exp_packets_avx512.hpp"
#endif

namespace arbiter::core::kernels::avx512 {

#if !ARBITER_AVX2_DISPATCH

bool softmax_few_rows(const float*, std::ptrdiff_t, float*, std::ptrdiff_t, std::ptrdiff_t, std::ptrdiff_t) {
  return true;
}
bool softmax_few_rows(const double*, std::ptrdiff_t, double*, std::ptrdiff_t, std::ptrdiff_t, std::ptrdiff_t) {
  return true;
}

#else

namespace {

#define kAvx512 __attribute__((target("avx512f,avx512dq,avx2,fma")))

const double kLogMinD = std::log(std::numeric_limits<double>::min());

// The lanes of a packet: all of them, or the first `mask` ones (the rest read as 0 and left unstored).
kAvx512 inline __m512d load(const double* x, __mmask8 mask) { return _mm512_maskz_loadu_pd(mask, x); }
kAvx512 inline __m512 load(const float* x, __mmask16 mask) { return _mm512_maskz_loadu_ps(mask, x); }
kAvx512 inline void store(double* x, __m512d v, __mmask8 mask) { _mm512_mask_storeu_pd(x, mask, v); }
kAvx512 inline void store(float* x, __m512 v, __mmask16 mask) { _mm512_mask_storeu_ps(x, mask, v); }

template <int k>
kAvx512 inline bool few_rows_packet(const double* x, std::ptrdiff_t xs, double* out, std::ptrdiff_t os,
                                    __mmask8 mask) {
  const __m512d low = _mm512_set1_pd(kLogMinD);
  __m512d v[k];
  __m512d m = _mm512_set1_pd(-std::numeric_limits<double>::infinity());
  for (std::ptrdiff_t j = 0; j < k; ++j) {
    v[j] = load(x + j * xs, mask);
    m = _mm512_max_pd(v[j], m);
  }
  __m512d s = _mm512_setzero_pd();
  for (std::ptrdiff_t j = 0; j < k; ++j) {
    v[j] = exp_packet(_mm512_sub_pd(v[j], m), low);
    s = _mm512_add_pd(s, v[j]);
  }
  if (_mm512_cmp_pd_mask(s, _mm512_set1_pd(std::numeric_limits<double>::infinity()), _CMP_LT_OQ) != 0xff)
    return false;
  const __m512d r = _mm512_div_pd(_mm512_set1_pd(1.0), s);
  for (std::ptrdiff_t j = 0; j < k; ++j) store(out + j * os, _mm512_mul_pd(v[j], r), mask);
  return true;
}

template <int k>
kAvx512 inline bool few_rows_packet(const float* x, std::ptrdiff_t xs, float* out, std::ptrdiff_t os,
                                    __mmask16 mask) {
  const __m512 low = _mm512_set1_ps(-126.0f), un = _mm512_set1_ps(1.4426950408889634f);
  __m512 v[k];
  __m512 m = _mm512_set1_ps(-std::numeric_limits<float>::infinity());
  for (std::ptrdiff_t j = 0; j < k; ++j) {
    v[j] = load(x + j * xs, mask);
    m = _mm512_max_ps(v[j], m);
  }
  __m512 s = _mm512_setzero_ps();
  for (std::ptrdiff_t j = 0; j < k; ++j) {
    v[j] = exp2_packet(_mm512_mul_ps(_mm512_sub_ps(v[j], m), un), low);
    s = _mm512_add_ps(s, v[j]);
  }
  if (_mm512_cmp_ps_mask(s, _mm512_set1_ps(std::numeric_limits<float>::infinity()), _CMP_LT_OQ) != 0xffff)
    return false;
  const __m512 r = _mm512_div_ps(_mm512_set1_ps(1.0f), s);
  for (std::ptrdiff_t j = 0; j < k; ++j) store(out + j * os, _mm512_mul_ps(v[j], r), mask);
  return true;
}

// The row count a template argument, so that a packet's rows stay in registers; L lanes of S per packet.
template <class S, class Mask, std::ptrdiff_t L, int k>
kAvx512 bool few_rows(const S* x, std::ptrdiff_t xs, S* out, std::ptrdiff_t os, std::ptrdiff_t n) {
  const Mask all = static_cast<Mask>((std::uint32_t{1} << L) - 1);
  std::ptrdiff_t c = 0;
  for (; c + L <= n; c += L)
    if (!few_rows_packet<k>(x + c, xs, out + c, os, all)) return false;
  if (c < n && !few_rows_packet<k>(x + c, xs, out + c, os, static_cast<Mask>((std::uint32_t{1} << (n - c)) - 1)))
    return false;
  return true;
}

template <class S, class Mask, std::ptrdiff_t L>
bool few_rows_any(const S* x, std::ptrdiff_t xs, S* out, std::ptrdiff_t os, std::ptrdiff_t k, std::ptrdiff_t n) {
  switch (k) {
    case 1: return few_rows<S, Mask, L, 1>(x, xs, out, os, n);
    case 2: return few_rows<S, Mask, L, 2>(x, xs, out, os, n);
    case 3: return few_rows<S, Mask, L, 3>(x, xs, out, os, n);
    case 4: return few_rows<S, Mask, L, 4>(x, xs, out, os, n);
    case 5: return few_rows<S, Mask, L, 5>(x, xs, out, os, n);
    case 6: return few_rows<S, Mask, L, 6>(x, xs, out, os, n);
    case 7: return few_rows<S, Mask, L, 7>(x, xs, out, os, n);
    default: return few_rows<S, Mask, L, 8>(x, xs, out, os, n);
  }
}

#undef kAvx512

}  // namespace

bool softmax_few_rows(const float* x, std::ptrdiff_t xs, float* out, std::ptrdiff_t os, std::ptrdiff_t k,
                      std::ptrdiff_t n) {
  return few_rows_any<float, __mmask16, 16>(x, xs, out, os, k, n);
}

bool softmax_few_rows(const double* x, std::ptrdiff_t xs, double* out, std::ptrdiff_t os, std::ptrdiff_t k,
                      std::ptrdiff_t n) {
  return few_rows_any<double, __mmask8, 8>(x, xs, out, os, k, n);
}

#endif

}  // namespace arbiter::core::kernels::avx512
