// Exact enumeration of the periodic L x L Ising model: the 2 x 2 partition function by hand, a naive
// site-by-site sum, symmetries and bad input.
#include <catch2/catch.hpp>

#include <cmath>
#include <functional>
#include <map>
#include <limits>

#include "tests/physics/argument_of.hpp"
#include "core/input_error.hpp"
#include "core/softmax.hpp"
#include "physics/ising_exact.hpp"

using namespace arbiter;
using arbiter::test_physics::argument_of;

namespace {


// Independent reference: sum over all 2^N states, each site to its right and lower neighbour.
physics::ExactIsingRow naive(int L, double J, double h, double T) {
  const int N = L * L;
  double z = 0, se = 0, se2 = 0, sm = 0, sam = 0, sm2 = 0, sm4 = 0;
  for (long state = 0; state < (1L << N); ++state) {
    auto s = [&](int x, int y) { return ((state >> (((y + L) % L) * L + (x + L) % L)) & 1) ? 1.0 : -1.0; };
    double e = 0, m = 0;
    for (int y = 0; y < L; ++y)
      for (int x = 0; x < L; ++x) {
        e += -J * s(x, y) * (s(x + 1, y) + s(x, y + 1)) - h * s(x, y);
        m += s(x, y);
      }
    m /= N;
    const double w = core::boltzmann_factor(e, 1.0 / T);
    z += w;
    se += w * e;
    se2 += w * e * e;
    sm += w * m;
    sam += w * std::abs(m);
    sm2 += w * m * m;
    sm4 += w * m * m * m * m;
  }
  physics::ExactIsingRow r;
  r.T = T;
  r.log_z = std::log(z);
  r.e_per_spin = se / z / N;
  r.c_per_spin = (se2 / z - (se / z) * (se / z)) / (N * T * T);
  r.m_per_spin = sm / z;
  r.abs_m_per_spin = sam / z;
  r.m2_per_spin = sm2 / z;
  r.chi_per_spin = N * (sm2 / z - (sam / z) * (sam / z)) / T;
  r.binder = 1 - (sm4 / z) / (3 * (sm2 / z) * (sm2 / z));
  return r;
}

void check_same(const physics::ExactIsingRow& a, const physics::ExactIsingRow& b, double tol) {
  CHECK(a.log_z == Approx(b.log_z).epsilon(tol));
  CHECK(a.e_per_spin == Approx(b.e_per_spin).margin(tol));
  CHECK(a.c_per_spin == Approx(b.c_per_spin).margin(tol));
  CHECK(a.m_per_spin == Approx(b.m_per_spin).margin(tol));
  CHECK(a.abs_m_per_spin == Approx(b.abs_m_per_spin).margin(tol));
  CHECK(a.m2_per_spin == Approx(b.m2_per_spin).margin(tol));
  CHECK(a.chi_per_spin == Approx(b.chi_per_spin).margin(tol));
  CHECK(a.binder == Approx(b.binder).margin(tol));
}

}  // namespace

TEST_CASE("2 x 2 Ising: Z = 12 + 4 cosh(8 beta J) by hand", "[physics][ising_exact]") {
  // With every site bonded to its right and lower neighbour (wrapping), the 2 x 2 torus has 8 bonds: the
  // 4-ring 0-1-3-2 counted twice. All aligned (2 states): E = -8J; one flipped (4) or an adjacent pair (4)
  // flipped: E = 0 (12 states in all with M = +-2 (8) and M = 0 (4)); a diagonal pair (2): E = +8J.
  const physics::IsingDensityOfStates dos(2);
  double total = 0;
  for (const auto& e : dos.entries()) total += e.count;
  CHECK(total == 16);
  for (double T : {0.5, 1.0, 2.269, 5.0}) {
    const double K = 1.0 / T;
    const double z = 12 + 4 * std::cosh(8 * K);
    const auto r = dos.row(1.0, 0.0, T);
    CHECK(r.log_z == Approx(std::log(z)).epsilon(1e-14));
    CHECK(r.e_per_spin == Approx(-32 * std::sinh(8 * K) / z / 4).epsilon(1e-13));
    // <|m|>: all aligned |m| = 1 (weight e^{8K} each), one flipped |m| = 1/2 (8 states), pairs m = 0.
    const double up = std::cosh(8 * K) + std::sinh(8 * K);
    CHECK(r.abs_m_per_spin == Approx((2 * up + 8 * 0.5) / z).epsilon(1e-13));
    CHECK(r.m_per_spin == Approx(0.0).margin(1e-15));
    // Var(E) = d^2 log Z / dK^2 = [256 cosh(8K) Z - (32 sinh(8K))^2] / Z^2 = 1024 (3 cosh(8K) + 1) / Z^2,
    // written without the cancellation of <E^2> - <E>^2 (which loses ~10 digits at T = 0.5, where the
    // earlier reference <E^2> - <E>^2 = 64 - 64 + 4e-5 was itself only good to ~1e-10).
    const double var_e = 1024 * (3 * std::cosh(8 * K) + 1) / (z * z);
    CHECK(r.c_per_spin == Approx(var_e / (4 * T * T)).epsilon(1e-12));
  }
}

