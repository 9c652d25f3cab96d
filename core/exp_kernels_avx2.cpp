// Each loop below mirrors its Eigen template (exp_kernels.hpp, random_stream.cpp, categorical_batch.cpp) as
// Eigen 3.4 compiles it for AVX2 + FMA (pmax(a, b) is max_ps(b, a), pandnot(a, b) is andnot_ps(b, a),
// pmadd(a, b, c) is fmadd(a, b, c), pselect(m, a, b) is blendv(b, a, m), the same reductions), so that a
// portable build on an AVX2 processor gives the bits of a native one. Only the functions marked kAvx2 hold
// AVX code.
#include "core/exp_kernels_avx2.hpp"

#include "core/exp_double_constants.hpp"
#include "core/prefetch.hpp"

#include <atomic>
#include <cstdlib>
#include <cstring>

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
void shifted_exp_lanes(const double*, std::ptrdiff_t, double*, std::ptrdiff_t, std::ptrdiff_t, std::ptrdiff_t,
                       const double*, double, double*) {}
void exp_inplace(double*, std::ptrdiff_t) {}
void max_lanes(const double*, std::ptrdiff_t, std::ptrdiff_t, std::ptrdiff_t, double*) {}
void scale_lanes(double*, std::ptrdiff_t, std::ptrdiff_t, std::ptrdiff_t, double*) {}
bool softmax_few_rows(const float*, std::ptrdiff_t, float*, std::ptrdiff_t, std::ptrdiff_t, std::ptrdiff_t) {
  return true;
}
bool softmax_few_rows(const double*, std::ptrdiff_t, double*, std::ptrdiff_t, std::ptrdiff_t, std::ptrdiff_t) {
  return true;
}
void logs_inplace(double*, std::ptrdiff_t) {}
void polar_factors(const double*, double*, std::ptrdiff_t) {}
std::ptrdiff_t draw_columns(const double*, std::ptrdiff_t, std::ptrdiff_t, const double*, int*, std::ptrdiff_t) {
  return 0;
}

#else

