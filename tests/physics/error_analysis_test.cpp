// The error analysis: tau_int of an AR(1) series (known in closed form), the binning plateau, the jackknife
// columns against direct formulas on an uncorrelated series, and honest error bars: over many AR(1) series
// with phi near 1 the squared error bars of e and c average to the exact variances of the estimates, and
// z = (estimate - exact) / error has the mean z^2 of Student's t with bins - 1 degrees of freedom.
#include <catch2/catch.hpp>
#include <cmath>
#include "core/random_stream.hpp"
#include "physics/autocorrelation.hpp"
#include "physics/thermal_averages.hpp"

using namespace arbiter;

namespace {
std::vector<double> ar1(double phi, std::size_t n, std::uint64_t seed, std::uint64_t index = 0) {
  core::RandomStream rng(seed, index);
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

namespace {
// Exact Var(mean of n samples) of a stationary AR(1) with unit innovations, Var(x) = 1 / (1 - phi^2):
// Var(x) / n (1 + 2 sum_{t<n} (1 - t/n) phi^t), the sum in closed form.
double ar1_variance_of_mean(double phi, std::size_t n) {
  const double dn = static_cast<double>(n);
  const double s = phi / (1.0 - phi) - phi * (1.0 - std::pow(phi, dn)) / (dn * (1.0 - phi) * (1.0 - phi));
  return (1.0 + 2.0 * s) / ((1.0 - phi * phi) * dn);
}
// Var of the sample variance of a Gaussian AR(1) (large n): 2 Var(x)^2 / n sum_t rho(t)^2.
double ar1_variance_of_variance(double phi, std::size_t n) {
  const double v = 1.0 / (1.0 - phi * phi);
  return 2.0 * v * v / static_cast<double>(n) * (1.0 + phi * phi) / (1.0 - phi * phi);
}

struct Honesty {
  double e_err2_ratio = 0, c_err2_ratio = 0;  // mean error^2 / exact variance
  double e_z2 = 0, c_z2 = 0, e_within_1 = 0;  // mean z^2, fraction of |z_e| < 1
  double t_z2 = 0;                            // mean (B - 1) / (B - 3): <z^2> of Student's t with B - 1 dof
};

// thermal_averages of `seeds` AR(1) series of length n used as e (N = 1, T = 1, so c = Var(e) exactly
// 1 / (1 - phi^2) and the mean of e is 0).
Honesty honesty_of_ar1(double phi, std::size_t n, int seeds) {
  Honesty h;
  const double var_e = ar1_variance_of_mean(phi, n), var_c = ar1_variance_of_variance(phi, n);
  const double c_exact = 1.0 / (1.0 - phi * phi);
  const std::vector<double> m(n, 0.5);
  for (int s = 0; s < seeds; ++s) {
    const auto e = ar1(phi, n, 2026, static_cast<std::uint64_t>(s));
    const auto a = physics::thermal_averages(e, m, 1, 1.0);
    const double ze = a.e.value / a.e.error, zc = (a.c.value - c_exact) / a.c.error;
    h.e_err2_ratio += a.e.error * a.e.error / var_e;
    h.c_err2_ratio += a.c.error * a.c.error / var_c;
    h.e_z2 += ze * ze;
    h.c_z2 += zc * zc;
    h.e_within_1 += std::abs(ze) < 1.0 ? 1.0 : 0.0;
    h.t_z2 += (a.bins - 1.0) / (a.bins - 3.0);
  }
  const double S = seeds;
  h.e_err2_ratio /= S;
  h.c_err2_ratio /= S;
  h.e_z2 /= S;
  h.c_z2 /= S;
  h.e_within_1 /= S;
  h.t_z2 /= S;
  return h;
}
}  // namespace

TEST_CASE("The autocorrelation function of an AR(1) series is phi^t, and g(m) has its closed form",
          "[physics_mc][errors]") {
  const double phi = 0.8;
  const auto x = ar1(phi, 1 << 18, 5);
  const auto rho = physics::autocorrelation_function(x, 10);
  REQUIRE(rho.size() == 11);
  CHECK(rho[0] == 1.0);
  for (int t = 1; t <= 10; ++t) CHECK(rho[static_cast<std::size_t>(t)] == Approx(std::pow(phi, t)).margin(0.01));
  // g(m) = m Var(mean of m) / Var(x) on the exact rho: 1 + 2 sum (1 - t/m) phi^t.
  std::vector<double> exact(401);
  for (std::size_t t = 0; t < exact.size(); ++t) exact[t] = std::pow(phi, static_cast<double>(t));
  for (const std::size_t m : {1, 2, 5, 40, 400}) {
    const double closed = ar1_variance_of_mean(phi, m) * (1.0 - phi * phi) * static_cast<double>(m);
    CHECK(physics::block_variance_factor(exact, 400, m) == Approx(closed).epsilon(1e-12));
  }
  // The window truncates: rho beyond W counts as 0.
  CHECK(physics::block_variance_factor(exact, 1, 400) == Approx(1.0 + 2.0 * (1.0 - 1.0 / 400) * phi).epsilon(1e-12));
  CHECK_THROWS_AS(physics::block_variance_factor(exact, 10, 0), std::invalid_argument);
  CHECK_THROWS_AS(physics::autocorrelation_function({}, 3), std::invalid_argument);
}

TEST_CASE("The binning bias correction is (B - 1) / (B g(b) / g(n) - 1), 1 for uncorrelated data",
          "[physics_mc][errors]") {
  // AR(1), phi = 0.98 (tau_int = 49.5) in 16 bins of 500 (about 10 tau_int): the bins' variance misses ~10%.
  const double phi = 0.98;
  const std::size_t b = 500, B = 16;
  const double g_b = ar1_variance_of_mean(phi, b) * (1.0 - phi * phi) * b;
  const double g_n = ar1_variance_of_mean(phi, B * b) * (1.0 - phi * phi) * (B * b);
  const double exact = (B - 1.0) / (B * g_b / g_n - 1.0);
  CHECK(exact == Approx(1.1106).margin(0.0005));
  double mean = 0.0;
  for (int s = 0; s < 20; ++s) mean += physics::binning_bias_correction(ar1(phi, B * b, 31, s), b, B) / 20.0;
  CHECK(mean == Approx(exact).epsilon(0.02));
  // Uncorrelated and constant series need no correction.
  CHECK(physics::binning_bias_correction(ar1(0.0, 64000, 3), 1000, 64) == Approx(1.0).margin(0.01));
  CHECK(physics::binning_bias_correction(std::vector<double>(1000, 2.5), 50, 20) == 1.0);
  CHECK_THROWS_AS(physics::binning_bias_correction(std::vector<double>(100, 0.0), 10, 11), std::invalid_argument);
  CHECK_THROWS_AS(physics::binning_bias_correction(std::vector<double>(100, 0.0), 10, 1), std::invalid_argument);
}

TEST_CASE("Error bars are honest on AR(1) series with phi near 1: <error^2> = exact variance, <z^2> = t's",
          "[physics_mc][errors]") {
  // 400 series each: the mean of z^2 has sd about sqrt(2/400) = 0.07; the mean error^2 / exact variance about
  // 0.02 (e) and 0.03 (c).
  SECTION("bins of ~10 tau_int (16 to 24 bins): the regime where uncorrected bins gave 0.88 of the variance") {
    const auto h = honesty_of_ar1(0.98, 8000, 400);
    REQUIRE(h.t_z2 > 1.08);  // mostly 16 to 24 bins
    CHECK(h.e_err2_ratio == Approx(1.0).margin(0.06));
    CHECK(h.c_err2_ratio == Approx(1.0).margin(0.1));
    // Student's t with 15 to 23 degrees of freedom: <z^2> = (B - 1) / (B - 3), about 1.13.
    CHECK(h.e_z2 == Approx(h.t_z2).margin(0.22));
  }
  SECTION("bins of ~13 tau_int (64 bins)") {
    const auto h = honesty_of_ar1(0.95, 16384, 400);
    REQUIRE(h.t_z2 == Approx(63.0 / 61.0).epsilon(0.002));
    CHECK(h.e_err2_ratio == Approx(1.0).margin(0.06));
    CHECK(h.c_err2_ratio == Approx(1.0).margin(0.1));
    CHECK(h.e_z2 == Approx(63.0 / 61.0).margin(0.22));
    CHECK(h.c_z2 == Approx(63.0 / 61.0).margin(0.25));
    CHECK(h.e_within_1 == Approx(0.683).margin(0.07));
  }
}
