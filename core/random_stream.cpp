#include "core/random_stream.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <stdexcept>
#include <Eigen/Core>
#include "core/exp_kernels_avx2.hpp"
#include "core/lane_kernels_avx512.hpp"

namespace arbiter::core {
namespace {

std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::uint64_t mix(std::uint64_t a, std::uint64_t b) {
  std::uint64_t s = a ^ (0x6a09e667f3bcc909ULL + (b << 6) + (b >> 2));
  std::uint64_t h = splitmix64(s);
  s = h ^ b;
  return splitmix64(s);
}

__extension__ typedef unsigned __int128 uint128;

using detail::rotl;

}  // namespace

namespace detail {
namespace {

namespace ei = Eigen::internal;
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wignored-attributes"  // packet types carry vector attributes
using P = ei::packet_traits<double>::type;
constexpr std::size_t kW = ei::unpacket_traits<P>::size;
typedef std::int64_t I __attribute__((vector_size(sizeof(P))));  // GCC vector: 64-bit integer lanes

// s = 2^e m with m in [sqrt(1/2), sqrt(2)); log m = 2 atanh(f / (2 + f)) = t + t z (1/3 + z/5 + ... + z^9/21)
// with f = m - 1, t = 2 f / (2 + f), z = (t / 2)^2 <= 0.0295 (truncation below 3e-17); e ln 2 in two parts
// (ln2_hi has trailing zero bits, so e ln2_hi is exact).
P packet_log(const P& x) {
  const I bits = std::bit_cast<I>(x);
  const I exponent = (bits >> 52) - 1023;
  const P m1 = std::bit_cast<P>((bits & 0x000fffffffffffffLL) | 0x3ff0000000000000LL);  // in [1, 2)
  const P big = ei::pcmp_lt(ei::pset1<P>(1.4142135623730951), m1);
  const P m = ei::pselect(big, ei::pmul(m1, ei::pset1<P>(0.5)), m1);
  const I e = exponent - std::bit_cast<I>(big);  // big lanes are all ones, -1
  const P shifter = ei::pset1<P>(0x1.8p52);
  const P ed = ei::psub(std::bit_cast<P>(std::bit_cast<I>(shifter) + e), shifter);  // e as a double
  const P f = ei::psub(m, ei::pset1<P>(1.0));
  const P half_t = ei::pdiv(f, ei::padd(ei::pset1<P>(2.0), f));
  const P t = ei::padd(half_t, half_t);
  const P z = ei::pmul(half_t, half_t);
  P q = ei::pset1<P>(1.0 / 21.0);
  for (const double c : {1.0 / 19.0, 1.0 / 17.0, 1.0 / 15.0, 1.0 / 13.0, 1.0 / 11.0, 1.0 / 9.0, 1.0 / 7.0, 1.0 / 5.0,
                         1.0 / 3.0})
    q = ei::pmadd(q, z, ei::pset1<P>(c));
  const P log_m = ei::pmadd(ei::pmul(t, z), q, t);
  return ei::padd(ei::pmul(ed, ei::pset1<P>(6.93147180369123816490e-01)),
                  ei::pmadd(ed, ei::pset1<P>(1.90821492927058770002e-10), log_m));
}

#pragma GCC diagnostic pop

}  // namespace

// In a build without AVX2 and FMA, exp_kernels_avx2.cpp's copy when the processor has both (the native bits).
void logs_inplace(double* s, std::size_t n) {
  if (ARBITER_AVX2_DISPATCH && kernels::avx2::enabled())
    return kernels::avx2::logs_inplace(s, static_cast<std::ptrdiff_t>(n));
  std::size_t i = 0;
  for (; i + kW <= n; i += kW) ei::pstoreu(s + i, packet_log(ei::ploadu<P>(s + i)));
  if (i < n) {
    double pad[kW];
    for (std::size_t j = 0; j < kW; ++j) pad[j] = i + j < n ? s[i + j] : 1.0;
    ei::pstoreu(pad, packet_log(ei::ploadu<P>(pad)));
    for (std::size_t j = i; j < n; ++j) s[j] = pad[j - i];
  }
}

double polar_log(double s) {
  if (ARBITER_AVX2_DISPATCH && kernels::avx2::enabled()) {
    kernels::avx2::logs_inplace(&s, 1);
    return s;
  }
  return ei::pfirst(packet_log(ei::pset1<P>(s)));
}

}  // namespace detail

RandomStream::RandomStream(std::uint64_t seed, std::uint64_t index) : identity_(mix(mix(seed, 0x5eedULL), index)) {
  std::uint64_t sm = identity_;
  for (auto& s : s_) s = splitmix64(sm);
}

RandomStream RandomStream::substream(std::uint64_t index) const { return RandomStream(identity_, index); }

void RandomStream::fill(std::uint64_t* out, std::size_t n) {
  std::uint64_t s0 = s_[0], s1 = s_[1], s2 = s_[2], s3 = s_[3];
  for (std::size_t i = 0; i < n; ++i) {
    out[i] = rotl(s1 * 5, 7) * 9;
    const std::uint64_t t = s1 << 17;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 45);
  }
  s_[0] = s0;
  s_[1] = s1;
  s_[2] = s2;
  s_[3] = s3;
}

