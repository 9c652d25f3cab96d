// Each loop below mirrors its Eigen template in exp_kernels.hpp as Eigen 3.4 compiles it for AVX2 + FMA
// (pmax(a, b) is max_ps(b, a), pandnot(a, b) is andnot_ps(b, a), the same reductions), so that a portable
// build on an AVX2 processor gives the bits of a native one. Only the functions marked kAvx2 hold AVX code.
#include "core/exp_kernels_avx2.hpp"

#include "core/prefetch.hpp"

#include <atomic>

#if ARBITER_AVX2_DISPATCH
#include <immintrin.h>

#include <cmath>
#include <cstdint>
#include <limits>
#endif

namespace arbiter::core::kernels::avx2 {
namespace {
std::atomic<bool> g_allowed{true};
}  // namespace

void allow(bool on) { g_allowed.store(on, std::memory_order_relaxed); }

#if !ARBITER_AVX2_DISPATCH

bool enabled() { return false; }
float max(const float*, std::ptrdiff_t) { return 0.0f; }
float exp_pass(const float*, std::ptrdiff_t, float, float, float*, float, float*, bool, bool, bool) { return 0.0f; }
void scale(float*, std::ptrdiff_t, float) {}
void stream_scaled(const float*, std::ptrdiff_t, float, float*) {}

#else

bool enabled() {
  static const bool supported = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  }();
  return supported && g_allowed.load(std::memory_order_relaxed);
}

namespace {

#define kAvx2 __attribute__((target("avx2,fma")))

constexpr std::ptrdiff_t W = 8;
const float kLogMin = std::log(std::numeric_limits<float>::min());

kAvx2 inline __m256 pmax(__m256 a, __m256 b) { return _mm256_max_ps(b, a); }

kAvx2 inline float predux(__m256 a) {
  const __m128 q = _mm_add_ps(_mm256_castps256_ps128(a), _mm256_extractf128_ps(a, 1));
  const __m128 t = _mm_add_ps(q, _mm_movehl_ps(q, q));
  return _mm_cvtss_f32(_mm_add_ss(t, _mm_shuffle_ps(t, t, 1)));
}

kAvx2 inline float predux_max(__m256 a) {
  __m256 t = _mm256_max_ps(a, _mm256_permute2f128_ps(a, a, 1));
  t = _mm256_max_ps(t, _mm256_shuffle_ps(t, t, _MM_SHUFFLE(1, 0, 3, 2)));
  return _mm_cvtss_f32(_mm256_castps256_ps128(_mm256_max_ps(t, _mm256_shuffle_ps(t, t, 1))));
}

// Packets<float>::packet_exp: 2^t, 0 below `low`.
kAvx2 inline __m256 exp2_packet(__m256 t, __m256 low) {
  const __m256 tc = pmax(t, _mm256_set1_ps(-127.0f));
  const __m256 n = _mm256_round_ps(tc, _MM_FROUND_CUR_DIRECTION);
  const __m256 f = _mm256_sub_ps(tc, n);
  __m256 p = _mm256_set1_ps(1.5345810970757157e-4f);
  p = _mm256_fmadd_ps(p, f, _mm256_set1_ps(1.3399930903688073e-3f));
  p = _mm256_fmadd_ps(p, f, _mm256_set1_ps(9.618489071726799e-3f));
  p = _mm256_fmadd_ps(p, f, _mm256_set1_ps(5.550328642129898e-2f));
  p = _mm256_fmadd_ps(p, f, _mm256_set1_ps(2.4022646248340607e-1f));
  p = _mm256_fmadd_ps(p, f, _mm256_set1_ps(6.931471824645996e-1f));
  p = _mm256_fmadd_ps(p, f, _mm256_set1_ps(1.0f));
  const __m256i bits = _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvttps_epi32(n), _mm256_set1_epi32(127)), 23);
  return _mm256_andnot_ps(_mm256_cmp_ps(t, low, _CMP_LT_OQ), _mm256_mul_ps(p, _mm256_castsi256_ps(bits)));
}

float scalar_exp(float a) { return a < kLogMin ? 0.0f : std::exp(a); }

