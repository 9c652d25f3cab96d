// Each loop below is its exp_kernels_avx2.cpp namesake on 8 lanes: the same operations per lane (a blendv on a
// comparison is a masked blend, and(comparison, 1) added is a masked add of 1, andnot(comparison, x) is a
// zero-masked move), packets of 8 first, the rest through the AVX2 copy. Only the functions marked kAvx512
// hold AVX-512 code.
#include "core/lane_kernels_avx512.hpp"

#include <atomic>
#include <cstdlib>
#include <cstring>

#if ARBITER_AVX2_DISPATCH
#include <immintrin.h>

#include "core/exp_packets_avx512.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#endif

namespace arbiter::core::kernels::avx512 {
namespace {
std::atomic<bool> g_allowed{true};
}  // namespace

void allow(bool on) { g_allowed.store(on, std::memory_order_relaxed); }

#if !ARBITER_AVX2_DISPATCH

bool enabled() { return false; }
void shifted_exp_lanes(const double*, std::ptrdiff_t, double*, std::ptrdiff_t, std::ptrdiff_t, std::ptrdiff_t,
                       const double*, double, double*) {}
void max_lanes(const double*, std::ptrdiff_t, std::ptrdiff_t, std::ptrdiff_t, double*) {}
void scale_lanes(double*, std::ptrdiff_t, std::ptrdiff_t, std::ptrdiff_t, double*) {}
void polar_factors(const double*, double*, std::ptrdiff_t) {}
std::ptrdiff_t draw_columns(const double*, std::ptrdiff_t, std::ptrdiff_t, const double*, int*, std::ptrdiff_t) {
  return 0;
}
std::ptrdiff_t uniforms(std::uint64_t*, std::uint64_t*, std::uint64_t*, std::uint64_t*, std::ptrdiff_t, double*) {
  return 0;
}
std::ptrdiff_t score_step_softmax_lanes(double*, std::ptrdiff_t, double*, std::ptrdiff_t, std::ptrdiff_t,
                                        std::ptrdiff_t, const int*, const double*, double, bool*) {
  return 0;
}

#else

bool enabled() {
  static const bool supported = [] {
    __builtin_cpu_init();
    const char* env = std::getenv("ARBITER_AVX512");
    if (env && std::strcmp(env, "0") == 0) return false;
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq");
  }();
  return supported && g_allowed.load(std::memory_order_relaxed) && avx2::enabled();
}

namespace {

#define kAvx512 __attribute__((target("avx512f,avx512dq,avx2,fma")))

constexpr std::ptrdiff_t W = 8;
const double kLogMin = std::log(std::numeric_limits<double>::min());

// avx2's log_packet: log s for s positive and normal.
kAvx512 inline __m512d log_packet(__m512d x) {
  const __m512i bits = _mm512_castpd_si512(x);
  const __m512i exponent = _mm512_sub_epi64(_mm512_srli_epi64(bits, 52), _mm512_set1_epi64(1023));
  const __m512i mantissa = _mm512_and_si512(bits, _mm512_set1_epi64(0x000fffffffffffffLL));
  const __m512d m1 = _mm512_castsi512_pd(_mm512_or_si512(mantissa, _mm512_set1_epi64(0x3ff0000000000000LL)));
  const __mmask8 big = _mm512_cmp_pd_mask(_mm512_set1_pd(1.4142135623730951), m1, _CMP_LT_OQ);
  const __m512d m = _mm512_mask_blend_pd(big, m1, _mm512_mul_pd(m1, _mm512_set1_pd(0.5)));
  const __m512i e = _mm512_mask_add_epi64(exponent, big, exponent, _mm512_set1_epi64(1));
  const __m512d shifter = _mm512_set1_pd(0x1.8p52);
  const __m512d ed = _mm512_sub_pd(_mm512_castsi512_pd(_mm512_add_epi64(_mm512_castpd_si512(shifter), e)), shifter);
  const __m512d f = _mm512_sub_pd(m, _mm512_set1_pd(1.0));
  const __m512d half_t = _mm512_div_pd(f, _mm512_add_pd(_mm512_set1_pd(2.0), f));
  const __m512d t = _mm512_add_pd(half_t, half_t);
  const __m512d z = _mm512_mul_pd(half_t, half_t);
  __m512d q = _mm512_set1_pd(1.0 / 21.0);
  for (const double c : {1.0 / 19.0, 1.0 / 17.0, 1.0 / 15.0, 1.0 / 13.0, 1.0 / 11.0, 1.0 / 9.0, 1.0 / 7.0, 1.0 / 5.0,
                         1.0 / 3.0})
    q = _mm512_fmadd_pd(q, z, _mm512_set1_pd(c));
  const __m512d log_m = _mm512_fmadd_pd(_mm512_mul_pd(t, z), q, t);
  return _mm512_add_pd(_mm512_mul_pd(ed, _mm512_set1_pd(6.93147180369123816490e-01)),
                       _mm512_fmadd_pd(ed, _mm512_set1_pd(1.90821492927058770002e-10), log_m));
}

}  // namespace

kAvx512 void shifted_exp_lanes(const double* x, std::ptrdiff_t xs, double* out, std::ptrdiff_t os, std::ptrdiff_t k,
                               std::ptrdiff_t len, const double* m, double inv, double* sum) {
  const __m512d low = _mm512_set1_pd(kLogMin), iv = _mm512_set1_pd(inv);
  std::ptrdiff_t c = 0;
  for (; c + W <= len; c += W) {
    const __m512d mv = _mm512_loadu_pd(m + c);
    __m512d s = _mm512_loadu_pd(sum + c);
    for (std::ptrdiff_t j = 0; j < k; ++j) {
      const __m512d e = exp_packet(_mm512_mul_pd(_mm512_sub_pd(_mm512_loadu_pd(x + j * xs + c), mv), iv), low);
      _mm512_storeu_pd(out + j * os + c, e);
      s = _mm512_add_pd(s, e);
    }
    _mm512_storeu_pd(sum + c, s);
  }
  if (c < len) avx2::shifted_exp_lanes(x + c, xs, out + c, os, k, len - c, m + c, inv, sum + c);
}

kAvx512 void max_lanes(const double* x, std::ptrdiff_t xs, std::ptrdiff_t k, std::ptrdiff_t len, double* m) {
  std::ptrdiff_t c = 0;
  for (; c + W <= len; c += W) {
    __m512d mv = _mm512_set1_pd(-std::numeric_limits<double>::infinity());
    for (std::ptrdiff_t j = 0; j < k; ++j) {  // x > m, or x NaN: x
      const __m512d xv = _mm512_loadu_pd(x + j * xs + c);
      const __mmask8 take = _mm512_cmp_pd_mask(xv, mv, _CMP_GT_OQ) | _mm512_cmp_pd_mask(xv, xv, _CMP_UNORD_Q);
      mv = _mm512_mask_blend_pd(take, mv, xv);
    }
    _mm512_storeu_pd(m + c, mv);
  }
  if (c < len) avx2::max_lanes(x + c, xs, k, len - c, m + c);
}

kAvx512 void scale_lanes(double* out, std::ptrdiff_t os, std::ptrdiff_t k, std::ptrdiff_t len, double* sum) {
  std::ptrdiff_t c = 0;
  for (; c + W <= len; c += W) {
    const __m512d r = _mm512_div_pd(_mm512_set1_pd(1.0), _mm512_loadu_pd(sum + c));
    _mm512_storeu_pd(sum + c, r);
    for (std::ptrdiff_t j = 0; j < k; ++j)
      _mm512_storeu_pd(out + j * os + c, _mm512_mul_pd(_mm512_loadu_pd(out + j * os + c), r));
  }
  if (c < len) avx2::scale_lanes(out + c, os, k, len - c, sum + c);
}

kAvx512 void polar_factors(const double* s, double* f, std::ptrdiff_t n) {
  const __m512d minus2 = _mm512_set1_pd(-2.0);
  std::ptrdiff_t i = 0;
  for (; i + W <= n; i += W) {
    const __m512d sv = _mm512_loadu_pd(s + i);
    _mm512_storeu_pd(f + i, _mm512_sqrt_pd(_mm512_div_pd(_mm512_mul_pd(minus2, log_packet(sv)), sv)));
  }
  if (i < n) avx2::polar_factors(s + i, f + i, n - i);
}

kAvx512 std::ptrdiff_t draw_columns(const double* p, std::ptrdiff_t k, std::ptrdiff_t stride, const double* u, int* out,
                                    std::ptrdiff_t n) {
  const __m512d zero = _mm512_setzero_pd(), one = _mm512_set1_pd(1.0);
  std::ptrdiff_t c = 0;
  for (; c + W <= n; c += W) {
    const double* pc = p + c;
    __m512d total = zero, last = _mm512_set1_pd(-1.0);
    __mmask8 bad = 0;
    for (std::ptrdiff_t i = 0; i < k; ++i) {
      const __m512d pi = _mm512_loadu_pd(pc + i * stride);
      bad |= _mm512_cmp_pd_mask(pi, zero, _CMP_NGE_UQ);
      total = _mm512_add_pd(total, pi);
      last = _mm512_mask_blend_pd(_mm512_cmp_pd_mask(zero, pi, _CMP_LT_OQ), last,
                                  _mm512_set1_pd(static_cast<double>(i)));
    }
    if ((bad | _mm512_cmp_pd_mask(last, zero, _CMP_LT_OQ)) != 0) return c;
    const __m512d target = _mm512_mul_pd(_mm512_loadu_pd(u + c), total);
    __m512d run = zero, below = zero;
    for (std::ptrdiff_t i = 0; i < k; ++i) {
      run = _mm512_add_pd(run, _mm512_loadu_pd(pc + i * stride));
      below = _mm512_mask_add_pd(below, _mm512_cmp_pd_mask(run, target, _CMP_LE_OQ), below, one);
    }
    const __mmask8 inside = _mm512_cmp_pd_mask(below, _mm512_set1_pd(static_cast<double>(k)), _CMP_LT_OQ);
    const __m512d drawn = _mm512_mask_blend_pd(inside, last, below);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + c), _mm512_cvttpd_epi32(drawn));
  }
  return c + avx2::draw_columns(p + c, k, stride, u + c, out + c, n - c);
}

