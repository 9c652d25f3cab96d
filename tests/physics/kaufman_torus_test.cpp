// Kaufman's exact finite torus against enumeration (L = 2..5) and the transfer matrix (L = 6..8), c = de/dT,
// the Onsager limit, Ferdinand and Fisher's logarithmic specific-heat peak, the limits and bad input.
#include <catch2/catch.hpp>

#include <cmath>
#include <functional>

#include "tests/physics/argument_of.hpp"
#include "core/input_error.hpp"
#include "physics/ising_exact.hpp"
#include "physics/kaufman_torus.hpp"
#include "physics/onsager.hpp"
#include "physics/transfer_matrix.hpp"

using namespace arbiter;
using arbiter::test_physics::argument_of;

TEST_CASE("Kaufman torus equals exact enumeration for L = 2..5, ferro- and antiferromagnet", "[physics][kaufman]") {
  const double tc = physics::onsager_critical_temperature();
  for (int L : {2, 3, 4, 5}) {
    const physics::IsingDensityOfStates dos(L);
    for (double J : {1.0, 0.7, -1.0}) {
      if (J < 0 && L % 2 != 0) continue;
      for (double T : {0.3, 1.5, 2.2, tc, 2.4, 3.0, 10.0, 100.0}) {
        INFO("L = " << L << ", J = " << J << ", T = " << T);
        const auto k = physics::kaufman_torus_row(L, J, T);
        const auto ex = dos.row(J, 0.0, T);
        CHECK(k.log_z == Approx(ex.log_z).epsilon(1e-13));
        CHECK(k.free_energy_per_spin == Approx(ex.free_energy_per_spin).epsilon(1e-13));
        CHECK(k.e_per_spin == Approx(ex.e_per_spin).margin(1e-12));
        CHECK(k.c_per_spin == Approx(ex.c_per_spin).margin(1e-11));
        CHECK(k.m_per_spin == 0.0);
        CHECK(std::isnan(k.abs_m_per_spin));
      }
    }
  }
}

TEST_CASE("Kaufman torus equals the transfer matrix for L = 6..8", "[physics][kaufman]") {
  for (int L : {6, 7, 8})
    for (double T : {1.8, 2.269, 2.6}) {
      INFO("L = " << L << ", T = " << T);
      const auto k = physics::kaufman_torus_row(L, 1.0, T);
      const auto tm = physics::ising_transfer_matrix_row(L, L, 1.0, 0.0, T);
      CHECK(k.log_z == Approx(tm.log_z).epsilon(1e-12));
      CHECK(k.e_per_spin == Approx(tm.e_per_spin).margin(1e-10));
      CHECK(k.c_per_spin == Approx(tm.c_per_spin).margin(1e-9));
    }
}

TEST_CASE("Kaufman torus: e = f - T df/dT and c = de/dT on large lattices", "[physics][kaufman]") {
  for (int L : {32, 100, 257})
    for (double T : {1.5, 2.25, 2.269185314213022, 2.3, 4.0}) {
      INFO("L = " << L << ", T = " << T);
      const double d = 1e-5;
      const auto mid = physics::kaufman_torus_row(L, 1.0, T);
      const auto lo = physics::kaufman_torus_row(L, 1.0, T - d), hi = physics::kaufman_torus_row(L, 1.0, T + d);
      CHECK(mid.e_per_spin ==
            Approx(mid.free_energy_per_spin - T * (hi.free_energy_per_spin - lo.free_energy_per_spin) / (2 * d))
                .margin(1e-8));
      CHECK(mid.c_per_spin == Approx((hi.e_per_spin - lo.e_per_spin) / (2 * d)).epsilon(1e-6));
    }
}

TEST_CASE("Kaufman torus: the infinite-lattice limit is Onsager's", "[physics][kaufman]") {
  // Away from T_c the correlation length is a few sites and finite-size corrections are exponentially small.
  for (double T : {1.5, 2.0, 2.6, 3.5}) {
    const auto k = physics::kaufman_torus_row(256, 1.0, T);
    INFO("T = " << T);
    CHECK(k.free_energy_per_spin == Approx(physics::onsager_free_energy_per_spin(T)).margin(1e-11));
    CHECK(k.e_per_spin == Approx(physics::onsager_energy_per_spin(T)).margin(1e-10));
    CHECK(k.c_per_spin == Approx(physics::onsager_heat_capacity_per_spin(T)).margin(1e-8));
  }
  // At T_c, e -> -sqrt 2 with a 1/L correction: the error halves as L doubles.
  const double tc = physics::onsager_critical_temperature();
  const double d128 = physics::kaufman_torus_row(128, 1.0, tc).e_per_spin + std::sqrt(2.0);
  const double d256 = physics::kaufman_torus_row(256, 1.0, tc).e_per_spin + std::sqrt(2.0);
  CHECK(std::abs(d256) < 0.01);
  CHECK(d128 / d256 == Approx(2.0).epsilon(0.01));
}