TEST_CASE("enumeration matches a naive site-by-site sum (L = 2 and 3, with a field)", "[physics][ising_exact]") {
  for (int L : {2, 3})
    for (double h : {0.0, 0.37})
      for (double T : {0.8, 2.27, 4.0}) check_same(physics::exact_ising_row(L, 1.0, h, T), naive(L, 1.0, h, T), 1e-11);
  check_same(physics::exact_ising_row(3, -0.6, 0.2, 1.3), naive(3, -0.6, 0.2, 1.3), 1e-11);
}

TEST_CASE("4 x 4 enumeration: 65536 states, symmetries and the limits", "[physics][ising_exact]") {
  const physics::IsingDensityOfStates dos(4);
  double total = 0;
  for (const auto& e : dos.entries()) total += e.count;
  CHECK(total == 65536);
  // Field reversal: m -> -m, everything else the same.
  const auto plus = dos.row(1.0, 0.3, 2.0), minus = dos.row(1.0, -0.3, 2.0);
  CHECK(plus.m_per_spin == Approx(-minus.m_per_spin).epsilon(1e-13));
  CHECK(plus.log_z == Approx(minus.log_z).epsilon(1e-14));
  // Antiferromagnet = ferromagnet on the bipartite 4 x 4 torus at h = 0 (same energies, staggered m).
  const auto f = dos.row(1.0, 0.0, 1.7), af = dos.row(-1.0, 0.0, 1.7);
  CHECK(f.log_z == Approx(af.log_z).epsilon(1e-14));
  CHECK(f.e_per_spin == Approx(af.e_per_spin).epsilon(1e-13));
  // T -> 0: ground state e = -2, |m| = 1, binder = 2/3. T -> inf: e = 0, log Z = N log 2, binder -> 0
  // (Gaussian m with finite-size corrections: 1 - <m^4>/(3<m^2>^2) = 1 - (3 - 2/N)/3 = 2/(3N)).
  const auto cold = dos.row(1.0, 0.0, 0.05), hot = dos.row(1.0, 0.0, 1e12);
  CHECK(cold.e_per_spin == Approx(-2.0).margin(1e-12));
  CHECK(cold.abs_m_per_spin == Approx(1.0).margin(1e-12));
  CHECK(cold.binder == Approx(2.0 / 3.0).margin(1e-12));
  CHECK(hot.log_z == Approx(16 * std::log(2.0)).epsilon(1e-10));
  CHECK(hot.binder == Approx(2.0 / 48.0).margin(1e-9));
  CHECK(hot.m2_per_spin == Approx(1.0 / 16).epsilon(1e-9));
  // c = d e / d T (fluctuation-dissipation on the exact numbers).
  for (double T : {1.5, 2.3, 3.2}) {
    const double d = 1e-5;
    const double de = (dos.row(1.0, 0.1, T + d).e_per_spin - dos.row(1.0, 0.1, T - d).e_per_spin) / (2 * d);
    CHECK(dos.row(1.0, 0.1, T).c_per_spin == Approx(de).epsilon(1e-6));
  }
  // The rows convenience equals one row at a time.
  const auto rows = physics::exact_ising_rows(4, 1.0, 0.0, {1.0, 2.0});
  CHECK(rows[1].binder == dos.row(1.0, 0.0, 2.0).binder);
}

TEST_CASE("4 x 4 exact: published values (Beale 1996 density of states)", "[physics][ising_exact]") {
  // The 4 x 4 torus has g(E) = 2, 32, 64, 424, 1728, 6688, 13568, 20524, ... for E = -32, -24, -20, -16, ...
  const physics::IsingDensityOfStates dos(4);
  std::map<int, double> g;
  for (const auto& e : dos.entries()) g[-e.bond_sum] += e.count;
  CHECK(g[-32] == 2);
  CHECK(g[-24] == 32);
  CHECK(g[-20] == 64);
  CHECK(g[-16] == 424);
  CHECK(g[-12] == 1728);
  CHECK(g[-8] == 6688);
  CHECK(g[-4] == 13568);
  CHECK(g[0] == 20524);
  CHECK(g[-28] == 0);
}