// xoshiro256** (RandomStream::next_u64) on 8 streams' words at once (x * 5 and x * 9 as shifts and adds),
// then the top 53 bits times 2^-53 (exact).
kAvx512 std::ptrdiff_t uniforms(std::uint64_t* s0, std::uint64_t* s1, std::uint64_t* s2, std::uint64_t* s3,
                                std::ptrdiff_t n, double* out) {
  std::ptrdiff_t i = 0;
  for (; i + W <= n; i += W) {
    const __m512i a = _mm512_loadu_si512(s0 + i), b = _mm512_loadu_si512(s1 + i);
    const __m512i c = _mm512_loadu_si512(s2 + i), d = _mm512_loadu_si512(s3 + i);
    const __m512i r = _mm512_rol_epi64(_mm512_add_epi64(_mm512_slli_epi64(b, 2), b), 7);
    const __m512i result = _mm512_add_epi64(_mm512_slli_epi64(r, 3), r);
    const __m512i c1 = _mm512_xor_si512(c, a), d1 = _mm512_xor_si512(d, b);
    _mm512_storeu_si512(s0 + i, _mm512_xor_si512(a, d1));
    _mm512_storeu_si512(s1 + i, _mm512_xor_si512(b, c1));
    _mm512_storeu_si512(s2 + i, _mm512_xor_si512(c1, _mm512_slli_epi64(b, 17)));
    _mm512_storeu_si512(s3 + i, _mm512_rol_epi64(d1, 45));
    _mm512_storeu_pd(out + i,
                     _mm512_mul_pd(_mm512_cvtepu64_pd(_mm512_srli_epi64(result, 11)), _mm512_set1_pd(0x1.0p-53)));
  }
  return i;
}

