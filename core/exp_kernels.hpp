// The inner loops of the softmax family (internal to core/): a maximum, and sums and stores of
// exp((x - shift) * scale), over contiguous arrays with Eigen's SIMD packets, four packets at a time. The
// exponential is, for double, e^r by a degree-12 polynomial after rounding t / ln 2 (no division; within a
// few ulp) and, for float, 2^t by a degree-6 polynomial on the rounded exponent (relative error below 1e-7,
// 1.6 ulp). Contract: arguments are <= 0 (no overflow handling; the online pass of softmax.cpp discards
// the sums of a block whose arguments are larger), arguments below log(smallest normal) give exactly 0,
// and NaN propagates into the sums. The long loops prefetch a few KB ahead of their reads, and the
// streaming stores (kStream) bypass the cache for outputs too large to stay in it. In a build without AVX2
// and FMA, the float max, exp_pass, scale and stream_scaled and the double exp_inplace, shifted_exp_lanes,
// max_lanes and scale_lanes run exp_kernels_avx2.cpp's copies when the processor has both (the last three
// lane_kernels_avx512.cpp's, the same bits, where it has AVX-512).
#pragma once
#include "core/exp_double_constants.hpp"
#include "core/exp_kernels_avx2.hpp"
#include "core/lane_kernels_avx512.hpp"
#include "core/prefetch.hpp"

#include <Eigen/Core>
#if defined(__SSE2__)
#include <immintrin.h>
#endif
#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