bool enabled() {
  static const bool supported = [] {
    __builtin_cpu_init();
    const char* env = std::getenv("ARBITER_AVX2");
    if (env && std::strcmp(env, "0") == 0) return false;
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


// ---- double, lane-wise ----

constexpr std::ptrdiff_t WD = 4;
const double kLogMinD = std::log(std::numeric_limits<double>::min());

// Packets<double>::packet_exp: e^t = 2^n e^r, 0 below `low` (see exp_kernels.hpp).
kAvx2 inline __m256d exp_packet(__m256d t, __m256d low) {
  const __m256d shifter = _mm256_set1_pd(exp_double::kShifter);
  const __m256d k = _mm256_fmadd_pd(t, _mm256_set1_pd(exp_double::kLog2e), shifter);
  const __m256d n = _mm256_sub_pd(k, shifter);
  __m256d r = _mm256_fmadd_pd(n, _mm256_set1_pd(exp_double::kMinusLn2Hi), t);
  r = _mm256_fmadd_pd(n, _mm256_set1_pd(exp_double::kMinusLn2Lo), r);
  __m256d q = _mm256_set1_pd(exp_double::kTaylor[0]);
#pragma GCC unroll 12
  for (int i = 1; i < exp_double::kTerms; ++i) q = _mm256_fmadd_pd(q, r, _mm256_set1_pd(exp_double::kTaylor[i]));
  const __m256i bits = _mm256_slli_epi64(
      _mm256_add_epi64(_mm256_sub_epi64(_mm256_castpd_si256(k), _mm256_castpd_si256(shifter)),
                       _mm256_set1_epi64x(1023)),
      52);
  return _mm256_andnot_pd(_mm256_cmp_pd(t, low, _CMP_LT_OQ), _mm256_mul_pd(q, _mm256_castsi256_pd(bits)));
}

// random_stream.cpp's packet_log: log s for s positive and normal.
kAvx2 inline __m256d log_packet(__m256d x) {
  const __m256i bits = _mm256_castpd_si256(x);
  const __m256i exponent = _mm256_sub_epi64(_mm256_srli_epi64(bits, 52), _mm256_set1_epi64x(1023));  // sign 0
  const __m256d m1 = _mm256_castsi256_pd(_mm256_or_si256(_mm256_and_si256(bits, _mm256_set1_epi64x(0x000fffffffffffffLL)),
                                                         _mm256_set1_epi64x(0x3ff0000000000000LL)));
  const __m256d big = _mm256_cmp_pd(_mm256_set1_pd(1.4142135623730951), m1, _CMP_LT_OQ);
  const __m256d m = _mm256_blendv_pd(m1, _mm256_mul_pd(m1, _mm256_set1_pd(0.5)), big);
  const __m256i e = _mm256_sub_epi64(exponent, _mm256_castpd_si256(big));
  const __m256d shifter = _mm256_set1_pd(0x1.8p52);
  const __m256d ed = _mm256_sub_pd(_mm256_castsi256_pd(_mm256_add_epi64(_mm256_castpd_si256(shifter), e)), shifter);
  const __m256d f = _mm256_sub_pd(m, _mm256_set1_pd(1.0));
  const __m256d half_t = _mm256_div_pd(f, _mm256_add_pd(_mm256_set1_pd(2.0), f));
  const __m256d t = _mm256_add_pd(half_t, half_t);
  const __m256d z = _mm256_mul_pd(half_t, half_t);
  __m256d q = _mm256_set1_pd(1.0 / 21.0);
  for (const double c : {1.0 / 19.0, 1.0 / 17.0, 1.0 / 15.0, 1.0 / 13.0, 1.0 / 11.0, 1.0 / 9.0, 1.0 / 7.0, 1.0 / 5.0,
                         1.0 / 3.0})
    q = _mm256_fmadd_pd(q, z, _mm256_set1_pd(c));
  const __m256d log_m = _mm256_fmadd_pd(_mm256_mul_pd(t, z), q, t);
  return _mm256_add_pd(_mm256_mul_pd(ed, _mm256_set1_pd(6.93147180369123816490e-01)),
                       _mm256_fmadd_pd(ed, _mm256_set1_pd(1.90821492927058770002e-10), log_m));
}

kAvx2 inline double hsum(__m256d a) {  // Eigen's predux of a Packet4d (used only on 0/1 flags here)
  const __m128d q = _mm_add_pd(_mm256_castpd256_pd128(a), _mm256_extractf128_pd(a, 1));
  return _mm_cvtsd_f64(_mm_add_sd(q, _mm_unpackhi_pd(q, q)));
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

kAvx2 void shifted_exp_lanes(const double* x, std::ptrdiff_t xs, double* out, std::ptrdiff_t os, std::ptrdiff_t k,
                             std::ptrdiff_t len, const double* m, double inv, double* sum) {
  const __m256d low = _mm256_set1_pd(kLogMinD), iv = _mm256_set1_pd(inv);
  std::ptrdiff_t c = 0;
  for (; c + WD <= len; c += WD) {
    const __m256d mv = _mm256_loadu_pd(m + c);
    __m256d s = _mm256_loadu_pd(sum + c);
    for (std::ptrdiff_t j = 0; j < k; ++j) {
      const __m256d e = exp_packet(_mm256_mul_pd(_mm256_sub_pd(_mm256_loadu_pd(x + j * xs + c), mv), iv), low);
      _mm256_storeu_pd(out + j * os + c, e);
      s = _mm256_add_pd(s, e);
    }
    _mm256_storeu_pd(sum + c, s);
  }
  if (c < len) {
    double mp[WD] = {}, sp[WD] = {}, xp[WD] = {}, ep[WD];
    for (std::ptrdiff_t l = c; l < len; ++l) {
      mp[l - c] = m[l];
      sp[l - c] = sum[l];
    }
    const __m256d mv = _mm256_loadu_pd(mp);
    __m256d s = _mm256_loadu_pd(sp);
    for (std::ptrdiff_t j = 0; j < k; ++j) {
      for (std::ptrdiff_t l = c; l < len; ++l) xp[l - c] = x[j * xs + l];
      const __m256d e = exp_packet(_mm256_mul_pd(_mm256_sub_pd(_mm256_loadu_pd(xp), mv), iv), low);
      s = _mm256_add_pd(s, e);
      _mm256_storeu_pd(ep, e);
      for (std::ptrdiff_t l = c; l < len; ++l) out[j * os + l] = ep[l - c];
    }
    _mm256_storeu_pd(sp, s);
    for (std::ptrdiff_t l = c; l < len; ++l) sum[l] = sp[l - c];
  }
}

kAvx2 void exp_inplace(double* x, std::ptrdiff_t n) {
  const __m256d low = _mm256_set1_pd(kLogMinD);
  std::ptrdiff_t i = 0;
  for (; i + 4 * WD <= n; i += 4 * WD) {
    const __m256d e0 = exp_packet(_mm256_loadu_pd(x + i), low), e1 = exp_packet(_mm256_loadu_pd(x + i + WD), low);
    const __m256d e2 = exp_packet(_mm256_loadu_pd(x + i + 2 * WD), low);
    const __m256d e3 = exp_packet(_mm256_loadu_pd(x + i + 3 * WD), low);
    _mm256_storeu_pd(x + i, e0);
    _mm256_storeu_pd(x + i + WD, e1);
    _mm256_storeu_pd(x + i + 2 * WD, e2);
    _mm256_storeu_pd(x + i + 3 * WD, e3);
  }
  for (; i + WD <= n; i += WD) _mm256_storeu_pd(x + i, exp_packet(_mm256_loadu_pd(x + i), low));
  if (i < n) {
    double pad[WD] = {};
    for (std::ptrdiff_t j = i; j < n; ++j) pad[j - i] = x[j];
    _mm256_storeu_pd(pad, exp_packet(_mm256_loadu_pd(pad), low));
    for (std::ptrdiff_t j = i; j < n; ++j) x[j] = pad[j - i];
  }
}

kAvx2 void max_lanes(const double* x, std::ptrdiff_t xs, std::ptrdiff_t k, std::ptrdiff_t len, double* m) {
  std::ptrdiff_t c = 0;
  for (; c + WD <= len; c += WD) {
    __m256d mv = _mm256_set1_pd(-std::numeric_limits<double>::infinity());
    for (std::ptrdiff_t j = 0; j < k; ++j) {  // x > m, or x NaN: x
      const __m256d xv = _mm256_loadu_pd(x + j * xs + c);
      const __m256d take = _mm256_or_pd(_mm256_cmp_pd(xv, mv, _CMP_GT_OQ), _mm256_cmp_pd(xv, xv, _CMP_UNORD_Q));
      mv = _mm256_blendv_pd(mv, xv, take);
    }
    _mm256_storeu_pd(m + c, mv);
  }
  for (; c < len; ++c) {
    double mc = -std::numeric_limits<double>::infinity();
    for (std::ptrdiff_t j = 0; j < k; ++j) {
      const double xj = x[j * xs + c];
      mc = xj > mc || std::isnan(xj) ? xj : mc;
    }
    m[c] = mc;
  }
}

kAvx2 void scale_lanes(double* out, std::ptrdiff_t os, std::ptrdiff_t k, std::ptrdiff_t len, double* sum) {
  std::ptrdiff_t c = 0;
  for (; c + WD <= len; c += WD) {
    const __m256d r = _mm256_div_pd(_mm256_set1_pd(1.0), _mm256_loadu_pd(sum + c));
    _mm256_storeu_pd(sum + c, r);
    for (std::ptrdiff_t j = 0; j < k; ++j)
      _mm256_storeu_pd(out + j * os + c, _mm256_mul_pd(_mm256_loadu_pd(out + j * os + c), r));
  }
  for (; c < len; ++c) {
    sum[c] = 1.0 / sum[c];
    for (std::ptrdiff_t j = 0; j < k; ++j) out[j * os + c] *= sum[c];
  }
}

namespace {

// One packet of columns of softmax_few_rows: false, with nothing stored, when a lane's sum is not finite.
template <int k>
kAvx2 inline bool few_rows_packet(const float* x, std::ptrdiff_t xs, float* out, std::ptrdiff_t os) {
  const __m256 low = _mm256_set1_ps(-126.0f), un = _mm256_set1_ps(1.4426950408889634f);
  __m256 v[k];
  __m256 m = _mm256_set1_ps(-std::numeric_limits<float>::infinity());
  for (std::ptrdiff_t j = 0; j < k; ++j) {
    v[j] = _mm256_loadu_ps(x + j * xs);
    m = pmax(m, v[j]);
  }
  __m256 s = _mm256_setzero_ps();
  for (std::ptrdiff_t j = 0; j < k; ++j) {
    v[j] = exp2_packet(_mm256_mul_ps(_mm256_sub_ps(v[j], m), un), low);
    s = _mm256_add_ps(s, v[j]);
  }
  if (_mm256_movemask_ps(_mm256_cmp_ps(s, _mm256_set1_ps(std::numeric_limits<float>::infinity()), _CMP_LT_OQ)) != 0xff)
    return false;
  const __m256 r = _mm256_div_ps(_mm256_set1_ps(1.0f), s);
  for (std::ptrdiff_t j = 0; j < k; ++j) _mm256_storeu_ps(out + j * os, _mm256_mul_ps(v[j], r));
  return true;
}

template <int k>
kAvx2 inline bool few_rows_packet(const double* x, std::ptrdiff_t xs, double* out, std::ptrdiff_t os) {
  const __m256d low = _mm256_set1_pd(kLogMinD);
  __m256d v[k];
  __m256d m = _mm256_set1_pd(-std::numeric_limits<double>::infinity());
  for (std::ptrdiff_t j = 0; j < k; ++j) {
    v[j] = _mm256_loadu_pd(x + j * xs);
    m = _mm256_max_pd(v[j], m);
  }
  __m256d s = _mm256_setzero_pd();
  for (std::ptrdiff_t j = 0; j < k; ++j) {
    v[j] = exp_packet(_mm256_sub_pd(v[j], m), low);
    s = _mm256_add_pd(s, v[j]);
  }
  if (_mm256_movemask_pd(_mm256_cmp_pd(s, _mm256_set1_pd(std::numeric_limits<double>::infinity()), _CMP_LT_OQ)) != 0xf)
    return false;
  const __m256d r = _mm256_div_pd(_mm256_set1_pd(1.0), s);
  for (std::ptrdiff_t j = 0; j < k; ++j) _mm256_storeu_pd(out + j * os, _mm256_mul_pd(v[j], r));
  return true;
}

// The row count a template argument, so that a packet's rows stay in registers.
template <class S, std::ptrdiff_t L, int k>
kAvx2 bool few_rows(const S* x, std::ptrdiff_t xs, S* out, std::ptrdiff_t os, std::ptrdiff_t n) {
  std::ptrdiff_t c = 0;
  for (; c + L <= n; c += L)
    if (!few_rows_packet<k>(x + c, xs, out + c, os)) return false;
  if (c < n) {  // the last partial packet through a padded copy
    S xp[k * L] = {}, op[k * L];
    for (std::ptrdiff_t j = 0; j < k; ++j)
      for (std::ptrdiff_t l = c; l < n; ++l) xp[j * L + l - c] = x[j * xs + l];
    if (!few_rows_packet<k>(xp, L, op, L)) return false;
    for (std::ptrdiff_t j = 0; j < k; ++j)
      for (std::ptrdiff_t l = c; l < n; ++l) out[j * os + l] = op[j * L + l - c];
  }
  return true;
}

template <class S, std::ptrdiff_t L>
bool few_rows_any(const S* x, std::ptrdiff_t xs, S* out, std::ptrdiff_t os, std::ptrdiff_t k, std::ptrdiff_t n) {
  switch (k) {
    case 1: return few_rows<S, L, 1>(x, xs, out, os, n);
    case 2: return few_rows<S, L, 2>(x, xs, out, os, n);
    case 3: return few_rows<S, L, 3>(x, xs, out, os, n);
    case 4: return few_rows<S, L, 4>(x, xs, out, os, n);
    case 5: return few_rows<S, L, 5>(x, xs, out, os, n);
    case 6: return few_rows<S, L, 6>(x, xs, out, os, n);
    case 7: return few_rows<S, L, 7>(x, xs, out, os, n);
    default: return few_rows<S, L, 8>(x, xs, out, os, n);
  }
}

}  // namespace

bool softmax_few_rows(const float* x, std::ptrdiff_t xs, float* out, std::ptrdiff_t os, std::ptrdiff_t k,
                      std::ptrdiff_t n) {
  return few_rows_any<float, W>(x, xs, out, os, k, n);
}

bool softmax_few_rows(const double* x, std::ptrdiff_t xs, double* out, std::ptrdiff_t os, std::ptrdiff_t k,
                      std::ptrdiff_t n) {
  return few_rows_any<double, WD>(x, xs, out, os, k, n);
}

kAvx2 void logs_inplace(double* s, std::ptrdiff_t n) {
  std::ptrdiff_t i = 0;
  for (; i + WD <= n; i += WD) _mm256_storeu_pd(s + i, log_packet(_mm256_loadu_pd(s + i)));
  if (i < n) {
    double pad[WD];
    for (std::ptrdiff_t j = 0; j < WD; ++j) pad[j] = i + j < n ? s[i + j] : 1.0;
    _mm256_storeu_pd(pad, log_packet(_mm256_loadu_pd(pad)));
    for (std::ptrdiff_t j = i; j < n; ++j) s[j] = pad[j - i];
  }
}

kAvx2 void polar_factors(const double* s, double* f, std::ptrdiff_t n) {
  const __m256d minus2 = _mm256_set1_pd(-2.0);
  auto factor = [&](__m256d sv) kAvx2 {
    return _mm256_sqrt_pd(_mm256_div_pd(_mm256_mul_pd(minus2, log_packet(sv)), sv));
  };
  std::ptrdiff_t i = 0;
  for (; i + WD <= n; i += WD) _mm256_storeu_pd(f + i, factor(_mm256_loadu_pd(s + i)));
  if (i < n) {
    double pad[WD];
    for (std::ptrdiff_t j = 0; j < WD; ++j) pad[j] = i + j < n ? s[i + j] : 1.0;
    _mm256_storeu_pd(pad, factor(_mm256_loadu_pd(pad)));
    for (std::ptrdiff_t j = i; j < n; ++j) f[j] = pad[j - i];
  }
}

kAvx2 std::ptrdiff_t draw_columns(const double* p, std::ptrdiff_t k, std::ptrdiff_t stride, const double* u, int* out,
                                  std::ptrdiff_t n) {
  const __m256d zero = _mm256_setzero_pd(), one = _mm256_set1_pd(1.0);
  std::ptrdiff_t c = 0;
  for (; c + WD <= n; c += WD) {
    const double* pc = p + c;
    __m256d total = zero, last = _mm256_set1_pd(-1.0), bad = zero;
    for (std::ptrdiff_t i = 0; i < k; ++i) {
      const __m256d pi = _mm256_loadu_pd(pc + i * stride);
      bad = _mm256_or_pd(bad, _mm256_cmp_pd(pi, zero, _CMP_NGE_UQ));
      total = _mm256_add_pd(total, pi);
      last = _mm256_blendv_pd(last, _mm256_set1_pd(static_cast<double>(i)), _mm256_cmp_pd(zero, pi, _CMP_LT_OQ));
    }
    if (hsum(_mm256_and_pd(_mm256_or_pd(bad, _mm256_cmp_pd(last, zero, _CMP_LT_OQ)), one)) != 0.0) return c;
    const __m256d target = _mm256_mul_pd(_mm256_loadu_pd(u + c), total);
    __m256d run = zero, below = zero;
    for (std::ptrdiff_t i = 0; i < k; ++i) {
      run = _mm256_add_pd(run, _mm256_loadu_pd(pc + i * stride));
      below = _mm256_add_pd(below, _mm256_and_pd(_mm256_cmp_pd(run, target, _CMP_LE_OQ), one));
    }
    double b[WD], l[WD];
    _mm256_storeu_pd(b, below);
    _mm256_storeu_pd(l, last);
    for (std::ptrdiff_t j = 0; j < WD; ++j)
      out[c + j] = static_cast<int>(b[j] < static_cast<double>(k) ? b[j] : l[j]);
  }
  return c;
}

#undef kAvx2

#endif

}  // namespace arbiter::core::kernels::avx2
