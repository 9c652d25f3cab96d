// The finite-size config run in full (LABELS long): every Monte Carlo e and c of L = 16, 32, 64 agrees with
// Kaufman's exact finite torus within its error bars, the specific-heat peak grows with L (by Ferdinand and
// Fisher's (8/pi) K_c^2 ln 2 per doubling) and moves toward T_c, and the Binder cumulants cross near 2.269.
// And the error bars are honest near T_c: over many seeds of a reduced config (L = 8, 16, Wolff), the
// z = (MC - exact) / error of e and c have mean z^2 within its expected range.
#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>
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

TEST_CASE("Error bars near T_c are honest: mean z^2 of e and c against Kaufman over 16 seeds (L = 8, 16, Wolff)",
          "[physics_mc][long]") {
  // 16 seeds x 2 sizes x 8 temperatures x (e, c) = 512 values of z. With 64 jackknife bins z is Student's t with
  // 63 degrees of freedom, <z^2> = 63/61 = 1.033, and the mean of 512 has sd about sqrt(2/512) = 0.0625 (a bit
  // more: z_e and z_c of a run are correlated, about 0.4). Bars 15-20% too small would give 1.3-1.4.
  const nlohmann::json config = {{"kind", "physics.ising"},
                                 {"seed", 1},
                                 {"sizes", {8, 16}},
                                 {"J", 1.0},
                                 {"h", 0.0},
                                 {"temperatures", {2.2, 2.23, 2.25, 2.27, 2.29, 2.3, 2.32, 2.35}},
                                 {"algorithm", "wolff"},
                                 {"thermalization_sweeps", 1000},
                                 {"measurement_sweeps", 20000}};
  double sum_e = 0.0, sum_c = 0.0;
  int n = 0;
  for (int seed = 1; seed <= 16; ++seed) {
    const auto loaded = ex::resolve_config(config, "error_bars.json", ".", {}, static_cast<std::uint64_t>(seed));
    auto e = ex::make_experiment(loaded, 0);
    while (!e->done()) e->step();
    const auto res = e->finish();
    const auto& rows = res.summary["kaufman_exact"];
    REQUIRE(rows.size() == 16);
    for (const auto& r : rows) {
      const double ze = r["e_deviation_in_errors"].get<double>(), zc = r["c_deviation_in_errors"].get<double>();
      INFO("seed " << seed << ", L = " << r["L"] << ", T = " << r["T"] << ": z_e " << ze << ", z_c " << zc);
      CHECK(std::abs(ze) < 5.0);
      CHECK(std::abs(zc) < 5.0);
      sum_e += ze * ze;
      sum_c += zc * zc;
      ++n;
    }
  }
  const double mean_e = sum_e / n, mean_c = sum_c / n, mean = (sum_e + sum_c) / (2 * n);
  INFO("mean z^2: e " << mean_e << ", c " << mean_c << ", both " << mean << " over " << 2 * n << " values");
  CHECK(mean == Approx(63.0 / 61.0).margin(3.5 * std::sqrt(2.0 / (2 * n))));
  CHECK(mean_e == Approx(63.0 / 61.0).margin(3.5 * std::sqrt(2.0 / n)));
  CHECK(mean_c == Approx(63.0 / 61.0).margin(3.5 * std::sqrt(2.0 / n)));
}
