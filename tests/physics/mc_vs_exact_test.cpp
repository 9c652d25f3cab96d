// Monte Carlo means on small lattices agree with exact enumeration within their error bars: 4 x 4 Ising
// (Metropolis, heat-bath, Wolff; h = 0 and h != 0), 4 x 4 q = 3 Potts, and the exact 1D chain (every column).
#include <catch2/catch.hpp>
#include <cmath>
#include "physics/ising_chain_exact.hpp"
#include "physics/ising_exact.hpp"
#include "physics/potts_exact.hpp"
#include "physics/transfer_matrix.hpp"
#include "tests/physics/run_lattice.hpp"

using arbiter::test_physics_mc::run_lattice;
using nlohmann::json;

namespace {

// |mc - exact| within k error bars (plus a tiny floor for quantities whose error bar is 0 at T -> 0).
void check_within(const char* what, double mc, double err, double exact, double k = 4.0) {
  INFO(what << ": mc " << mc << " +- " << err << ", exact " << exact);
  CHECK(std::isfinite(mc));
  CHECK(err >= 0.0);
  CHECK(std::abs(mc - exact) <= k * err + 1e-9);
}

void compare_rows(const arbiter::test_physics_mc::LatticeRun& mc, const std::vector<arbiter::physics::ExactIsingRow>& ex) {
  REQUIRE(mc.rows.size() == ex.size());
  for (std::size_t i = 0; i < ex.size(); ++i) {
    const auto& r = mc.rows[i];
    INFO("T = " << ex[i].T << ", tau_int = " << r["tau_int"]);
    check_within("e", r["e_per_spin"], r["e_err"], ex[i].e_per_spin);
    check_within("c", r["c_per_spin"], r["c_err"], ex[i].c_per_spin);
    check_within("|m|", r["abs_m_per_spin"], r["abs_m_err"], ex[i].abs_m_per_spin);
    check_within("chi", r["chi_per_spin"], r["chi_err"], ex[i].chi_per_spin);
    check_within("binder", r["binder"], r["binder_err"], ex[i].binder);
    // The error bars are real: not absurdly small next to the sampling noise of 2e5 sweeps.
    CHECK(r["e_err"] > 0.0);
  }
}

}  // namespace

TEST_CASE("4x4 Ising Monte Carlo agrees with exact enumeration for every sampler", "[physics_mc][exact]") {
  const std::vector<double> Ts{1.5, 2.27, 3.0};
  const auto exact = arbiter::physics::exact_ising_rows(4, 1.0, 0.0, Ts);
  for (const std::string alg : {"metropolis", "heat_bath", "wolff"}) {
    SECTION(alg) {
      const json cfg = {{"kind", "physics.ising"}, {"L", 4}, {"temperatures", Ts}, {"algorithm", alg},
                        {"thermalization_sweeps", 1000}, {"measurement_sweeps", 200000}, {"seed", 11}};
      compare_rows(run_lattice(cfg), exact);
    }
  }
}

TEST_CASE("4x4 Ising in a field: Metropolis and heat-bath agree with exact enumeration", "[physics_mc][exact]") {
  const std::vector<double> Ts{1.8, 2.5};
  const auto exact = arbiter::physics::exact_ising_rows(4, 1.0, 0.3, Ts);
  for (const std::string alg : {"metropolis", "heat_bath"}) {
    SECTION(alg) {
      const json cfg = {{"kind", "physics.ising"}, {"L", 4}, {"h", 0.3}, {"temperatures", Ts}, {"algorithm", alg},
                        {"thermalization_sweeps", 1000}, {"measurement_sweeps", 200000}, {"seed", 5}};
      compare_rows(run_lattice(cfg), exact);
    }
  }
}

TEST_CASE("4x4 antiferromagnet (J < 0): Metropolis and Wolff agree with exact enumeration", "[physics_mc][exact]") {
  const std::vector<double> Ts{2.0, 3.0};
  const auto exact = arbiter::physics::exact_ising_rows(4, -1.0, 0.0, Ts);
  for (const std::string alg : {"metropolis", "wolff"}) {
    SECTION(alg) {
      const json cfg = {{"kind", "physics.ising"}, {"L", 4}, {"J", -1.0}, {"temperatures", Ts}, {"algorithm", alg},
                        {"thermalization_sweeps", 1000}, {"measurement_sweeps", 100000}, {"seed", 3}};
      compare_rows(run_lattice(cfg), exact);
    }
  }
}

TEST_CASE("4x4 q = 3 Potts Monte Carlo agrees with exact enumeration", "[physics_mc][exact]") {
  const std::vector<double> Ts{0.8, 1.0, 1.5};
  const auto exact = arbiter::physics::exact_potts_rows(3, 4, 1.0, 0.0, Ts);
  for (const std::string alg : {"metropolis", "heat_bath", "wolff"}) {
    SECTION(alg) {
      const json cfg = {{"kind", "physics.potts"}, {"q", 3}, {"L", 4}, {"temperatures", Ts}, {"algorithm", alg},
                        {"thermalization_sweeps", 1000}, {"measurement_sweeps", 100000}, {"seed", 7}};
      compare_rows(run_lattice(cfg), exact);
    }
  }
}

TEST_CASE("1D Ising chain: every column agrees with the exact chain", "[physics_mc][exact]") {
  const std::vector<double> Ts{0.7, 1.5};
  for (const std::string alg : {"metropolis", "heat_bath", "wolff"}) {
    SECTION(alg) {
      const double h = alg == "wolff" ? 0.0 : 0.2;
      const json cfg = {{"kind", "physics.ising"}, {"dimensions", 1}, {"L", 12}, {"h", h}, {"temperatures", Ts},
                        {"algorithm", alg}, {"thermalization_sweeps", 1000}, {"measurement_sweeps", 200000},
                        {"seed", 9}};
      const auto mc = run_lattice(cfg);
      REQUIRE(mc.rows.size() == Ts.size());
      std::vector<arbiter::physics::ExactIsingRow> exact;
      for (const double T : Ts) exact.push_back(arbiter::physics::ising_chain_row(12, 1.0, h, T));
      compare_rows(mc, exact);
    }
  }
}

TEST_CASE("algorithm exact gives the exact rows with zero errors", "[physics_mc][exact]") {
  const std::vector<double> Ts{2.0, 2.5};
  const json cfg = {{"kind", "physics.ising"}, {"L", 4}, {"temperatures", Ts}, {"algorithm", "exact"}};
  const auto run = run_lattice(cfg);
  const auto exact = arbiter::physics::exact_ising_rows(4, 1.0, 0.0, Ts);
  REQUIRE(run.rows.size() == 2);
  for (std::size_t i = 0; i < 2; ++i) {
    CHECK(run.rows[i]["L"] == 4);
    CHECK(run.rows[i]["T"] == Ts[i]);
    CHECK(run.rows[i]["e_per_spin"] == exact[i].e_per_spin);
    CHECK(run.rows[i]["binder"] == exact[i].binder);
    CHECK(run.rows[i]["e_err"] == 0.0);
    CHECK(run.rows[i]["tau_int"] == 0.0);
  }
}

TEST_CASE("configs/physics/ising_chain.json agrees with the exact chain in every column", "[physics_mc][exact]") {
  const auto mc = run_lattice(
      arbiter::experiments::read_json_file(std::string(ARBITER_SOURCE_DIR) + "/configs/physics/ising_chain.json"));
  std::vector<arbiter::physics::ExactIsingRow> exact;
  for (const auto& r : mc.rows) exact.push_back(arbiter::physics::ising_chain_row(64, 1.0, 0.0, r["T"]));
  compare_rows(mc, exact);
}