TEST_CASE("Kaufman torus: Ferdinand-Fisher c(T_c) = (8/pi) K_c^2 ln L + const", "[physics][kaufman]") {
  const double tc = physics::onsager_critical_temperature(), kc = 1.0 / tc;
  const double slope = 8.0 / M_PI * kc * kc;  // 0.4945
  const double c64 = physics::kaufman_torus_row(64, 1.0, tc).c_per_spin;
  const double c128 = physics::kaufman_torus_row(128, 1.0, tc).c_per_spin;
  const double c256 = physics::kaufman_torus_row(256, 1.0, tc).c_per_spin;
  // The slope per doubling converges to A_0 with corrections ~ 1/L: 0.4% off for 64 -> 128, half that next.
  const double s1 = (c128 - c64) / std::log(2.0), s2 = (c256 - c128) / std::log(2.0);
  CHECK(s1 == Approx(slope).epsilon(5e-3));
  CHECK(s2 == Approx(slope).epsilon(2.5e-3));
  CHECK(std::abs(s2 - slope) < 0.6 * std::abs(s1 - slope));
  // The finite-lattice peak lies above T_c and moves toward it as L grows (shift ~ 1/L).
  auto peak = [](int L) {
    double best = 0.0, t_best = 0.0;
    for (int i = 0; i <= 4000; ++i) {
      const double T = 2.2 + 0.2 * i / 4000.0;
      const double c = physics::kaufman_torus_row(L, 1.0, T).c_per_spin;
      if (c > best) {
        best = c;
        t_best = T;
      }
    }
    return t_best;
  };
  const double p16 = peak(16), p32 = peak(32), p64 = peak(64);
  CHECK(p16 > p32);
  CHECK(p32 > p64);
  CHECK(p64 > tc);
  CHECK((p16 - tc) / (p32 - tc) == Approx(2.0).epsilon(0.1));
}

TEST_CASE("Kaufman torus: ground state, high-T series and huge lattices", "[physics][kaufman]") {
  for (int L : {16, 1024}) {
    const auto cold = physics::kaufman_torus_row(L, 1.0, 0.1);
    CHECK(cold.e_per_spin == Approx(-2.0).margin(1e-15));
    CHECK(cold.c_per_spin == Approx(0.0).margin(1e-12));  // ~ 64 K^2 e^{-8K} = 1e-31
    const auto frozen = physics::kaufman_torus_row(L, 2.0, 1e-3);  // 2K = 4000: the ground-state branch
    CHECK(frozen.e_per_spin == -4.0);
    CHECK(frozen.c_per_spin == 0.0);
    CHECK(std::isfinite(frozen.log_z));
    // High T: <B> = 2N tanh K (1 + O(tanh^2 K)), log Z / N -> log 2.
    const auto hot = physics::kaufman_torus_row(L, 1.0, 1e4);
    CHECK(hot.e_per_spin == Approx(-2.0 * std::tanh(1e-4)).epsilon(1e-6));
    CHECK(hot.log_z / (double(L) * L) == Approx(std::log(2.0)).epsilon(1e-7));
  }
}

TEST_CASE("Kaufman torus: bad input is an ArgumentError naming the argument", "[physics][kaufman][errors]") {
  CHECK(argument_of([] { physics::kaufman_torus_row(1, 1.0, 2.0); }) == "lattice size L");
  CHECK(argument_of([] { physics::kaufman_torus_row(5, -1.0, 2.0); }) == "lattice size L");
  CHECK(argument_of([] { physics::kaufman_torus_row(8, 0.0, 2.0); }) == "coupling J");
  CHECK(argument_of([] { physics::kaufman_torus_row(8, NAN, 2.0); }) == "coupling J");
  CHECK(argument_of([] { physics::kaufman_torus_row(8, 1.0, 0.0); }) == "temperature T");
  CHECK(argument_of([] { physics::kaufman_torus_row(8, 1.0, -3.0); }) == "temperature T");
  CHECK(physics::kaufman_applies(6, -1.0, 0.0));
  CHECK_FALSE(physics::kaufman_applies(7, -1.0, 0.0));
  CHECK_FALSE(physics::kaufman_applies(8, 1.0, 0.1));
}

