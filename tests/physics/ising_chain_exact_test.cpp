// The exact Ising chain's magnetisation columns against a naive sum over all 2^N states, the binomial
// distribution of free spins, symmetry and bad input.
#include <catch2/catch.hpp>

#include <cmath>
#include <functional>
#include <numeric>

#include "core/input_error.hpp"
#include "core/softmax.hpp"
#include "physics/ising_chain_exact.hpp"

using namespace arbiter;

TEST_CASE("Ising chain: |m|, <m^2>, chi and binder equal a naive sum over 2^N states", "[physics][ising_1d]") {
  for (const int N : {1, 2, 3, 10})
    for (const double J : {1.0, -0.7})
      for (const double h : {0.0, 0.4})
        for (const double T : {0.5, 1.3, 4.0}) {
          double z = 0, se = 0, sa = 0, sm2 = 0, sm4 = 0;
          for (int state = 0; state < (1 << N); ++state) {
            double e = 0, m = 0;
            for (int i = 0; i < N; ++i) {
              const double s = (state >> i) & 1 ? 1.0 : -1.0, t = (state >> ((i + 1) % N)) & 1 ? 1.0 : -1.0;
              e += -J * s * t - h * s;
              m += s;
            }
            m /= N;
            const double w = core::boltzmann_factor(e, 1.0 / T);
            z += w;
            se += w * e;
            sa += w * std::abs(m);
            sm2 += w * m * m;
            sm4 += w * m * m * m * m;
          }
          INFO("N = " << N << ", J = " << J << ", h = " << h << ", T = " << T);
          const auto r = physics::ising_chain_row(N, J, h, T);
          CHECK(r.e_per_spin == Approx(se / z / N).margin(1e-12));
          CHECK(r.abs_m_per_spin == Approx(sa / z).margin(1e-13));
          CHECK(r.m2_per_spin == Approx(sm2 / z).margin(1e-13));
          CHECK(r.chi_per_spin == Approx(N * (sm2 / z - (sa / z) * (sa / z)) / T).margin(1e-11));
          CHECK(r.binder == Approx(1 - (sm4 / z) / (3 * (sm2 / z) * (sm2 / z))).margin(1e-12));
        }
}

TEST_CASE("Ising chain: free spins are binomial, h = 0 is symmetric, long chains stay finite", "[physics][ising_1d]") {
  // J = 0, h = 0: P(k up) = C(N, k) / 2^N.
  const auto p = physics::ising_chain_magnetisation_distribution(12, 0.0, 0.0, 1.0);
  REQUIRE(p.size() == 13);
  double binom = 1.0;
  for (int k = 0; k <= 12; ++k) {
    CHECK(p[static_cast<std::size_t>(k)] == Approx(binom / 4096.0).epsilon(1e-13));
    binom = binom * (12 - k) / (k + 1);
  }
  const auto q = physics::ising_chain_magnetisation_distribution(301, 1.0, 0.0, 0.8);
  CHECK(std::accumulate(q.begin(), q.end(), 0.0) == Approx(1.0).epsilon(1e-13));
  for (std::size_t k = 0; k < q.size(); ++k) CHECK(q[k] == Approx(q[q.size() - 1 - k]).epsilon(1e-10).margin(1e-300));
  // Long chain at low T: domains of ~e^{2K} sites; finite numbers however long, and <m^2> ~ 2 xi / N.
  const auto r = physics::ising_chain_row(4000, 1.0, 0.0, 0.5);
  CHECK(std::isfinite(r.binder));
  CHECK(r.abs_m_per_spin > 0.0);
  const auto x = physics::ising_chain_row(4000, 1.0, 0.0, 2.0);
  // <m^2> = chi_0 T / N: for N >> xi, N <m^2> -> e^{2K} (the infinite chain's susceptibility times T).
  CHECK(4000 * x.m2_per_spin == Approx(std::exp(2.0 / 2.0)).epsilon(1e-6));
}

TEST_CASE("Ising chain: bad input is an ArgumentError naming the argument", "[physics][ising_1d][errors]") {
  auto argument_of = [](const std::function<void()>& f) -> std::string {
    try {
      f();
    } catch (const core::ArgumentError& e) {
      return e.argument();
    }
    return "(no ArgumentError)";
  };
  CHECK(argument_of([] { physics::ising_chain_row(0, 1.0, 0.0, 1.0); }) == "lattice size L");
  CHECK(argument_of([] { physics::ising_chain_row(8, 1.0, NAN, 1.0); }) == "field h");
  CHECK(argument_of([] { physics::ising_chain_row(8, 1.0, 0.0, 0.0); }) == "temperature T");
}
