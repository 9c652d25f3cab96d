// The finite-size config run in full (LABELS long): every Monte Carlo e and c of L = 16, 32, 64 agrees with
// Kaufman's exact finite torus within its error bars, the specific-heat peak grows with L (by Ferdinand and
// Fisher's (8/pi) K_c^2 ln 2 per doubling) and moves toward T_c, and the Binder cumulants cross near 2.269.
#include <catch2/catch.hpp>
#include <cmath>
#include "experiments/config_loader.hpp"
#include "physics/kaufman_torus.hpp"
#include "physics/onsager.hpp"

namespace ex = arbiter::experiments;
namespace ph = arbiter::physics;

namespace {

double num(const arbiter::core::Table& t, std::size_t row, std::size_t col) {
  const auto& cell = t.rows()[row][col];
  if (const auto* d = std::get_if<double>(&cell)) return *d;
  return static_cast<double>(std::get<std::int64_t>(cell));
}

// The exact peak of c(T) for one L, on a 1e-4 grid in [2.2, 2.4].
double exact_peak_temperature(int L) {
  double best = 0.0, t_best = 0.0;
  for (int i = 0; i <= 2000; ++i) {
    const double T = 2.2 + 1e-4 * i;
    const double c = ph::kaufman_torus_row(L, 1.0, T).c_per_spin;
    if (c > best) {
      best = c;
      t_best = T;
    }
  }
  return t_best;
}

}  // namespace

TEST_CASE("Finite-size scaling: MC = Kaufman's exact torus, C peaks grow toward T_c, Binder crossings near 2.269",
          "[physics_mc][long]") {
  const auto loaded = ex::load_config(std::string(ARBITER_SOURCE_DIR) + "/configs/physics/ising_finite_size.json");
  auto e = ex::make_experiment(loaded, 0);
  while (!e->done()) e->step();
  const auto res = e->finish();
  const double tc = ph::onsager_critical_temperature();
  INFO(res.summary.dump(1));

  // Every row: e and c within 4 error bars of the exact finite-lattice values.
  const auto& t = res.results;
  REQUIRE(t.size() == 3 * 14);
  for (std::size_t i = 0; i < t.size(); ++i) {
    const int L = static_cast<int>(num(t, i, 0));
    const double T = num(t, i, 1);
    const auto exact = ph::kaufman_torus_row(L, 1.0, T);
    INFO("L = " << L << ", T = " << T << ": e " << num(t, i, 2) << " +- " << num(t, i, 3) << " (exact "
                << exact.e_per_spin << "), c " << num(t, i, 4) << " +- " << num(t, i, 5) << " (exact "
                << exact.c_per_spin << ")");
    CHECK(std::abs(num(t, i, 2) - exact.e_per_spin) < 4.0 * num(t, i, 3));
    CHECK(std::abs(num(t, i, 4) - exact.c_per_spin) < 4.0 * num(t, i, 5));
  }

  // The peaks: heights grow by about (8/pi) K_c^2 ln 2 = 0.343 per doubling; positions move toward T_c
  // (exactly 2.3175, 2.2939, 2.2817 for L = 16, 32, 64, shifts ~ 1/L), and so do the Monte Carlo maxima.
  const auto& peaks = res.summary["c_peaks"];
  REQUIRE(peaks.size() == 3);
  const double step = 8.0 / M_PI / (tc * tc) * std::log(2.0);
  for (int k = 0; k < 2; ++k) {
    const double grow = peaks[k + 1]["c_per_spin"].get<double>() - peaks[k]["c_per_spin"].get<double>();
    const double err = std::hypot(peaks[k + 1]["c_err"].get<double>(), peaks[k]["c_err"].get<double>());
    CHECK(std::abs(grow - step) < 4.0 * err + 0.02);  // + the grid's discretisation of the maximum
  }
  const double p16 = exact_peak_temperature(16), p32 = exact_peak_temperature(32), p64 = exact_peak_temperature(64);
  CHECK(p16 > p32);
  CHECK(p32 > p64);
  CHECK(p64 > tc);
  CHECK(std::abs(peaks[2]["T"].get<double>() - tc) < std::abs(peaks[0]["T"].get<double>() - tc));
  CHECK(std::abs(peaks[2]["T"].get<double>() - p64) <= 0.02);

  // Binder cumulants of consecutive sizes cross within 0.03 of T_c.
  const auto& crossings = res.summary["binder_crossings"];
  REQUIRE(crossings.size() >= 2);
  for (const auto& c : crossings) CHECK(std::abs(c["T"].get<double>() - tc) < 0.03);
  REQUIRE(res.summary["kaufman_exact"].size() == t.size());
}
