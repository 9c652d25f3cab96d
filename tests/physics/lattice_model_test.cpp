// physics::LatticeModel: each model describes itself (T_c against the closed forms, the exact method per
// size, words for a view) and is built by name in one place; bad names and parameters are ArgumentErrors.
#include <catch2/catch.hpp>
#include <cmath>
#include "core/input_error.hpp"
#include "physics/ising_chain_exact.hpp"
#include "physics/ising_exact.hpp"
#include "physics/kaufman_torus.hpp"
#include "physics/lattice_model.hpp"
#include "physics/potts_exact.hpp"

using namespace arbiter;
using physics::ExactMethod;
using physics::LatticeModelSpec;

namespace {

std::unique_ptr<const physics::LatticeModel> model(const std::string& name, int parameter, double J = 1.0,
                                                   double h = 0.0) {
  LatticeModelSpec s;
  s.name = name;
  if (name == "potts") s.q = parameter;
  else s.dimensions = parameter;
  s.J = J;
  s.h = h;
  return physics::make_lattice_model(s);
}

std::string argument_of(const LatticeModelSpec& s) {
  try {
    physics::make_lattice_model(s);
  } catch (const core::ArgumentError& e) {
    return e.argument();
  }
  return "(no ArgumentError)";
}

}  // namespace

TEST_CASE("lattice models: T_c of the infinite lattice from the closed forms", "[physics][lattice_model]") {
  // 2D Ising: Onsager's 2J / ln(1 + sqrt 2) = 2.269185314213022 J.
  CHECK(model("ising", 2)->critical_temperature() == Approx(2.269185314213022).epsilon(1e-14));
  CHECK(model("ising", 2, 0.5)->critical_temperature() == Approx(1.134592657106511).epsilon(1e-14));
  // q-state Potts: J / ln(1 + sqrt q); q = 3 gives 0.9949728...
  for (int q = 2; q <= 8; ++q)
    CHECK(model("potts", q)->critical_temperature() == Approx(1.0 / std::log(1.0 + std::sqrt(double(q)))).epsilon(1e-14));
  CHECK(model("potts", 3)->critical_temperature() == Approx(0.9949728611).epsilon(1e-9));
  // Potts q = 2 is the Ising model with J/2: half Onsager's T_c.
  CHECK(model("potts", 2)->critical_temperature() == Approx(0.5 * model("ising", 2)->critical_temperature()).epsilon(1e-14));
  // No transition: the 1D chain, and no ferromagnetic T_c for J <= 0.
  CHECK(std::isnan(model("ising", 1)->critical_temperature()));
  CHECK(std::isnan(model("ising", 2, -1.0)->critical_temperature()));
  CHECK(std::isnan(model("potts", 3, -1.0)->critical_temperature()));
}

TEST_CASE("lattice models: names, states, dimensions and the words a view shows", "[physics][lattice_model]") {
  const auto ising = model("ising", 2), chain = model("ising", 1), potts = model("potts", 3);
  CHECK(ising->name() == "ising");
  CHECK(ising->title() == "Ising");
  CHECK(ising->states() == 2);
  CHECK(ising->dimensions() == 2);
  CHECK(chain->dimensions() == 1);
  CHECK(potts->name() == "potts");
  CHECK(potts->title() == "Potts q = 3");
  CHECK(potts->states() == 3);
  CHECK(potts->dimensions() == 2);
  CHECK(ising->order_parameter_min() == -1.0);
  CHECK(potts->order_parameter_min() == 0.0);
  CHECK(ising->onsager_applies());
  CHECK_FALSE(model("ising", 2, 1.0, 0.1)->onsager_applies());
  CHECK_FALSE(chain->onsager_applies());
  CHECK_FALSE(potts->onsager_applies());
  CHECK(ising->wolff_coupling_ok());
  CHECK(model("ising", 2, -1.0)->wolff_coupling_ok());
  CHECK_FALSE(model("potts", 3, -1.0)->wolff_coupling_ok());
  CHECK(physics::lattice_model_names() == std::vector<std::string>{"ising", "potts"});
}

TEST_CASE("lattice models: the exact method per size and its rows", "[physics][lattice_model]") {
  CHECK(model("ising", 1)->exact_method(1000) == ExactMethod::exact_chain);
  CHECK(model("ising", 2)->exact_method(4) == ExactMethod::enumeration);
  CHECK(model("ising", 2)->exact_method(64) == ExactMethod::kaufman_torus);
  CHECK(model("ising", 2, -1.0)->exact_method(63) == ExactMethod::none);  // the odd antiferromagnet
  CHECK(model("ising", 2, -1.0)->exact_method(8) == ExactMethod::kaufman_torus);
  CHECK(model("ising", 2, 1.0, 0.1)->exact_method(8) == ExactMethod::transfer_matrix);
  CHECK(model("ising", 2, 1.0, 0.1)->exact_method(11) == ExactMethod::none);
  CHECK(model("potts", 3)->exact_method(4) == ExactMethod::enumeration);
  CHECK(model("potts", 3)->exact_method(5) == ExactMethod::none);

  const std::vector<double> Ts{1.5, 2.5};
  const auto enumerated = model("ising", 2, 1.0, 0.2)->exact_rows(3, Ts);
  REQUIRE(enumerated.size() == 2);
  CHECK(enumerated[1].e_per_spin == physics::exact_ising_row(3, 1.0, 0.2, 2.5).e_per_spin);
  const auto torus = model("ising", 2)->exact_rows(16, Ts);
  CHECK(torus[0].c_per_spin == physics::kaufman_torus_row(16, 1.0, 1.5).c_per_spin);
  const auto chain = model("ising", 1, 1.0, 0.3)->exact_rows(12, Ts);
  CHECK(chain[1].abs_m_per_spin == physics::ising_chain_row(12, 1.0, 0.3, 2.5).abs_m_per_spin);
  const auto potts = model("potts", 3)->exact_rows(3, Ts);
  CHECK(potts[0].e_per_spin == physics::exact_potts_row(3, 3, 1.0, 0.0, 1.5).e_per_spin);
  try {
    model("potts", 3)->exact_rows(5, Ts);
    FAIL("no error for a lattice too large to enumerate");
  } catch (const core::ArgumentError& e) {
    CHECK(e.argument() == "lattice size L");
    CHECK(std::string(e.what()) == "lattice size L: expected q^(L^2) <= 3^16 for the exact enumeration, got 5");
  }
}

TEST_CASE("lattice models: built by name, and bad names and parameters name the argument", "[physics][lattice_model][errors]") {
  LatticeModelSpec s;
  s.name = "heisenberg";
  CHECK(argument_of(s) == "lattice model");
  s.name = "potts";
  s.q = 9;
  CHECK(argument_of(s) == "number of states q");
  s.q = 1;
  CHECK(argument_of(s) == "number of states q");
  s.name = "ising";
  s.dimensions = 3;
  CHECK(argument_of(s) == "dimensions");
  auto lattice = model("potts", 4)->make_lattice(8, 1.0, physics::Sampler::metropolis);
  CHECK(lattice->sites() == 64);
}