double RandomStream::uniform_open() { return (static_cast<double>(next_u64() >> 11) + 0.5) * 0x1.0p-53; }

double RandomStream::uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }

std::uint64_t RandomStream::uniform_int(std::uint64_t n) {
  if (n == 0) throw std::invalid_argument("RandomStream::uniform_int: n must be > 0");
  // Lemire's nearly divisionless method: unbiased.
  uint128 m = static_cast<uint128>(next_u64()) * n;
  std::uint64_t low = static_cast<std::uint64_t>(m);
  if (low < n) {
    const std::uint64_t threshold = (0 - n) % n;
    while (low < threshold) {
      m = static_cast<uint128>(next_u64()) * n;
      low = static_cast<std::uint64_t>(m);
    }
  }
  return static_cast<std::uint64_t>(m >> 64);
}

void RandomStream::normals(RandomStream* streams, std::size_t n, const double* mean, const double* sd, double* out) {
  constexpr std::size_t kChunk = 64;
  double u[kChunk], v[kChunk], s[kChunk], f[kChunk];
  for (std::size_t c0 = 0; c0 < n; c0 += kChunk) {
    const std::size_t len = std::min(kChunk, n - c0);
    RandomStream* st = streams + c0;
    for (std::size_t i = 0; i < len; ++i) {  // the polar method's draws and logarithm, stream by stream
      if (st[i].has_spare_) {
        u[i] = v[i] = 0.0;
        s[i] = f[i] = 1.0;
        continue;
      }
      st[i].polar_point(u[i], v[i], s[i]);
      f[i] = s[i];
    }
    if (ARBITER_AVX2_DISPATCH && kernels::avx2::enabled()) {  // the same bits, in one AVX2 pass
      if (kernels::avx512::enabled()) kernels::avx512::polar_factors(s, f, static_cast<std::ptrdiff_t>(len));
      else kernels::avx2::polar_factors(s, f, static_cast<std::ptrdiff_t>(len));
    } else {
      detail::logs_inplace(f, len);
      Eigen::Map<Eigen::ArrayXd> fa(f, static_cast<Eigen::Index>(len));
      fa = (-2.0 * fa / Eigen::Map<const Eigen::ArrayXd>(s, static_cast<Eigen::Index>(len))).sqrt();
    }
    for (std::size_t i = 0; i < len; ++i) {
      const std::size_t j = c0 + i;
      out[j] = st[i].has_spare_ ? st[i].take_spare(mean[j], sd[j]) : st[i].polar_draw(mean[j], sd[j], u[i], v[i], f[i]);
    }
  }
}

double RandomStream::gumbel() { return -std::log(-std::log(uniform_open())); }

bool RandomStream::bernoulli(double p) { return uniform() < p; }

}  // namespace arbiter::core