template <bool kStore, bool kMax, bool kStream>
kAvx2 float exp_pass_t(const float* x, std::ptrdiff_t n, float shift, float scale, float* out, float mult,
                       float* max_out) {
  const __m256 sh = _mm256_set1_ps(shift), sc = _mm256_set1_ps(scale * 1.4426950408889634f);
  const __m256 mu = _mm256_set1_ps(mult), low = _mm256_set1_ps(-126.0f);
  __m256 s0 = _mm256_setzero_ps(), s1 = s0, s2 = s0, s3 = s0;
  __m256 ma = _mm256_set1_ps(-std::numeric_limits<float>::infinity()), mb = ma;
  auto put = [out](std::ptrdiff_t j, __m256 v) kAvx2 {
    if constexpr (kStream) _mm256_stream_ps(out + j, v);
    else _mm256_storeu_ps(out + j, v);
  };
  auto arg = [&](__m256 v) kAvx2 { return _mm256_mul_ps(_mm256_sub_ps(v, sh), sc); };
  std::ptrdiff_t i = 0;
  for (; i + 4 * W <= n; i += 4 * W) {
    prefetch_ahead<4 * sizeof(__m256)>(x + i);
    const __m256 x0 = _mm256_loadu_ps(x + i), x1 = _mm256_loadu_ps(x + i + W);
    const __m256 x2 = _mm256_loadu_ps(x + i + 2 * W), x3 = _mm256_loadu_ps(x + i + 3 * W);
    if constexpr (kMax) {
      ma = pmax(ma, pmax(x0, x1));
      mb = pmax(mb, pmax(x2, x3));
    }
    const __m256 e0 = exp2_packet(arg(x0), low), e1 = exp2_packet(arg(x1), low);
    const __m256 e2 = exp2_packet(arg(x2), low), e3 = exp2_packet(arg(x3), low);
    s0 = _mm256_add_ps(s0, e0);
    s1 = _mm256_add_ps(s1, e1);
    s2 = _mm256_add_ps(s2, e2);
    s3 = _mm256_add_ps(s3, e3);
    if constexpr (kStore) {
      put(i, _mm256_mul_ps(e0, mu));
      put(i + W, _mm256_mul_ps(e1, mu));
      put(i + 2 * W, _mm256_mul_ps(e2, mu));
      put(i + 3 * W, _mm256_mul_ps(e3, mu));
    }
  }
  for (; i + W <= n; i += W) {
    const __m256 xv = _mm256_loadu_ps(x + i);
    if constexpr (kMax) ma = pmax(ma, xv);
    const __m256 e = exp2_packet(arg(xv), low);
    s0 = _mm256_add_ps(s0, e);
    if constexpr (kStore) put(i, _mm256_mul_ps(e, mu));
  }
  float s = predux(_mm256_add_ps(_mm256_add_ps(s0, s1), _mm256_add_ps(s2, s3)));
  float m = predux_max(pmax(ma, mb));
  for (; i < n; ++i) {
    const float e = scalar_exp((x[i] - shift) * scale);
    s += e;
    if constexpr (kStore) out[i] = e * mult;
    if constexpr (kMax) m = x[i] > m ? x[i] : m;
  }
  if constexpr (kMax) *max_out = m;
  return s;
}

}  // namespace

kAvx2 float max(const float* x, std::ptrdiff_t n) {
  std::ptrdiff_t i = 0;
  float m = -std::numeric_limits<float>::infinity();
  if (n >= 4 * W) {
    __m256 m0 = _mm256_loadu_ps(x), m1 = _mm256_loadu_ps(x + W), m2 = _mm256_loadu_ps(x + 2 * W),
           m3 = _mm256_loadu_ps(x + 3 * W);
    for (i = 4 * W; i + 4 * W <= n; i += 4 * W) {
      prefetch_ahead<4 * sizeof(__m256)>(x + i);
      m0 = pmax(m0, _mm256_loadu_ps(x + i));
      m1 = pmax(m1, _mm256_loadu_ps(x + i + W));
      m2 = pmax(m2, _mm256_loadu_ps(x + i + 2 * W));
      m3 = pmax(m3, _mm256_loadu_ps(x + i + 3 * W));
    }
    m = predux_max(pmax(pmax(m0, m1), pmax(m2, m3)));
  }
  for (; i < n; ++i) m = x[i] > m || std::isnan(x[i]) ? x[i] : m;
  return m;
}

float exp_pass(const float* x, std::ptrdiff_t n, float shift, float scale, float* out, float mult, float* max_out,
               bool store, bool with_max, bool stream) {
  if (with_max && store) return exp_pass_t<true, true, false>(x, n, shift, scale, out, mult, max_out);
  if (with_max) return exp_pass_t<false, true, false>(x, n, shift, scale, out, mult, max_out);
  if (!store) return exp_pass_t<false, false, false>(x, n, shift, scale, out, mult, max_out);
  if (stream) return exp_pass_t<true, false, true>(x, n, shift, scale, out, mult, max_out);
  return exp_pass_t<true, false, false>(x, n, shift, scale, out, mult, max_out);
}

kAvx2 void scale(float* out, std::ptrdiff_t n, float mult) {
  const __m256 mu = _mm256_set1_ps(mult);
  std::ptrdiff_t i = 0;
  for (; i + W <= n; i += W) _mm256_storeu_ps(out + i, _mm256_mul_ps(_mm256_loadu_ps(out + i), mu));
  for (; i < n; ++i) out[i] *= mult;
}

kAvx2 void stream_scaled(const float* x, std::ptrdiff_t n, float mult, float* out) {
  const __m256 mu = _mm256_set1_ps(mult);
  std::ptrdiff_t i = 0;
  for (; i + W <= n; i += W) _mm256_stream_ps(out + i, _mm256_mul_ps(_mm256_loadu_ps(x + i), mu));
  for (; i < n; ++i) out[i] = x[i] * mult;
}

#undef kAvx2

#endif

}  // namespace arbiter::core::kernels::avx2
