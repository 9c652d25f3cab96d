// A lattice model describes itself, so experiments and the GUI never switch on its name: what it is called,
// how many states a spin has, its dimension, the critical temperature of the infinite lattice where one is
// known, which exact method gives its thermodynamics at a size, and its Monte Carlo lattice. Models are
// built by name in one place (make_lattice_model). k_B = 1, energies in units of J; E = -J sum over
// nearest-neighbour bonds (Ising s_i s_j, Potts delta(s_i, s_j)) - h sum of the order parameter.
// Bad arguments throw core::ArgumentError naming them (argument_names.hpp; "lattice model" for the name).
#pragma once
#include <memory>
#include <string>
#include <vector>
#include "physics/exact_lattice_row.hpp"
#include "physics/spin_lattice.hpp"

namespace arbiter::physics {

// The exact methods of the lattice solvers (see their headers).
enum class ExactMethod { none, enumeration, exact_chain, kaufman_torus, transfer_matrix };

class LatticeModel {
 public:
  LatticeModel(double J, double h) : J_(J), h_(h) {}
  virtual ~LatticeModel() = default;

  // "ising" or "potts" (what make_lattice_model takes).
  virtual std::string name() const = 0;
  // For people: "Ising", "Potts q = 3".
  virtual std::string title() const = 0;
  // States of one spin: 2 for Ising, q for Potts.
  virtual int states() const = 0;
  // 1 (periodic chain) or 2 (periodic L x L square lattice).
  virtual int dimensions() const = 0;
  double J() const { return J_; }
  double h() const { return h_; }

  // T_c of the infinite lattice at h = 0 for a ferromagnet (J > 0): 2D Ising 2J / ln(1 + sqrt 2) (Onsager),
  // 2D q-state Potts J / ln(1 + sqrt q) (self-duality); NaN where there is none (1D chain, J <= 0).
  virtual double critical_temperature() const = 0;
  // Whether Onsager's and Yang's infinite-lattice curves apply (2D Ising, J > 0, h = 0).
  virtual bool onsager_applies() const { return false; }
  // The order parameter's name ("magnetisation", "order parameter") and the lowest value it takes
  // (-1 for the Ising magnetisation, 0 for the Potts order parameter; the highest is 1).
  virtual std::string order_parameter() const = 0;
  virtual double order_parameter_min() const = 0;
  // What a site's colour in SpinLattice::image means.
  virtual std::string colour_note() const = 0;

  // Whether the Wolff cluster algorithm applies to this coupling (h = 0 aside), and the condition in words
  // ("J != 0", "J > 0").
  virtual bool wolff_coupling_ok() const = 0;
  virtual std::string wolff_coupling() const = 0;

  // The exact method for size L (none when no method fits), and the size limit in words for a message.
  virtual ExactMethod exact_method(int L) const = 0;
  virtual std::string exact_limit() const = 0;
  // The exact rows at size L, one per temperature (throws core::ArgumentError naming the lattice size when
  // exact_method(L) is none, or the argument a solver rejects).
  virtual std::vector<ExactLatticeRow> exact_rows(int L, const std::vector<double>& temperatures) const = 0;

  // A Monte Carlo lattice of size L at temperature T (std::invalid_argument for a bad L or T).
  virtual std::unique_ptr<SpinLattice> make_lattice(int L, double T, Sampler sampler) const = 0;

 private:
  double J_, h_;
};

// What selects a model: its name ("ising", "potts") and the parameter that name takes.
struct LatticeModelSpec {
  std::string name = "ising";
  int q = 2;           // Potts states (2 <= q <= kMaxPottsStates)
  int dimensions = 2;  // Ising: 1 or 2
  double J = 1.0, h = 0.0;
};

// The one place models are built by name. Throws core::ArgumentError naming "lattice model" for an unknown
// name, physics::arg::states or "dimensions" for a parameter out of range.
std::unique_ptr<const LatticeModel> make_lattice_model(const LatticeModelSpec& spec);
// The names make_lattice_model knows.
const std::vector<std::string>& lattice_model_names();

}  // namespace arbiter::physics
