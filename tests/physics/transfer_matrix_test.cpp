// Transfer matrices: the 2D strip against enumeration, c = de/dT, the infinite strip, and the 1D chain
// against its closed form and a naive sum.
#include <catch2/catch.hpp>

#include <cmath>
#include <functional>

#include "tests/physics/argument_of.hpp"
#include "core/input_error.hpp"
#include "core/softmax.hpp"
#include "physics/ising_exact.hpp"
#include "physics/transfer_matrix.hpp"

using namespace arbiter;
using arbiter::test_physics::argument_of;

TEST_CASE("transfer matrix equals enumeration on L x L tori (L = 2..5)", "[physics][transfer_matrix]") {
  for (int L : {2, 3, 4, 5}) {
    const physics::IsingDensityOfStates dos(L);
    for (double h : {0.0, 0.2})
      for (double T : {0.9, 2.269, 3.5}) {
        const auto tm = physics::ising_transfer_matrix_row(L, L, 1.0, h, T);
        const auto ex = dos.row(1.0, h, T);
        CHECK(tm.log_z == Approx(ex.log_z).epsilon(1e-12));
        CHECK(tm.e_per_spin == Approx(ex.e_per_spin).margin(1e-10));
        CHECK(tm.c_per_spin == Approx(ex.c_per_spin).margin(1e-9));
        CHECK(tm.m_per_spin == Approx(ex.m_per_spin).margin(1e-10));
        CHECK(tm.m2_per_spin == Approx(ex.m2_per_spin).margin(1e-10));
        CHECK(std::isnan(tm.abs_m_per_spin));
      }
  }
}

TEST_CASE("transfer matrix on larger strips: c = de/dT and the infinite-strip limit", "[physics][transfer_matrix]") {
  for (double T : {1.8, 2.4}) {
    const double d = 1e-4;
    const auto mid = physics::ising_transfer_matrix_row(7, 7, 1.0, 0.0, T);
    const auto lo = physics::ising_transfer_matrix_row(7, 7, 1.0, 0.0, T - d);
    const auto hi = physics::ising_transfer_matrix_row(7, 7, 1.0, 0.0, T + d);
    CHECK(mid.c_per_spin == Approx((hi.e_per_spin - lo.e_per_spin) / (2 * d)).epsilon(1e-6));
    // f = -T log Z / N and e = f - T df/dT.
    const double dfdT = (hi.free_energy_per_spin - lo.free_energy_per_spin) / (2 * d);
    CHECK(mid.e_per_spin == Approx(mid.free_energy_per_spin - T * dfdT).epsilon(1e-7));
  }
  // A strip 400 rows long is the infinite strip (M = 0) to many digits.
  for (double T : {1.5, 3.0}) {
    const auto inf = physics::ising_transfer_matrix_row(6, 0, 1.0, 0.1, T);
    const auto lng = physics::ising_transfer_matrix_row(6, 400, 1.0, 0.1, T);
    CHECK(inf.free_energy_per_spin == Approx(lng.free_energy_per_spin).epsilon(1e-12));
    CHECK(inf.e_per_spin == Approx(lng.e_per_spin).epsilon(1e-10));
    CHECK(inf.c_per_spin == Approx(lng.c_per_spin).epsilon(1e-8));
    CHECK(inf.m_per_spin == Approx(lng.m_per_spin).epsilon(1e-10));
  }
  // A 10-wide strip (1024 x 1024 matrix) works and approaches Onsager's energy at T = 3 (far from T_c).
  const auto wide = physics::ising_transfer_matrix_row(10, 0, 1.0, 0.0, 3.0);
  CHECK(wide.e_per_spin == Approx(-0.8164).margin(0.01));
}

