// The error analysis: tau_int of an AR(1) series (known in closed form), the binning plateau, and the
// jackknife columns against direct formulas on an uncorrelated series.
#include <catch2/catch.hpp>
#include <cmath>
#include "core/random_stream.hpp"
#include "physics/autocorrelation.hpp"
#include "physics/thermal_averages.hpp"

using namespace arbiter;

namespace {
std::vector<double> ar1(double phi, std::size_t n, std::uint64_t seed) {
  core::RandomStream rng(seed);
  std::vector<double> x(n);
  double v = rng.normal() / std::sqrt(1.0 - phi * phi);
  for (auto& xi : x) {
    v = phi * v + rng.normal();
    xi = v;
  }
  return x;
}
}  // namespace

TEST_CASE("tau_int of an AR(1) process matches (1 + phi) / (2 (1 - phi))", "[physics_mc][errors]") {
  for (const double phi : {0.0, 0.5, 0.9, 0.98}) {
    const auto x = ar1(phi, 400000, 17);
    const auto t = physics::integrated_autocorrelation_time(x);
    const double exact = 0.5 * (1.0 + phi) / (1.0 - phi);
    INFO("phi = " << phi << ": tau " << t.tau_int << " vs " << exact);
    CHECK(t.reliable);
    CHECK(t.tau_int == Approx(exact).epsilon(0.06).margin(0.02));
  }
}

TEST_CASE("Binning plateaus at the tau_int error and the naive error is too small", "[physics_mc][errors]") {
  const auto x = ar1(0.9, 1 << 18, 23);
  const auto t = physics::integrated_autocorrelation_time(x);
  const double err = physics::correlated_standard_error(x, t.tau_int);
  const auto levels = physics::binning_analysis(x, 64);
  REQUIRE(levels.size() > 8);
  CHECK(levels.front().bin_size == 1);
  CHECK(levels.front().standard_error < 0.3 * err);  // the naive error ignores sqrt(2 tau) = sqrt(19)
  // Bins of 256+ samples (>> tau = 9.5) give the plateau.
  for (const auto& lv : levels)
    if (lv.bin_size >= 256) CHECK(lv.standard_error == Approx(err).epsilon(0.25));
}

TEST_CASE("Thermal averages: columns from their definitions, errors from the jackknife", "[physics_mc][errors]") {
  core::RandomStream rng(99);
  const std::size_t n = 64000;
  std::vector<double> e(n), m(n);
  for (std::size_t i = 0; i < n; ++i) {
    e[i] = -1.5 + 0.1 * rng.normal();
    m[i] = (rng.uniform() < 0.5 ? -1.0 : 1.0) * (0.6 + 0.05 * rng.normal());
  }
  const int N = 100;
  const double T = 2.0;
  const auto a = physics::thermal_averages(e, m, N, T);
  double se = 0, se2 = 0, sa = 0, sm2 = 0, sm4 = 0;
  for (std::size_t i = 0; i < n; ++i) {
    se += e[i];
    se2 += e[i] * e[i];
    sa += std::abs(m[i]);
    sm2 += m[i] * m[i];
    sm4 += m[i] * m[i] * m[i] * m[i];
  }
  const double dn = static_cast<double>(n);
  CHECK(a.e.value == Approx(se / dn).epsilon(1e-12));
  CHECK(a.c.value == Approx(N * (se2 / dn - (se / dn) * (se / dn)) / (T * T)).epsilon(1e-9));
  CHECK(a.abs_m.value == Approx(sa / dn).epsilon(1e-12));
  CHECK(a.chi.value == Approx(N * (sm2 / dn - (sa / dn) * (sa / dn)) / T).epsilon(1e-9));
  CHECK(a.binder.value == Approx(1.0 - (sm4 / dn) / (3.0 * (sm2 / dn) * (sm2 / dn))).epsilon(1e-12));
  // Uncorrelated: tau_int ~ 1/2 and the error of e is sigma / sqrt(n).
  CHECK(a.tau_int < 0.6);
  CHECK(a.e.error == Approx(0.1 / std::sqrt(dn)).epsilon(0.3));
  // c = N Var(e) / T^2 = 100 * 0.01 / 4 = 0.25 within its error.
  CHECK(std::abs(a.c.value - 0.25) < 4 * a.c.error);
  CHECK_THROWS_AS(physics::thermal_averages(std::vector<double>(10), std::vector<double>(10), N, T),
                  std::invalid_argument);
}
