// The Ising and Potts models behind LatticeModel: each dispatches to its exact solvers and its Monte Carlo
// lattice, and knows its critical temperature.
#include "physics/lattice_model.hpp"

#include <cmath>
#include <limits>
#include "core/input_error.hpp"
#include "physics/argument_names.hpp"
#include "physics/ising_chain_exact.hpp"
#include "physics/ising_exact.hpp"
#include "physics/ising_lattice.hpp"
#include "physics/kaufman_torus.hpp"
#include "physics/onsager.hpp"
#include "physics/potts_exact.hpp"
#include "physics/potts_lattice.hpp"
#include "physics/transfer_matrix.hpp"

namespace arbiter::physics {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

class IsingModel final : public LatticeModel {
 public:
  IsingModel(int dimensions, double J, double h) : LatticeModel(J, h), dimensions_(dimensions) {}
  std::string name() const override { return "ising"; }
  std::string title() const override { return "Ising"; }
  int states() const override { return 2; }
  int dimensions() const override { return dimensions_; }
  double critical_temperature() const override {
    return dimensions_ == 2 && J() > 0.0 ? onsager_critical_temperature(J()) : kNaN;
  }
  bool onsager_applies() const override { return dimensions_ == 2 && J() > 0.0 && h() == 0.0; }
  std::string order_parameter() const override { return "magnetisation"; }
  double order_parameter_min() const override { return -1.0; }
  std::string colour_note() const override { return "yellow: spin up, purple: spin down"; }
  bool wolff_coupling_ok() const override { return J() != 0.0; }
  std::string wolff_coupling() const override { return "J != 0"; }

  ExactMethod exact_method(int L) const override {
    if (L < 2) return ExactMethod::none;
    if (dimensions_ == 1) return ExactMethod::exact_chain;
    if (L <= kMaxEnumeratedIsingL) return ExactMethod::enumeration;
    if (kaufman_applies(L, J(), h())) return ExactMethod::kaufman_torus;
    if (L <= kMaxTransferMatrixL) return ExactMethod::transfer_matrix;
    return ExactMethod::none;
  }
  std::string exact_limit() const override {
    return "L <= " + std::to_string(kMaxTransferMatrixL) +
           " for the exact method in a field (any L at h = 0; an even L if J < 0)";
  }
  std::vector<ExactLatticeRow> exact_rows(int L, const std::vector<double>& Ts) const override {
    std::vector<ExactLatticeRow> rows;
    rows.reserve(Ts.size());
    switch (exact_method(L)) {
      case ExactMethod::exact_chain:
        for (const double T : Ts) rows.push_back(ising_chain_row(L, J(), h(), T));
        break;
      case ExactMethod::enumeration: {
        const IsingDensityOfStates dos(L);
        for (const double T : Ts) rows.push_back(dos.row(J(), h(), T));
        break;
      }
      case ExactMethod::kaufman_torus:
        for (const double T : Ts) rows.push_back(kaufman_torus_row(L, J(), T));
        break;
      case ExactMethod::transfer_matrix:
        for (const double T : Ts) rows.push_back(ising_transfer_matrix_row(L, L, J(), h(), T));
        break;
      case ExactMethod::none:
        throw core::ArgumentError(arg::lattice_size, exact_limit(), std::to_string(L));
    }
    return rows;
  }
  std::unique_ptr<SpinLattice> make_lattice(int L, double T, Sampler sampler) const override {
    return std::make_unique<IsingLattice>(L, J(), h(), T, sampler, dimensions_);
  }

 private:
  int dimensions_;
};

class PottsModel final : public LatticeModel {
 public:
  PottsModel(int q, double J, double h) : LatticeModel(J, h), q_(q) {}
  std::string name() const override { return "potts"; }
  std::string title() const override { return "Potts q = " + std::to_string(q_); }
  int states() const override { return q_; }
  int dimensions() const override { return 2; }
  double critical_temperature() const override {
    return J() > 0.0 ? J() / std::log(1.0 + std::sqrt(static_cast<double>(q_))) : kNaN;
  }
  std::string order_parameter() const override { return "order parameter"; }
  double order_parameter_min() const override { return 0.0; }
  std::string colour_note() const override { return "colour: the spin's state (q = " + std::to_string(q_) + ")"; }
  bool wolff_coupling_ok() const override { return J() > 0.0; }
  std::string wolff_coupling() const override { return "J > 0"; }

  ExactMethod exact_method(int L) const override {
    return L >= 2 && potts_enumeration_feasible(q_, L) ? ExactMethod::enumeration : ExactMethod::none;
  }
  std::string exact_limit() const override { return "q^(L^2) <= 3^16 for the exact enumeration"; }
  std::vector<ExactLatticeRow> exact_rows(int L, const std::vector<double>& Ts) const override {
    if (exact_method(L) == ExactMethod::none)
      throw core::ArgumentError(arg::lattice_size, exact_limit(), std::to_string(L));
    const PottsDensityOfStates dos(q_, L);
    std::vector<ExactLatticeRow> rows;
    rows.reserve(Ts.size());
    for (const double T : Ts) rows.push_back(dos.row(J(), h(), T));
    return rows;
  }
  std::unique_ptr<SpinLattice> make_lattice(int L, double T, Sampler sampler) const override {
    return std::make_unique<PottsLattice>(q_, L, J(), h(), T, sampler);
  }

 private:
  int q_;
};

}  // namespace

std::unique_ptr<const LatticeModel> make_lattice_model(const LatticeModelSpec& s) {
  if (s.name == "ising") {
    if (s.dimensions != 1 && s.dimensions != 2)
      throw core::ArgumentError("dimensions", "1 or 2", std::to_string(s.dimensions));
    return std::make_unique<IsingModel>(s.dimensions, s.J, s.h);
  }
  if (s.name == "potts") {
    if (s.q < 2 || s.q > kMaxPottsStates)
      throw core::ArgumentError(arg::states, "an integer in [2, " + std::to_string(kMaxPottsStates) + "]",
                                std::to_string(s.q));
    return std::make_unique<PottsModel>(s.q, s.J, s.h);
  }
  throw core::ArgumentError("lattice model", "ising or potts", "\"" + s.name + "\"");
}

const std::vector<std::string>& lattice_model_names() {
  static const std::vector<std::string> names{"ising", "potts"};
  return names;
}

}  // namespace arbiter::physics