// Per packet of 8 columns, row by row: h - coef p (this file is compiled without contraction, so the product
// is rounded before the subtraction, as in the row loop), + coef on the action's row, the running maximum
// (max_lanes); then the exponentials and their sum in row order (shifted_exp_lanes), 1 / sum and the rescale
// (scale_lanes).
kAvx512 std::ptrdiff_t score_step_softmax_lanes(double* h, std::ptrdiff_t hs, double* p, std::ptrdiff_t ps,
                                                std::ptrdiff_t k, std::ptrdiff_t n, const int* actions,
                                                const double* coef, double inv, bool* failed) {
  const __m512d low = _mm512_set1_pd(kLogMin), iv = _mm512_set1_pd(inv);
  const __m512d inf = _mm512_set1_pd(std::numeric_limits<double>::infinity());
  std::ptrdiff_t c = 0;
  for (; c + W <= n; c += W) {
    const __m512d cv = _mm512_loadu_pd(coef + c);
    const __m512i av = _mm512_cvtepi32_epi64(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(actions + c)));
    __m512d mv = _mm512_set1_pd(-std::numeric_limits<double>::infinity());
    for (std::ptrdiff_t j = 0; j < k; ++j) {
      double* hj = h + j * hs + c;
      __m512d x = _mm512_sub_pd(_mm512_loadu_pd(hj), _mm512_mul_pd(cv, _mm512_loadu_pd(p + j * ps + c)));
      x = _mm512_mask_add_pd(x, _mm512_cmpeq_epi64_mask(av, _mm512_set1_epi64(j)), x, cv);
      _mm512_storeu_pd(hj, x);
      mv = _mm512_max_pd(x, mv);  // max_lanes' maximum where no entry is NaN (a NaN makes the sum NaN below)
    }
    // max_lanes' maximum must be finite (softmax_columns' check: m > -inf && m < inf, false for NaN).
    const __mmask8 finite_max = _mm512_cmp_pd_mask(mv, _mm512_sub_pd(_mm512_setzero_pd(), inf), _CMP_GT_OQ) &
                                _mm512_cmp_pd_mask(mv, inf, _CMP_LT_OQ);
    if (finite_max != 0xff) {
      *failed = true;
      return c + W;
    }
    __m512d s = _mm512_setzero_pd();
    for (std::ptrdiff_t j = 0; j < k; ++j) {
      const __m512d e = exp_packet(_mm512_mul_pd(_mm512_sub_pd(_mm512_loadu_pd(h + j * hs + c), mv), iv), low);
      _mm512_storeu_pd(p + j * ps + c, e);
      s = _mm512_add_pd(s, e);
    }
    if (_mm512_cmp_pd_mask(s, inf, _CMP_LT_OQ) != 0xff) {  // NaN or +inf
      *failed = true;
      return c + W;
    }
    const __m512d r = _mm512_div_pd(_mm512_set1_pd(1.0), s);
    for (std::ptrdiff_t j = 0; j < k; ++j)
      _mm512_storeu_pd(p + j * ps + c, _mm512_mul_pd(_mm512_loadu_pd(p + j * ps + c), r));
  }
  return c;
}

#undef kAvx512

#endif

}  // namespace arbiter::core::kernels::avx512