namespace arbiter::core::kernels {

namespace ei = Eigen::internal;

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wignored-attributes"  // packet types carry vector attributes

// Non-temporal (cache-bypassing) stores of one packet to an address aligned to the packet's size; plain
// stores where the instruction set has none. stream_fence() orders them before what follows.
#if defined(__AVX__)
inline void stream(float* p, const __m256& v) { _mm256_stream_ps(p, v); }
inline void stream(double* p, const __m256d& v) { _mm256_stream_pd(p, v); }
#endif
#if defined(__SSE2__)
inline void stream(float* p, const __m128& v) { _mm_stream_ps(p, v); }
inline void stream(double* p, const __m128d& v) { _mm_stream_pd(p, v); }
inline void stream_fence() { _mm_sfence(); }
#else
inline void stream_fence() {}
#endif
template <class S, class P> void stream(S* p, const P& v) { ei::pstore(p, v); }

template <class S> struct Packets {
  using P = typename ei::packet_traits<S>::type;
  static constexpr Eigen::Index W = ei::unpacket_traits<P>::size;
  // Streamed outputs start at this alignment (32 bytes at least, for the AVX2 copies).
  static constexpr std::size_t kStreamAlign = sizeof(P) < 32 ? 32 : sizeof(P);
  static constexpr bool kDispatch = ARBITER_AVX2_DISPATCH && std::is_same_v<S, float>;
  static constexpr bool kDispatchLanes = ARBITER_AVX2_DISPATCH && std::is_same_v<S, double>;  // lane-wise loops

  // Float works in base 2 (t = a * log2 e), double in base e.
  static constexpr bool kBase2 = std::is_same_v<S, float>;
  static S unit() { return kBase2 ? S(1.4426950408889634) : S(1); }
  static S lowest() { return kBase2 ? S(std::numeric_limits<S>::min_exponent - 1) : std::log(std::numeric_limits<S>::min()); }

  static S scalar_exp(S a) { return a < std::log(std::numeric_limits<S>::min()) ? S(0) : std::exp(a); }

  // exp of t (in the units above), 0 below `low`.
  static P packet_exp(const P& t, const P& low) {
    if constexpr (kBase2) {
      using PI = typename ei::unpacket_traits<P>::integer_packet;
      const P tc = ei::pmax(t, ei::pset1<P>(S(-127)));  // keeps the exponent arithmetic in range; NaN stays
      const P n = ei::print(tc);
      const P f = ei::psub(tc, n);
      P p = ei::pset1<P>(1.5345810970757157e-4f);
      p = ei::pmadd(p, f, ei::pset1<P>(1.3399930903688073e-3f));
      p = ei::pmadd(p, f, ei::pset1<P>(9.618489071726799e-3f));
      p = ei::pmadd(p, f, ei::pset1<P>(5.550328642129898e-2f));
      p = ei::pmadd(p, f, ei::pset1<P>(2.4022646248340607e-1f));
      p = ei::pmadd(p, f, ei::pset1<P>(6.931471824645996e-1f));
      p = ei::pmadd(p, f, ei::pset1<P>(1.0f));
      const PI bits = ei::plogical_shift_left<23>(ei::padd(ei::pcast<P, PI>(n), ei::pset1<PI>(127)));
      return ei::pandnot(ei::pmul(p, ei::preinterpret<P>(bits)), ei::pcmp_lt(t, low));
    } else {
      // e^t = 2^n e^r: n = round(t log2 e) by the shifter, r = t - n ln 2 in two Cody-Waite steps, e^r by its
      // Taylor polynomial of degree 12 (exp_double_constants.hpp), 2^n written into the exponent bits. No division.
      // Valid for t <= 709 (n <= 1023); entries below `low` are masked to 0 before 2^n could underflow.
      typedef std::uint64_t I __attribute__((vector_size(sizeof(P))));  // GCC vector: 64-bit lanes, unsigned (wrapping)
      const P shifter = ei::pset1<P>(exp_double::kShifter);
      const P k = ei::pmadd(t, ei::pset1<P>(exp_double::kLog2e), shifter);
      const P n = ei::psub(k, shifter);
      P r = ei::pmadd(n, ei::pset1<P>(exp_double::kMinusLn2Hi), t);
      r = ei::pmadd(n, ei::pset1<P>(exp_double::kMinusLn2Lo), r);
      P q = ei::pset1<P>(exp_double::kTaylor[0]);
#pragma GCC unroll 12
      for (int i = 1; i < exp_double::kTerms; ++i) q = ei::pmadd(q, r, ei::pset1<P>(exp_double::kTaylor[i]));
      const I bits = ((std::bit_cast<I>(k) - std::bit_cast<I>(shifter)) + 1023) << 52;
      return ei::pandnot(ei::pmul(q, std::bit_cast<P>(bits)), ei::pcmp_lt(t, low));
    }
  }

  // max_i x_i (NaN may or may not be seen here; the sums below propagate it).
  static S max(const S* x, Eigen::Index n) {
    if constexpr (kDispatch)
      if (avx2::enabled()) return avx2::max(x, n);
    Eigen::Index i = 0;
    S m = -std::numeric_limits<S>::infinity();
    if (n >= 4 * W) {
      P m0 = ei::ploadu<P>(x), m1 = ei::ploadu<P>(x + W), m2 = ei::ploadu<P>(x + 2 * W), m3 = ei::ploadu<P>(x + 3 * W);
      for (i = 4 * W; i + 4 * W <= n; i += 4 * W) {
        prefetch_ahead<4 * sizeof(P)>(x + i);
        m0 = ei::pmax(m0, ei::ploadu<P>(x + i));
        m1 = ei::pmax(m1, ei::ploadu<P>(x + i + W));
        m2 = ei::pmax(m2, ei::ploadu<P>(x + i + 2 * W));
        m3 = ei::pmax(m3, ei::ploadu<P>(x + i + 3 * W));
      }
      m = ei::predux_max(ei::pmax(ei::pmax(m0, m1), ei::pmax(m2, m3)));
    }
    for (; i < n; ++i) m = x[i] > m || std::isnan(x[i]) ? x[i] : m;
    return m;
  }

  // sum_i exp((x_i - shift) * scale). kStore: also out_i = exp((x_i - shift) * scale) * mult. kMax: also
  // *max_out = max_i x_i, taken in the same pass. kStream: the stores stream (out aligned to a packet).
  template <bool kStore, bool kMax = false, bool kStream = false>
  static S exp_pass(const S* x, Eigen::Index n, S shift, S scale, S* out, S mult, S* max_out = nullptr) {
    if constexpr (kDispatch)
      if (avx2::enabled()) return avx2::exp_pass(x, n, shift, scale, out, mult, max_out, kStore, kMax, kStream);
    const P sh = ei::pset1<P>(shift), sc = ei::pset1<P>(scale * unit()), mu = ei::pset1<P>(mult);
    const P low = ei::pset1<P>(lowest());
    P s0 = ei::pset1<P>(S(0)), s1 = s0, s2 = s0, s3 = s0;
    P ma = ei::pset1<P>(-std::numeric_limits<S>::infinity()), mb = ma;
    Eigen::Index i = 0;
    const auto put = [out](Eigen::Index j, const P& v) {
      if constexpr (kStream) stream(out + j, v);
      else ei::pstoreu(out + j, v);
    };
    for (; i + 4 * W <= n; i += 4 * W) {
      prefetch_ahead<4 * sizeof(P)>(x + i);
      const P x0 = ei::ploadu<P>(x + i), x1 = ei::ploadu<P>(x + i + W);
      const P x2 = ei::ploadu<P>(x + i + 2 * W), x3 = ei::ploadu<P>(x + i + 3 * W);
      if constexpr (kMax) {
        ma = ei::pmax(ma, ei::pmax(x0, x1));
        mb = ei::pmax(mb, ei::pmax(x2, x3));
      }
      const P e0 = packet_exp(ei::pmul(ei::psub(x0, sh), sc), low);
      const P e1 = packet_exp(ei::pmul(ei::psub(x1, sh), sc), low);
      const P e2 = packet_exp(ei::pmul(ei::psub(x2, sh), sc), low);
      const P e3 = packet_exp(ei::pmul(ei::psub(x3, sh), sc), low);
      s0 = ei::padd(s0, e0);
      s1 = ei::padd(s1, e1);
      s2 = ei::padd(s2, e2);
      s3 = ei::padd(s3, e3);
      if constexpr (kStore) {
        put(i, ei::pmul(e0, mu));
        put(i + W, ei::pmul(e1, mu));
        put(i + 2 * W, ei::pmul(e2, mu));
        put(i + 3 * W, ei::pmul(e3, mu));
      }
    }
    for (; i + W <= n; i += W) {
      const P xv = ei::ploadu<P>(x + i);
      if constexpr (kMax) ma = ei::pmax(ma, xv);
      const P e = packet_exp(ei::pmul(ei::psub(xv, sh), sc), low);
      s0 = ei::padd(s0, e);
      if constexpr (kStore) put(i, ei::pmul(e, mu));
    }
    S s = ei::predux(ei::padd(ei::padd(s0, s1), ei::padd(s2, s3)));
    S m = ei::predux_max(ei::pmax(ma, mb));
    for (; i < n; ++i) {
      const S e = scalar_exp((x[i] - shift) * scale);
      s += e;
      if constexpr (kStore) out[i] = e * mult;
      if constexpr (kMax) m = x[i] > m ? x[i] : m;
    }
    if constexpr (kMax) *max_out = m;
    return s;
  }

  // x_i = exp(x_i) (x in the units above, 0 below `lowest()`), every entry by the packet exp, the last
  // partial packet through a padded copy: an entry's result does not depend on where it sits in the array.
  static void exp_inplace(S* x, Eigen::Index n) {
    if constexpr (kDispatchLanes)
      if (avx2::enabled()) return avx2::exp_inplace(x, n);
    const P low = ei::pset1<P>(lowest());
    Eigen::Index i = 0;
    for (; i + 4 * W <= n; i += 4 * W) {  // four independent packets in flight
      const P e0 = packet_exp(ei::ploadu<P>(x + i), low), e1 = packet_exp(ei::ploadu<P>(x + i + W), low);
      const P e2 = packet_exp(ei::ploadu<P>(x + i + 2 * W), low), e3 = packet_exp(ei::ploadu<P>(x + i + 3 * W), low);
      ei::pstoreu(x + i, e0);
      ei::pstoreu(x + i + W, e1);
      ei::pstoreu(x + i + 2 * W, e2);
      ei::pstoreu(x + i + 3 * W, e3);
    }
    for (; i + W <= n; i += W) ei::pstoreu(x + i, packet_exp(ei::ploadu<P>(x + i), low));
    if (i < n) {
      S pad[W] = {};
      for (Eigen::Index j = i; j < n; ++j) pad[j - i] = x[j];
      ei::pstoreu(pad, packet_exp(ei::ploadu<P>(pad), low));
      for (Eigen::Index j = i; j < n; ++j) x[j] = pad[j - i];
    }
  }

  // Lane-wise over k rows of `len` lanes (row j of x at x + j * xs, of out at out + j * os; m and sum have
  // len entries): out = exp((x - m) * inv) per entry (the units above), sum += out in row order, in one pass.
  // Each entry gets exactly what exp_inplace gives its argument (the last partial packet through pads).
  static void shifted_exp_lanes(const S* x, Eigen::Index xs, S* out, Eigen::Index os, Eigen::Index k,
                                Eigen::Index len, const S* m, S inv, S* sum) {
    if constexpr (kDispatchLanes)
      if (avx2::enabled())
        return avx512::enabled() ? avx512::shifted_exp_lanes(x, xs, out, os, k, len, m, inv, sum)
                                 : avx2::shifted_exp_lanes(x, xs, out, os, k, len, m, inv, sum);
    const P low = ei::pset1<P>(lowest()), iv = ei::pset1<P>(inv), un = ei::pset1<P>(unit());
    auto arg = [&](const P& xv, const P& mv) {
      const P t = ei::pmul(ei::psub(xv, mv), iv);
      return kBase2 ? ei::pmul(t, un) : t;
    };
    Eigen::Index c = 0;
    for (; c + W <= len; c += W) {
      const P mv = ei::ploadu<P>(m + c);
      P s = ei::ploadu<P>(sum + c);
      for (Eigen::Index j = 0; j < k; ++j) {
        const P e = packet_exp(arg(ei::ploadu<P>(x + j * xs + c), mv), low);
        ei::pstoreu(out + j * os + c, e);
        s = ei::padd(s, e);
      }
      ei::pstoreu(sum + c, s);
    }
    if (c < len) {
      S mp[W] = {}, sp[W] = {}, xp[W] = {}, ep[W];
      for (Eigen::Index l = c; l < len; ++l) {
        mp[l - c] = m[l];
        sp[l - c] = sum[l];
      }
      const P mv = ei::ploadu<P>(mp);
      P s = ei::ploadu<P>(sp);
      for (Eigen::Index j = 0; j < k; ++j) {
        for (Eigen::Index l = c; l < len; ++l) xp[l - c] = x[j * xs + l];
        const P e = packet_exp(arg(ei::ploadu<P>(xp), mv), low);
        s = ei::padd(s, e);
        ei::pstoreu(ep, e);
        for (Eigen::Index l = c; l < len; ++l) out[j * os + l] = ep[l - c];
      }
      ei::pstoreu(sp, s);
      for (Eigen::Index l = c; l < len; ++l) sum[l] = sp[l - c];
    }
  }

  // Lane-wise over k rows of `len` lanes (row j of x at x + j * xs): m[c] = max_j x[j, c], a NaN kept as
  // max() keeps it. Exact, so every path and width gives the same bits.
  static void max_lanes(const S* x, Eigen::Index xs, Eigen::Index k, Eigen::Index len, S* m) {
    if constexpr (kDispatchLanes)
      if (avx2::enabled())
        return avx512::enabled() ? avx512::max_lanes(x, xs, k, len, m) : avx2::max_lanes(x, xs, k, len, m);
    std::fill(m, m + len, -std::numeric_limits<S>::infinity());
    for (Eigen::Index j = 0; j < k; ++j) {
      const S* xj = x + j * xs;
      for (Eigen::Index c = 0; c < len; ++c) m[c] = xj[c] > m[c] || std::isnan(xj[c]) ? xj[c] : m[c];
    }
  }

  // Lane-wise: sum[c] = 1 / sum[c], then out[j, c] *= sum[c] over k rows (row j at out + j * os).
  static void scale_lanes(S* out, Eigen::Index os, Eigen::Index k, Eigen::Index len, S* sum) {
    if constexpr (kDispatchLanes)
      if (avx2::enabled())
        return avx512::enabled() ? avx512::scale_lanes(out, os, k, len, sum) : avx2::scale_lanes(out, os, k, len, sum);
    for (Eigen::Index c = 0; c < len; ++c) sum[c] = S(1) / sum[c];
    for (Eigen::Index j = 0; j < k; ++j) {
      S* o = out + j * os;
      for (Eigen::Index c = 0; c < len; ++c) o[c] *= sum[c];
    }
  }

  // out_i *= mult.
  static void scale(S* out, Eigen::Index n, S mult) {
    if constexpr (kDispatch)
      if (avx2::enabled()) return avx2::scale(out, n, mult);
    const P mu = ei::pset1<P>(mult);
    Eigen::Index i = 0;
    for (; i + W <= n; i += W) ei::pstoreu(out + i, ei::pmul(ei::ploadu<P>(out + i), mu));
    for (; i < n; ++i) out[i] *= mult;
  }

  // The entries before out + the returned index precede the first address aligned to kStreamAlign.
  static Eigen::Index misaligned_head(const S* out, Eigen::Index n) {
    Eigen::Index i = 0;
    while (i < n && reinterpret_cast<std::uintptr_t>(out + i) % kStreamAlign != 0) ++i;
    return i;
  }

  // The width of the packets exp_pass computes with (8 when it runs the AVX2 copies).
  static Eigen::Index lanes() {
    if constexpr (kDispatch)
      if (avx2::enabled()) return 8;
    return W;
  }

  // What exp_pass<true> stores (out_i = exp((x_i - shift) * scale) * mult, the same bits entry by entry,
  // wherever out sits), with streaming stores from the first entry aligned to kStreamAlign on. The entries
  // before it and the last partial packet are taken from whole packets in a buffer. Needs n >= 64.
  static void exp_store_streamed(const S* x, Eigen::Index n, S shift, S scale, S* out, S mult) {
    const Eigen::Index w = lanes();
    const Eigen::Index packed = n - n % w;  // exp_pass takes these by packets, the rest one by one
    const Eigen::Index a = misaligned_head(out, packed), b = a + (packed - a) / w * w;
    if (a >= static_cast<Eigen::Index>(kStreamAlign / sizeof(S))) {  // out not aligned to its own type
      exp_pass<true>(x, n, shift, scale, out, mult);
      return;
    }
    exp_pass<true, false, true>(x + a, b - a, shift, scale, out + a, mult);
    S edge[32];
    exp_pass<true>(x, (a + w - 1) / w * w, shift, scale, edge, mult);
    for (Eigen::Index i = 0; i < a; ++i) out[i] = edge[i];
    exp_pass<true>(x + packed - w, w, shift, scale, edge, mult);
    for (Eigen::Index i = b; i < packed; ++i) out[i] = edge[i - (packed - w)];
    exp_pass<true>(x + packed, n - packed, shift, scale, out + packed, mult);
  }

  // out_i = x_i * mult, with streaming stores from the first entry aligned to kStreamAlign.
  static void stream_scaled(const S* x, Eigen::Index n, S mult, S* out) {
    const Eigen::Index head = misaligned_head(out, n);
    for (Eigen::Index i = 0; i < head; ++i) out[i] = x[i] * mult;
    if constexpr (kDispatch)
      if (avx2::enabled()) return avx2::stream_scaled(x + head, n - head, mult, out + head);
    const P mu = ei::pset1<P>(mult);
    Eigen::Index i = head;
    for (; i + W <= n; i += W) stream(out + i, ei::pmul(ei::ploadu<P>(x + i), mu));
    for (; i < n; ++i) out[i] = x[i] * mult;
  }
};

#pragma GCC diagnostic pop

}  // namespace arbiter::core::kernels
