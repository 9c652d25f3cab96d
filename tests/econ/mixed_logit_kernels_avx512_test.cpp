// The mixed logit's AVX-512 utilities (econ/mixed_logit_kernels_avx512.hpp) against the AVX2 copy, bit for bit
// in double and in float, with R ragged against both packet widths; and whole evaluations of the Electricity
// panel (double and float: softmax_few_rows' AVX-512 copy too) with AVX-512 on and off.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <vector>

#include "core/exp_kernels_avx2.hpp"
#include "core/lane_kernels_avx512.hpp"
#include "core/random_stream.hpp"
#include "econ/mixed_logit.hpp"
#include "econ/mixed_logit_kernels.hpp"
#include "tests/econ/electricity_panel.hpp"

using namespace arbiter;

namespace {

struct Avx512Off {
  Avx512Off() { core::kernels::avx512::allow(false); }
  ~Avx512Off() { core::kernels::avx512::allow(true); }
};

template <class T> std::vector<T> randoms(std::size_t n, std::uint64_t seed, double lo, double hi) {
  core::RandomStream rng(seed, 0);
  std::vector<T> v(n);
  for (auto& x : v) x = static_cast<T>(lo + (hi - lo) * rng.uniform());
  return v;
}

template <class T> bool same_bits(const std::vector<T>& a, const std::vector<T>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0;
}

template <class S, class Z> void check_same_bits() {
  for (std::ptrdiff_t R : {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 15, 16, 17, 18, 31, 33, 100, 1498, 1499, 1500, 1501})
    for (int D : {0, 1, 2, 3, 4, 5, 7, 12, 14}) {
      INFO("R = " << R << ", D = " << D);
      const auto n = static_cast<std::size_t>(R);
      std::vector<std::vector<Z>> z;
      std::vector<const Z*> src;
      for (int d = 0; d < D; ++d) z.push_back(randoms<Z>(n, static_cast<std::uint64_t>(100 * R + d), -3.0, 3.0));
      for (const auto& row : z) src.push_back(row.data());
      const auto a = randoms<S>(static_cast<std::size_t>(D) + 1, static_cast<std::uint64_t>(R + 7), -2.0, 2.0);
      std::vector<S> v(n), v2(n);
      econ::kernels::utility_row<S, Z>(S(0.3), a.data(), src.data(), D, R, v.data());
      {
        Avx512Off off;
        econ::kernels::utility_row<S, Z>(S(0.3), a.data(), src.data(), D, R, v2.data());
      }
      CHECK(same_bits(v, v2));
      if (!core::kernels::avx2::enabled()) continue;  // the portable loops do not fuse
      std::vector<S> fused(n);  // each entry: c, then a[d] z_d + x rounded once, d = 0 .. D - 1
      for (std::size_t r = 0; r < n; ++r) {
        S x = S(0.3);
        for (int d = 0; d < D; ++d)
          x = std::fma(a[static_cast<std::size_t>(d)], static_cast<S>(z[static_cast<std::size_t>(d)][r]), x);
        fused[r] = x;
      }
      CHECK(same_bits(v, fused));
    }
}

}  // namespace

TEST_CASE("the mixed logit's AVX-512 utilities give the AVX2 copy's bits (double, float, double from float draws)",
          "[mixed_logit][kernels][avx512]") {
  if (!core::kernels::avx512::enabled()) WARN("no AVX-512 on this processor (or ARBITER_AVX512=0): AVX2 against itself");
  check_same_bits<double, double>();
  check_same_bits<double, float>();
  check_same_bits<float, float>();
}

TEST_CASE("the Electricity panel's simulated log-likelihood and gradient: the same bits with AVX-512 on and off",
          "[mixed_logit][kernels][avx512]") {
  std::vector<econ::CoefficientSpec> spec;
  for (const char* v : {"pf", "cl", "loc", "wk", "tod", "seas"}) spec.push_back({v, econ::Distribution::normal, false});
  econ::DrawOptions draws;
  draws.draws = 101;  // ragged against 8 and 16 lanes
  const econ::MixedLogit m(test_econ::electricity_panel(), econ::RandomCoefficients(spec), draws, true, 1);
  Eigen::VectorXd theta(12);
  theta << -0.97, -0.21, 2.1, 1.5, -9.4, -9.6, 0.2, 0.4, 1.8, 1.1, 2.2, 1.4;
  const auto wide = m.evaluate(theta, true);
  const auto wide_f = m.evaluate_single(theta, true, 1);
  Avx512Off off;
  const auto avx2 = m.evaluate(theta, true);
  const auto avx2_f = m.evaluate_single(theta, true, 1);
  CHECK(wide.value == avx2.value);
  CHECK((wide.gradient.array() == avx2.gradient.array()).all());
  CHECK(wide_f.value == avx2_f.value);
  CHECK((wide_f.gradient.array() == avx2_f.gradient.array()).all());
  CHECK(wide.value == Approx(wide_f.value).epsilon(1e-5));
}