TEST_CASE("1D Ising: closed form = naive sum = transfer matrix, and the N -> inf limits", "[physics][ising_1d]") {
  const int N = 10;
  for (double h : {0.0, 0.4})
    for (double T : {0.5, 1.0, 3.0}) {
      const double J = 1.0;
      double z = 0, se = 0, se2 = 0, sm = 0;
      for (int state = 0; state < (1 << N); ++state) {
        double e = 0, m = 0;
        for (int i = 0; i < N; ++i) {
          const double s = (state >> i) & 1 ? 1.0 : -1.0, t = (state >> ((i + 1) % N)) & 1 ? 1.0 : -1.0;
          e += -J * s * t - h * s;
          m += s;
        }
        const double w = core::boltzmann_factor(e, 1.0 / T);
        z += w;
        se += w * e;
        se2 += w * e * e;
        sm += w * m;
      }
      const auto r = physics::ising_1d_exact(N, J, h, T);
      CHECK(r.log_z == Approx(std::log(z)).epsilon(1e-13));
      CHECK(r.e_per_spin == Approx(se / z / N).margin(1e-12));
      CHECK(r.c_per_spin == Approx((se2 / z - se * se / (z * z)) / (N * T * T)).margin(1e-11));
      CHECK(r.m_per_spin == Approx(sm / z / N).margin(1e-12));
    }
  // h = 0: Z = (2 cosh K)^N + (2 sinh K)^N.
  const double K = 1.0 / 0.8;
  CHECK(physics::ising_1d_exact(7, 1.0, 0.0, 0.8).log_z ==
        Approx(std::log(std::pow(2 * std::cosh(K), 7) + std::pow(2 * std::sinh(K), 7))).epsilon(1e-14));
  // N -> inf: u = -J tanh(K), c = K^2 / cosh^2 K, f = -T log(2 cosh K), m = sinh(bh)/sqrt(sinh^2 bh + e^{-4K}).
  const auto big = physics::ising_1d_exact(2000, 1.0, 0.0, 1.3);
  const double k = 1.0 / 1.3;
  CHECK(big.e_per_spin == Approx(-std::tanh(k)).epsilon(1e-12));
  CHECK(big.c_per_spin == Approx(k * k / (std::cosh(k) * std::cosh(k))).epsilon(1e-9));
  CHECK(big.free_energy_per_spin == Approx(-1.3 * std::log(2 * std::cosh(k))).epsilon(1e-12));
  CHECK(physics::ising_1d_free_energy_per_spin_infinite(1.0, 0.0, 1.3) == Approx(big.free_energy_per_spin).epsilon(1e-12));
  const auto field = physics::ising_1d_exact(3000, 1.0, 0.3, 1.3);
  CHECK(field.m_per_spin == Approx(physics::ising_1d_magnetisation_infinite(1.0, 0.3, 1.3)).epsilon(1e-10));
  CHECK(field.free_energy_per_spin ==
        Approx(physics::ising_1d_free_energy_per_spin_infinite(1.0, 0.3, 1.3)).epsilon(1e-12));
  // No phase transition: m -> 0 as h -> 0 at any T > 0.
  CHECK(physics::ising_1d_magnetisation_infinite(1.0, 1e-9, 0.5) < 1e-4);
}

TEST_CASE("transfer matrix: bad input is an ArgumentError naming the argument", "[physics][transfer_matrix][errors]") {
  CHECK(argument_of([] { physics::ising_transfer_matrix_row(1, 4, 1.0, 0.0, 1.0); }) == "lattice size L");
  CHECK(argument_of([] { physics::ising_transfer_matrix_row(11, 4, 1.0, 0.0, 1.0); }) == "lattice size L");
  CHECK(argument_of([] { physics::ising_transfer_matrix_row(4, -1, 1.0, 0.0, 1.0); }) == "strip length M");
  CHECK(argument_of([] { physics::ising_transfer_matrix_row(4, 4, 1.0, 0.0, 0.0); }) == "temperature T");
  CHECK(argument_of([] { physics::ising_1d_exact(0, 1.0, 0.0, 1.0); }) == "chain length N");
  CHECK(argument_of([] { physics::ising_1d_exact(5, 1.0, 0.0, -1.0); }) == "temperature T");
}