TEST_CASE("huge couplings and fields stay finite", "[physics][ising_exact]") {
  const auto r = physics::exact_ising_row(3, 1e6, 0.0, 1.0);
  CHECK(r.e_per_spin == Approx(-2e6).epsilon(1e-15));
  CHECK(r.abs_m_per_spin == 1.0);
  CHECK(r.c_per_spin == 0.0);
  const auto s = physics::exact_ising_row(3, 1.0, 1e7, 1e-3);
  CHECK(s.m_per_spin == 1.0);
  CHECK(std::isfinite(s.log_z));
}

TEST_CASE("tiny couplings and fields: e and c keep their relative accuracy, or are exactly 0 below the smallest "
          "normal double", "[physics][ising_exact]") {
  // The 4 x 4 torus's high-temperature series: log Z = N log 2 + 2N log cosh K + (N + 2L) t^4 + O(t^6) (16
  // plaquettes, 8 loops around the torus), so e / |J| = -(2t + 6t^3 (1 - t^2)) and
  // c = K^2 (2 (1 - t^2) + 1.5 (12 t^2 (1 - t^2)^2 - 8 t^4 (1 - t^2))), t = tanh K, to O(t^4) relative.
  const physics::IsingDensityOfStates dos(4);
  for (double K : {1e-5, 1e-8, 1e-12, 1e-150}) {
    INFO("K = " << K);
    const double t = std::tanh(K), d = 1.0 - t * t;
    const auto r = dos.row(1.0, 0.0, 1.0 / K);
    CHECK(r.e_per_spin == Approx(-(2.0 * t + 6.0 * t * t * t * d)).epsilon(1e-12));
    CHECK(r.c_per_spin == Approx(K * K * (2.0 * d + 1.5 * (12.0 * t * t * d * d - 8.0 * t * t * t * t * d))).epsilon(1e-12));
  }
  // |J| = 1e-150 at T = 1: e = -2 J^2 = -2e-300 and c = 2e-300, normal numbers, to their relative accuracy;
  // a field alone likewise (e = -h^2 / T per spin, the spins independent at this order).
  const auto tiny = dos.row(1e-150, 0.0, 1.0);
  CHECK(tiny.e_per_spin == Approx(-2e-300).epsilon(1e-12));
  CHECK(tiny.c_per_spin == Approx(2e-300).epsilon(1e-12));
  const auto field = dos.row(0.0, 1e-150, 1.0);
  CHECK(field.e_per_spin == Approx(-1e-300).epsilon(1e-12));
  // |J| = 1e-300 at T = 1: the true e ~ -2e-600 and c ~ 2e-600 underflow; exactly 0, not a subnormal -1e-317.
  for (double J : {1e-300, -1e-300, 5e-324}) {
    INFO("J = " << J);
    const auto r = dos.row(J, 0.0, 1.0);
    CHECK(r.e_per_spin == 0.0);
    CHECK(r.c_per_spin == 0.0);
    CHECK(r.log_z == Approx(16.0 * std::log(2.0)).epsilon(1e-15));
  }
  // Where the scale of J against T is 1 the tiny scale still gives the numbers of J = 1 (in units of J).
  const auto scaled = dos.row(1e-300, 0.0, 2.5e-300), unit = dos.row(1.0, 0.0, 2.5);
  CHECK(scaled.e_per_spin / 1e-300 == Approx(unit.e_per_spin).epsilon(1e-13));
  CHECK(scaled.c_per_spin == Approx(unit.c_per_spin).epsilon(1e-13));
}

TEST_CASE("exact Ising: bad input is an ArgumentError naming the argument", "[physics][ising_exact][errors]") {
  CHECK(argument_of([] { physics::IsingDensityOfStates(1); }) == "lattice size L");
  CHECK(argument_of([] { physics::IsingDensityOfStates(6); }) == "lattice size L");
  CHECK(argument_of([] { physics::exact_ising_row(2, 1.0, 0.0, 0.0); }) == "temperature T");
  CHECK(argument_of([] { physics::exact_ising_row(2, 1.0, 0.0, -2.0); }) == "temperature T");
  CHECK(argument_of([] { physics::exact_ising_row(2, 1.0, 0.0, NAN); }) == "temperature T");
  CHECK(argument_of([] { physics::exact_ising_row(2, NAN, 0.0, 1.0); }) == "coupling J");
  CHECK(argument_of([] { physics::exact_ising_row(2, 1.0, INFINITY, 1.0); }) == "field h");
}
