// core::score_step_softmax_columns: the score step h += coef (e_a - p) and the new softmax in one call give,
// bit for bit, the two steps written out (the row loop, then softmax_columns), on every kernel path.
#include <catch2/catch.hpp>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <vector>

#include "core/exp_kernels_avx2.hpp"
#include "core/lane_kernels_avx512.hpp"
#include "core/random_stream.hpp"
#include "core/softmax.hpp"
#include "core/softmax_score_step.hpp"

using namespace arbiter::core;

namespace {

struct Paths {
  Paths(bool avx2, bool avx512) {
    kernels::avx2::allow(avx2);
    kernels::avx512::allow(avx512);
  }
  ~Paths() {
    kernels::avx2::allow(true);
    kernels::avx512::allow(true);
  }
  Paths(const Paths&) = delete;
  Paths& operator=(const Paths&) = delete;
};

bool same_bits(double a, double b) { return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b); }

// The two steps written out, entry by entry (as the build compiles h -= coef p: a portable build never fuses
// it, a native one may, in both places alike).
void written_out(Batch<double>& h, Batch<double>& p, const std::vector<int>& a, const std::vector<double>& coef,
                 double T) {
  for (Eigen::Index c = 0; c < h.cols(); ++c) {
    for (Eigen::Index j = 0; j < h.rows(); ++j) h(j, c) -= coef[static_cast<std::size_t>(c)] * p(j, c);
    h(a[static_cast<std::size_t>(c)], c) += coef[static_cast<std::size_t>(c)];
  }
  softmax_columns<double>(h, p, T);
}

}  // namespace

TEST_CASE("the score step and softmax in one call equal the two steps written out, bit for bit",
          "[core][softmax][score_step]") {
  const auto [avx2, avx512] = GENERATE(std::pair(true, true), std::pair(true, false), std::pair(false, false));
  const Paths paths(avx2, avx512);
  INFO("AVX2 copies " << kernels::avx2::enabled() << ", AVX-512 copies " << kernels::avx512::enabled());
  RandomStream rng(61, 0);
  for (const Eigen::Index n : {Eigen::Index(1), Eigen::Index(8), Eigen::Index(16), Eigen::Index(29)}) {
    for (const double T : {1.0, 0.4, 3.0}) {
      const Eigen::Index k = 10;
      Batch<double> logits(k, n), h(k, n), p(k, n);
      for (Eigen::Index i = 0; i < logits.size(); ++i) logits.data()[i] = rng.normal(0.0, 2.0);
      std::vector<int> a(static_cast<std::size_t>(n));
      std::vector<double> coef(static_cast<std::size_t>(n));
      for (auto& x : a) x = static_cast<int>(rng.uniform_int(k));
      for (auto& x : coef) x = rng.normal(0.0, 0.7);
      softmax_columns<double>(logits, p, T);
      h = logits;
      Batch<double> h_ref = h, p_ref = p;
      score_step_softmax_columns(h, p, a.data(), coef.data(), T);
      written_out(h_ref, p_ref, a, coef, T);
      std::size_t differ = 0;
      for (Eigen::Index i = 0; i < h.size(); ++i)
        differ += (same_bits(h.data()[i], h_ref.data()[i]) && same_bits(p.data()[i], p_ref.data()[i])) ? 0 : 1;
      INFO("n = " << n << ", T = " << T);
      CHECK(differ == 0);
      // The step is the log-softmax gradient: column 0's h moved by coef (e_a - p_old).
      CHECK(h(a[0], 0) - logits(a[0], 0) == Approx(coef[0] * (1.0 - softmax<double>(logits.col(0), T)[a[0]])));
      CHECK(p.col(n - 1).sum() == Approx(1.0).epsilon(1e-15));
    }
  }
}

TEST_CASE("a column the score step drives to +inf is named within the whole batch", "[core][softmax][score_step]") {
  const bool avx512 = GENERATE(true, false);
  const Paths paths(true, avx512);
  const Eigen::Index k = 4, n = 27;
  Batch<double> h = Batch<double>::Zero(k, n), p(k, n);
  softmax_columns<double>(h, p, 1.0);
  std::vector<int> a(static_cast<std::size_t>(n), 2);
  std::vector<double> coef(static_cast<std::size_t>(n), 0.5);
  for (const Eigen::Index bad : {Eigen::Index(3), Eigen::Index(13), Eigen::Index(25)}) {
    Batch<double> hb = h, pb = p;
    hb(1, bad) = std::numeric_limits<double>::max();
    coef[static_cast<std::size_t>(bad)] = -std::numeric_limits<double>::max();  // h(1) - coef p(1) overflows
    INFO("bad column " << bad);
    CHECK_THROWS_WITH(score_step_softmax_columns(hb, pb, a.data(), coef.data(), 1.0),
                      Catch::Contains("column " + std::to_string(bad)));
    CHECK(hb(1, bad) == std::numeric_limits<double>::infinity());
    CHECK(hb(2, n - 1) == 0.5 * (1.0 - 0.25));  // every column stepped
    coef[static_cast<std::size_t>(bad)] = 0.5;
  }
}