TEST_CASE("Kaufman torus: far above T_c (|J| / T < 1e-6, down to 1e-324) the high-temperature series, finite",
          "[physics][kaufman]") {
  // Against enumeration where both are exact enough (K = 1e-7: the series' neglected terms ~ K^2).
  for (int L : {2, 3, 4, 5}) {
    INFO("L = " << L);
    const auto k = physics::kaufman_torus_row(L, 1.0, 1e7);
    const auto ex = physics::IsingDensityOfStates(L).row(1.0, 0.0, 1e7);
    CHECK(k.log_z == Approx(ex.log_z).epsilon(1e-14));
    CHECK(k.e_per_spin == Approx(ex.e_per_spin).epsilon(1e-6));
  }
  // On each side of the switch the same e and c (to their difference 2e-7 across it).
  const auto below = physics::kaufman_torus_row(16, 1.0, 1.0 / 1.0000001e-6);
  const auto above = physics::kaufman_torus_row(16, 1.0, 1.0 / 0.9999999e-6);
  CHECK(above.e_per_spin == Approx(below.e_per_spin).epsilon(3e-7));
  CHECK(above.c_per_spin == Approx(below.c_per_spin).epsilon(5e-7));
  // The fuzzer's extremes: |J| = 1e-300 and 5e-324, T = 1e308.
  for (const auto& [J, T] : {std::pair{1e-300, 1.0}, std::pair{-5e-324, 2.0}, std::pair{1.0, 1e308}}) {
    INFO("J = " << J << ", T = " << T);
    const auto r = physics::kaufman_torus_row(16, J, T);
    CHECK(r.log_z == Approx(256.0 * std::log(2.0)).epsilon(1e-15));
    CHECK(r.e_per_spin == Approx(-2.0 * std::abs(J) * std::abs(J) / T).margin(1e-320));
    CHECK(r.free_energy_per_spin == Approx(-T * std::log(2.0)).epsilon(1e-15));
    CHECK(std::isfinite(r.c_per_spin));
    CHECK(r.c_per_spin >= 0.0);
  }
}

namespace {

// The high-temperature series of the infinite square lattice per spin, log Z / N = log 2 + 2 log cosh K + t^4 +
// 2 t^6 + O(t^8) (t = tanh K; a plaquette and two 1 x 2 rectangles per site): its e / |J| = -d/dK and
// c = K^2 d^2/dK^2. On an L x L torus the loops around it add t^L; for L = 16 and K <= 1e-3 the terms left out
// are below 1e-15 of c and e.
struct SeriesRow {
  double e, c;
};
SeriesRow square_lattice_series(double K) {
  const double t = std::tanh(K), d = 1.0 - t * t;  // dt/dK = 1 - t^2
  auto d1 = [&](int m) { return m * std::pow(t, m - 1) * d; };
  auto d2 = [&](int m) { return m * d * ((m - 1) * std::pow(t, m - 2) * d - 2.0 * std::pow(t, m)); };
  const double first = 2.0 * t + d1(4) + 2.0 * d1(6);
  const double second = 2.0 * d + d2(4) + 2.0 * d2(6);
  return {-first, K * K * second};
}

}  // namespace

TEST_CASE("Kaufman torus: far above T_c (|J| / T = 1e-3 .. 1e-8) e and c keep 1e-10 relative accuracy",
          "[physics][kaufman]") {
  // The prefactor's derivatives (N / K, N / K^2) are taken with each mode's, so nothing ~ 1 / K^2 cancels: on
  // both sides of the switch to the series (K = 1e-6) c matches enumeration (L = 2..4, whose variance has no
  // cancellation) and the series of the infinite lattice (L = 16), e the series.
  const double ks[] = {1e-3, 3e-4, 1e-4, 1e-5, 1.0000001e-6, 0.9999999e-6, 1e-7, 1e-8};
  for (int L : {2, 3, 4}) {
    const physics::IsingDensityOfStates dos(L);
    for (double J : {1.0, -1.0}) {
      if (J < 0 && L % 2 != 0) continue;
      for (double K : ks) {
        INFO("L = " << L << ", J = " << J << ", K = " << K);
        const auto k = physics::kaufman_torus_row(L, J, 1.0 / K);
        const auto ex = dos.row(J, 0.0, 1.0 / K);
        CHECK(k.c_per_spin == Approx(ex.c_per_spin).epsilon(1e-10));
        CHECK(k.log_z == Approx(ex.log_z).epsilon(1e-14));
      }
    }
  }
  for (double K : ks) {
    INFO("L = 16, K = " << K);
    const auto k = physics::kaufman_torus_row(16, 1.0, 1.0 / K);
    const SeriesRow s = square_lattice_series(K);
    CHECK(k.c_per_spin == Approx(s.c).epsilon(1e-10));
    CHECK(k.e_per_spin == Approx(s.e).epsilon(1e-10));
  }
}
