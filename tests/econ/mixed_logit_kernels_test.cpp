// econ::kernels (the mixed logit's loops over the draws) against plain scalar loops on both paths (the AVX2 +
// FMA copies and the portable Eigen ones), with R ragged against the packet widths; and one whole evaluation
// of the Electricity panel on both paths.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "core/exp_kernels_avx2.hpp"
#include "core/random_stream.hpp"
#include "econ/mixed_logit.hpp"
#include "econ/mixed_logit_kernels.hpp"
#include "tests/econ/electricity_panel.hpp"

using namespace arbiter;

namespace {

struct KernelPath {
  explicit KernelPath(bool avx2) { core::kernels::avx2::allow(avx2); }
  ~KernelPath() { core::kernels::avx2::allow(true); }
};

template <class T> std::vector<T> randoms(std::size_t n, std::uint64_t seed, double lo, double hi) {
  core::RandomStream rng(seed, 0);
  std::vector<T> v(n);
  for (auto& x : v) x = static_cast<T>(lo + (hi - lo) * rng.uniform());
  return v;
}

template <class S, class Z> void check_kernels(double tol) {
  for (bool avx2 : {true, false}) {
    KernelPath path(avx2);
    for (std::ptrdiff_t R : {1, 3, 4, 7, 8, 9, 31, 1500})
      for (int D : {0, 1, 3, 5}) {
        const auto n = static_cast<std::size_t>(R);
        std::vector<std::vector<Z>> z;
        std::vector<const Z*> src;
        for (int d = 0; d < D; ++d) z.push_back(randoms<Z>(n, static_cast<std::uint64_t>(10 * R + d), -3.0, 3.0));
        for (const auto& row : z) src.push_back(row.data());
        const auto a = randoms<S>(static_cast<std::size_t>(D) + 1, static_cast<std::uint64_t>(R), -2.0, 2.0);
        std::vector<S> v(n);
        econ::kernels::utility_row<S, Z>(S(0.25), a.data(), src.data(), D, R, v.data());
        for (std::size_t r = 0; r < n; ++r) {
          double expect = 0.25;
          for (int d = 0; d < D; ++d) expect += static_cast<double>(a[static_cast<std::size_t>(d)]) * static_cast<double>(z[static_cast<std::size_t>(d)][r]);
          CHECK(static_cast<double>(v[r]) == Approx(expect).margin(tol * 10).epsilon(tol));
        }
        // The weighted sums with D factors and a null one (t equals t[0]) after them.
        const auto w = randoms<S>(n, 3, 0.0, 1.0), p = randoms<S>(n, 4, 0.0, 1.0);
        std::vector<const Z*> g = src;
        g.push_back(nullptr);
        std::vector<double> t(g.size() + 1);
        econ::kernels::weighted_sums<S, Z>(w.data(), p.data(), g.data(), static_cast<int>(g.size()), R, t.data());
        double t0 = 0.0;
        for (std::size_t r = 0; r < n; ++r) t0 += static_cast<double>(w[r]) * static_cast<double>(p[r]);
        CHECK(t[0] == Approx(t0).epsilon(tol * 10));
        for (int d = 0; d < D; ++d) {
          double tj = 0.0, scale = 0.0;
          for (std::size_t r = 0; r < n; ++r) {
            const double term = static_cast<double>(w[r]) * static_cast<double>(p[r]) * static_cast<double>(z[static_cast<std::size_t>(d)][r]);
            tj += term;
            scale += std::abs(term);
          }
          CHECK(std::abs(t[static_cast<std::size_t>(d) + 1] - tj) <= tol * 10 * scale);
        }
        CHECK(t.back() == t[0]);
        double sum = 0.0, least = 0.0;
        econ::kernels::sum_and_min<S>(p.data(), R, &sum, &least);
        double s = 0.0, m = static_cast<double>(p[0]);
        for (auto x : p) {
          s += static_cast<double>(x);
          m = std::min(m, static_cast<double>(x));
        }
        CHECK(sum == Approx(s).epsilon(1e-14));
        CHECK(least == m);
      }
  }
}

}  // namespace

TEST_CASE("the mixed logit's kernels equal scalar loops on both paths (double, float, double from float draws)",
          "[mixed_logit][kernels]") {
  check_kernels<double, double>(1e-14);
  check_kernels<double, float>(1e-14);
  check_kernels<float, float>(1e-6);
}

TEST_CASE("the Electricity panel's simulated log-likelihood and gradient agree on the AVX2 and portable paths",
          "[mixed_logit][kernels]") {
  std::vector<econ::CoefficientSpec> spec;
  for (const char* v : {"pf", "cl", "loc", "wk", "tod", "seas"}) spec.push_back({v, econ::Distribution::normal, false});
  econ::DrawOptions draws;
  draws.draws = 100;
  const econ::MixedLogit m(test_econ::electricity_panel(), econ::RandomCoefficients(spec), draws, true, 1);
  Eigen::VectorXd theta(12);
  theta << -0.97, -0.21, 2.1, 1.5, -9.4, -9.6, 0.2, 0.4, 1.8, 1.1, 2.2, 1.4;
  const auto fast = m.evaluate(theta, true);
  KernelPath portable(false);
  const auto plain = m.evaluate(theta, true);
  CHECK(fast.value == Approx(plain.value).epsilon(1e-12));
  for (Eigen::Index k = 0; k < theta.size(); ++k)
    CHECK(fast.gradient[k] == Approx(plain.gradient[k]).epsilon(1e-9).margin(1e-9));
}

TEST_CASE("the weighted sums' bits do not depend on how many sums share a pass (one factor at a time, or 13)",
          "[mixed_logit][kernels]") {
  auto check = [](auto s_tag, auto z_tag) {
    using S = decltype(s_tag);
    using Z = decltype(z_tag);
    for (std::ptrdiff_t R : {1, 2, 3, 5, 6, 7, 9, 10, 11, 33, 1498, 1499, 1500}) {
      const auto n = static_cast<std::size_t>(R);
      std::vector<std::vector<Z>> z;
      std::vector<const Z*> g;
      for (int j = 0; j < 13; ++j) z.push_back(randoms<Z>(n, static_cast<std::uint64_t>(50 * R + j), -3.0, 3.0));
      for (const auto& row : z) g.push_back(row.data());
      const auto w = randoms<S>(n, 5, 0.0, 1.0), p = randoms<S>(n, 6, 0.0, 1.0);
      std::vector<double> all(14);
      econ::kernels::weighted_sums<S, Z>(w.data(), p.data(), g.data(), 13, R, all.data());
      for (int j = 0; j < 13; ++j) {
        double one[2];
        econ::kernels::weighted_sums<S, Z>(w.data(), p.data(), &g[static_cast<std::size_t>(j)], 1, R, one);
        CHECK(one[0] == all[0]);
        CHECK(one[1] == all[static_cast<std::size_t>(j) + 1]);
      }
    }
  };
  check(double(), double());
  check(double(), float());
  check(float(), float());
}
