// Seeded random streams: the only source of randomness in Arbiter. A stream is fixed by (seed, index): the
// same pair gives the same numbers on every platform and thread count, and distinct indices give
// statistically independent streams (xoshiro256** seeded through SplitMix64). Run r of an experiment uses
// RandomStream(seed, r); a stream may derive child streams with substream().
#pragma once
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>

namespace arbiter::core {

namespace detail {
inline std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
// log s for the polar method's s = u^2 + v^2 in (0, 1) (positive and normal; others are unspecified), within
// 2 ulp of std::log. logs_inplace does n of them SIMD, each giving exactly what polar_log gives.
double polar_log(double s);
void logs_inplace(double* s, std::size_t n);
}  // namespace detail

class RandomStream {
 public:
  using result_type = std::uint64_t;
  explicit RandomStream(std::uint64_t seed, std::uint64_t index = 0);

  // A stream for (this stream's identity, index), independent of how much of this one was consumed.
  RandomStream substream(std::uint64_t index) const;

  std::uint64_t next_u64();
  // n draws into out: the same numbers as n calls of next_u64, with the state held in registers (bulk use).
  void fill(std::uint64_t* out, std::size_t n);
  result_type operator()() { return next_u64(); }
  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }

  double uniform();                              // [0, 1), 53 random bits
  double uniform_open();                         // (0, 1): safe under log()
  double uniform(double lo, double hi);          // [lo, hi)
  std::uint64_t uniform_int(std::uint64_t n);    // [0, n), unbiased; n > 0
  double normal(double mean = 0.0, double sd = 1.0);
  // out[i] = streams[i].normal(mean[i], sd[i]) for i < n, the same bits and the same stream states, with
  // the divisions and square roots of the polar method taken SIMD across the streams (many runs at once).
  static void normals(RandomStream* streams, std::size_t n, const double* mean, const double* sd, double* out);
  double gumbel();                               // standard Gumbel: -log(-log U)
  bool bernoulli(double p);

 private:
  friend class RandomStreamLanes;  // holds many streams' words side by side (random_stream_lanes.hpp)

  // Marsaglia's polar method, shared by normal() and normals(): the spare of the last pair, if any; an
  // accepted point (u, v) of the unit disc without 0 with s = u^2 + v^2; and, given f = sqrt(-2 log s / s),
  // the draw mean + sd u f with v f kept as the spare.
  double take_spare(double mean, double sd) {
    has_spare_ = false;
    return mean + sd * spare_normal_;
  }
  void polar_point(double& u, double& v, double& s) {
    do {
      u = 2.0 * uniform() - 1.0;
      v = 2.0 * uniform() - 1.0;
      s = u * u + v * v;
    } while (s >= 1.0 || s == 0.0);
  }
  double polar_draw(double mean, double sd, double u, double v, double f) {
    spare_normal_ = v * f;
    has_spare_ = true;
    return mean + sd * u * f;
  }

  std::uint64_t s_[4];
  std::uint64_t identity_;
  double spare_normal_ = 0.0;
  bool has_spare_ = false;
};

// The draws on every hot path, inline.

inline std::uint64_t RandomStream::next_u64() {
  const std::uint64_t result = detail::rotl(s_[1] * 5, 7) * 9;
  const std::uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = detail::rotl(s_[3], 45);
  return result;
}

inline double RandomStream::uniform() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }

inline double RandomStream::normal(double mean, double sd) {
  if (has_spare_) return take_spare(mean, sd);
  double u, v, s;
  polar_point(u, v, s);
  return polar_draw(mean, sd, u, v, std::sqrt(-2.0 * detail::polar_log(s) / s));
}

}  // namespace arbiter::core
