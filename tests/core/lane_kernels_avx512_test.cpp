#include <catch2/catch.hpp>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "core/categorical_batch.hpp"
#include "core/lane_kernels_avx512.hpp"
#include "core/random_stream.hpp"
#include "core/softmax.hpp"

using namespace arbiter::core;

namespace {

struct Avx512Path {
  explicit Avx512Path(bool on) { kernels::avx512::allow(on); }
  ~Avx512Path() { kernels::avx512::allow(true); }
  Avx512Path(const Avx512Path&) = delete;
  Avx512Path& operator=(const Avx512Path&) = delete;
};

bool same_bits(double a, double b) { return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b); }

std::size_t differing(const double* a, const double* b, std::size_t n) {
  std::size_t d = 0;
  for (std::size_t i = 0; i < n; ++i) d += same_bits(a[i], b[i]) ? 0 : 1;
  return d;
}

// The processor runs the AVX-512 copies in this build (else the tests below compare a path with itself).
bool avx512_runs() {
  static const bool on = kernels::avx512::enabled();
  return on;
}

}  // namespace

TEST_CASE("softmax_columns gives the same bits with and without the AVX-512 lane loops", "[core][softmax][kernels]") {
  if (!avx512_runs()) WARN("the AVX-512 copies do not run here: both sides below take the same path");
  RandomStream rng(51, 0);
  for (const Eigen::Index n : {Eigen::Index(1), Eigen::Index(7), Eigen::Index(8), Eigen::Index(13),
                               Eigen::Index(32), Eigen::Index(77)}) {
    for (const double T : {1.0, 0.35}) {
      const Eigen::Index k = 10;
      Batch<double> h(k, n), wide(k, n), narrow(k, n);
      for (Eigen::Index i = 0; i < h.size(); ++i) h.data()[i] = rng.normal(0.0, i % 3 ? 2.0 : 300.0);
      h(0, 0) = -std::numeric_limits<double>::infinity();  // an entry of probability exactly 0
      {
        const Avx512Path path(true);
        softmax_columns<double>(h, wide, T);
      }
      {
        const Avx512Path path(false);
        softmax_columns<double>(h, narrow, T);
      }
      INFO("n = " << n << ", T = " << T);
      CHECK(differing(wide.data(), narrow.data(), static_cast<std::size_t>(h.size())) == 0);
      CHECK(wide(0, 0) == 0.0);
      CHECK(wide.col(n - 1).sum() == Approx(1.0).epsilon(1e-15));
    }
  }
  // Arguments around log(smallest normal) (about -708.4): results near and below the normal range, or 0.
  {
    const Eigen::Index k = 3, n = 400;
    Batch<double> h(k, n), wide(k, n), narrow(k, n);
    for (Eigen::Index c = 0; c < n; ++c) {
      h(0, c) = 0.0;
      h(1, c) = -706.0 - 0.01 * static_cast<double>(c);
      h(2, c) = std::nextafter(-708.39641853226408, static_cast<double>(c % 3) - 1.0);
    }
    {
      const Avx512Path path(true);
      softmax_columns<double>(h, wide, 1.0);
    }
    {
      const Avx512Path path(false);
      softmax_columns<double>(h, narrow, 1.0);
    }
    CHECK(differing(wide.data(), narrow.data(), static_cast<std::size_t>(h.size())) == 0);
    CHECK(wide(1, 0) > 0.0);
    CHECK(wide(1, n - 1) == 0.0);
  }
  // A NaN in column 11 of 16 (in the second packet of 8) is named on both paths.
  Batch<double> h = Batch<double>::Zero(5, 16), p(5, 16);
  h(2, 11) = std::numeric_limits<double>::quiet_NaN();
  for (const bool on : {true, false}) {
    const Avx512Path path(on);
    CHECK_THROWS_WITH(softmax_columns<double>(h, p, 1.0), Catch::Contains("column 11"));
  }
}

TEST_CASE("the columns draw gives the same arms with and without the AVX-512 lane loops", "[core][sampling]") {
  RandomStream rng(52, 0);
  const Eigen::Index k = 10, n = 45;
  Batch<double> logits(k, n), p(k, n);
  for (Eigen::Index i = 0; i < logits.size(); ++i) logits.data()[i] = rng.normal(0.0, 1.5);
  softmax_columns<double>(logits, p, 1.0);
  for (Eigen::Index c = 0; c < n; c += 3) p(k - 1, c) = 0.0;  // a last entry of 0: never drawn
  std::vector<double> u(static_cast<std::size_t>(n));
  for (int round = 0; round < 200; ++round) {
    for (auto& x : u) x = round == 0 ? std::nextafter(1.0, 0.0) : rng.uniform();
    std::vector<int> wide(u.size()), narrow(u.size());
    {
      const Avx512Path path(true);
      sample_inverse_cdf_columns<double>(p, u.data(), wide.data());
    }
    {
      const Avx512Path path(false);
      sample_inverse_cdf_columns<double>(p, u.data(), narrow.data());
    }
    REQUIRE(wide == narrow);
    for (Eigen::Index c = 0; c < n; ++c) REQUIRE(p(wide[static_cast<std::size_t>(c)], c) > 0.0);
  }
  // A negative entry in column 20 is named on both paths.
  p(4, 20) = -0.1;
  for (const bool on : {true, false}) {
    const Avx512Path path(on);
    CHECK_THROWS_WITH(sample_inverse_cdf_columns<double>(p, u.data(), std::vector<int>(u.size()).data()),
                      Catch::Contains("column 20"));
  }
}

TEST_CASE("normals across streams give the same bits and states with and without the AVX-512 lane loops",
          "[core][random]") {
  for (const std::size_t n : {std::size_t(1), std::size_t(8), std::size_t(21), std::size_t(64), std::size_t(70)}) {
    std::vector<RandomStream> a, b;
    for (std::size_t i = 0; i < n; ++i) {
      a.emplace_back(53, i);
      b.emplace_back(53, i);
    }
    std::vector<double> mean(n), sd(n), wide(n), narrow(n);
    for (std::size_t i = 0; i < n; ++i) {
      mean[i] = static_cast<double>(i) - 3.0;
      sd[i] = 0.5 + 0.1 * static_cast<double>(i);
    }
    for (int round = 0; round < 5; ++round) {  // pairs and their spares
      {
        const Avx512Path path(true);
        RandomStream::normals(a.data(), n, mean.data(), sd.data(), wide.data());
      }
      {
        const Avx512Path path(false);
        RandomStream::normals(b.data(), n, mean.data(), sd.data(), narrow.data());
      }
      INFO("n = " << n << ", round " << round);
      CHECK(differing(wide.data(), narrow.data(), n) == 0);
    }
    for (std::size_t i = 0; i < n; ++i) CHECK(a[i].next_u64() == b[i].next_u64());
  }
}
