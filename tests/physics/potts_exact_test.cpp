// Exact enumeration of the periodic q-state Potts model: a naive sum, q = 2 against Ising, bad input.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <functional>
#include <vector>

#include "tests/physics/argument_of.hpp"
#include "core/input_error.hpp"
#include "core/softmax.hpp"
#include "physics/ising_exact.hpp"
#include "physics/potts_exact.hpp"

using namespace arbiter;
using arbiter::test_physics::argument_of;

namespace {


// Independent reference: every state of the L x L torus, each site to its right and lower neighbour.
physics::ExactLatticeRow naive(int q, int L, double J, double h, double T) {
  const int N = L * L;
  std::vector<int> s(static_cast<std::size_t>(N), 0);
  double z = 0, se = 0, se2 = 0, sm = 0, sm2 = 0, sm4 = 0;
  auto at = [&](int x, int y) { return s[static_cast<std::size_t>(((y + L) % L) * L + (x + L) % L)]; };
  while (true) {
    double e = 0;
    std::vector<int> n(static_cast<std::size_t>(q), 0);
    for (int y = 0; y < L; ++y)
      for (int x = 0; x < L; ++x) {
        e -= J * ((at(x, y) == at(x + 1, y)) + (at(x, y) == at(x, y + 1))) + h * (at(x, y) == 0);
        ++n[static_cast<std::size_t>(at(x, y))];
      }
    const double m = (q * static_cast<double>(*std::max_element(n.begin(), n.end())) / N - 1) / (q - 1);
    const double w = core::boltzmann_factor(e, 1.0 / T);
    z += w;
    se += w * e;
    se2 += w * e * e;
    sm += w * m;
    sm2 += w * m * m;
    sm4 += w * m * m * m * m;
    int i = 0;
    while (i < N && ++s[static_cast<std::size_t>(i)] == q) s[static_cast<std::size_t>(i++)] = 0;
    if (i == N) break;
  }
  physics::ExactLatticeRow r;
  r.log_z = std::log(z);
  r.e_per_spin = se / z / N;
  r.c_per_spin = (se2 / z - (se / z) * (se / z)) / (N * T * T);
  r.abs_m_per_spin = sm / z;
  r.chi_per_spin = N * (sm2 / z - (sm / z) * (sm / z)) / T;
  r.binder = 1 - (sm4 / z) / (3 * (sm2 / z) * (sm2 / z));
  return r;
}

}  // namespace

TEST_CASE("Potts enumeration matches a naive sum (q = 3 and 4, L = 2 and 3, with a field)", "[physics][potts_exact]") {
  for (int q : {3, 4})
    for (int L : {2, 3})
      for (double T : {0.6, 1.0, 2.5}) {
        const double h = L == 3 ? 0.25 : 0.0;
        const auto a = physics::exact_potts_row(q, L, 1.0, h, T);
        const auto b = naive(q, L, 1.0, h, T);
        CHECK(a.log_z == Approx(b.log_z).epsilon(1e-12));
        CHECK(a.e_per_spin == Approx(b.e_per_spin).margin(1e-11));
        CHECK(a.c_per_spin == Approx(b.c_per_spin).margin(1e-11));
        CHECK(a.abs_m_per_spin == Approx(b.abs_m_per_spin).margin(1e-11));
        CHECK(a.chi_per_spin == Approx(b.chi_per_spin).margin(1e-11));
        CHECK(a.binder == Approx(b.binder).margin(1e-11));
      }
}

TEST_CASE("q = 2 Potts is Ising with J/2: e shifted by -J, c, |m|, chi, binder equal", "[physics][potts_exact]") {
  for (double T : {0.7, 1.13, 2.0, 5.0}) {
    const auto p = physics::exact_potts_row(2, 4, 1.0, 0.0, T);
    const auto i = physics::exact_ising_row(4, 0.5, 0.0, T);
    CHECK(p.e_per_spin == Approx(i.e_per_spin - 1.0).margin(1e-12));
    CHECK(p.c_per_spin == Approx(i.c_per_spin).margin(1e-12));
    CHECK(p.abs_m_per_spin == Approx(i.abs_m_per_spin).margin(1e-12));
    CHECK(p.chi_per_spin == Approx(i.chi_per_spin).margin(1e-12));
    CHECK(p.binder == Approx(i.binder).margin(1e-12));
    CHECK(p.log_z == Approx(i.log_z + 16.0 / T).epsilon(1e-13));
  }
}

TEST_CASE("Potts density of states: q^N states, ground states and limits", "[physics][potts_exact]") {
  const physics::PottsDensityOfStates dos(3, 3);
  double total = 0, ground = 0;
  for (const auto& e : dos.entries()) {
    total += e.count;
    if (e.bond_count == 18) ground += e.count;
  }
  CHECK(total == 19683);
  CHECK(ground == 3);
  const auto cold = dos.row(1.0, 0.0, 0.02);
  CHECK(cold.e_per_spin == Approx(-2.0).margin(1e-12));
  CHECK(cold.abs_m_per_spin == Approx(1.0).margin(1e-12));
  const auto hot = dos.row(1.0, 0.0, 1e12);
  CHECK(hot.e_per_spin == Approx(-2.0 / 3.0).margin(1e-9));  // a bond is satisfied with probability 1/q
  CHECK(hot.log_z == Approx(9 * std::log(3.0)).epsilon(1e-10));
  CHECK(physics::potts_enumeration_feasible(3, 4));
  CHECK_FALSE(physics::potts_enumeration_feasible(4, 4));
}

TEST_CASE("exact Potts: bad input is an ArgumentError naming the argument", "[physics][potts_exact][errors]") {
  CHECK(argument_of([] { physics::PottsDensityOfStates(1, 3); }) == "number of states q");
  CHECK(argument_of([] { physics::PottsDensityOfStates(3, 1); }) == "lattice size L");
  CHECK(argument_of([] { physics::PottsDensityOfStates(5, 4); }) == "lattice size L");
  CHECK(argument_of([] { physics::exact_potts_row(3, 2, 1.0, 0.0, 0.0); }) == "temperature T");
}
