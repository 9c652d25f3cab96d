// The canonical ensemble (a partition-function object): levels with energies E_i and degeneracies g_i at
// inverse temperature beta (k_B = 1). log Z = log sum_i g_i exp(-beta E_i), computed with the log-sum-exp of
// softmax.hpp on energies measured from the ground level, so huge gaps give probabilities exactly 0 and 1 and
// S, F keep full precision however far E_0 is from 0. beta in [0, +inf]: beta = 0 is infinite
// temperature, beta = +inf the ground state. Used by physics (LevelSystem, the Potts exact classes) and by
// econ as the logit logsum (energies = -utilities, beta = 1 / scale: logit_demand, consumer_surplus). An RL
// policy's normaliser is the same log Z (energies = -preferences, beta = 1 / T), but agents/ get it inside
// softmax.hpp's softmax / log_softmax (BoltzmannPolicy), not from this class.
// Throws std::invalid_argument for no levels, a non-finite energy, a degeneracy <= 0 or a bad beta.
#pragma once
#include <vector>
#include "core/eigen_types.hpp"

namespace arbiter::core {

struct Thermodynamics {
  double log_z;            // log Z
  double free_energy;      // F = -log Z / beta  (the ground energy at beta = inf; -inf at beta = 0)
  double mean_energy;      // U = <E> = -d log Z / d beta
  double energy_variance;  // Var(E) = d^2 log Z / d beta^2
  double entropy;          // S = log Z + beta U
  double heat_capacity;    // C = beta^2 Var(E)
};

class Ensemble {
 public:
  explicit Ensemble(std::vector<double> energies, std::vector<double> degeneracies = {});

  std::size_t size() const { return energies_.size(); }
  const Eigen::VectorXd& energies() const { return energies_; }
  const Eigen::VectorXd& degeneracies() const { return degeneracies_; }

  double log_z(double beta) const;
  // Probability of each level (degeneracy included): g_i exp(-beta E_i) / Z.
  Eigen::VectorXd probabilities(double beta) const;
  double free_energy(double beta) const;
  double mean_energy(double beta) const;
  double energy_variance(double beta) const;
  double entropy(double beta) const;
  double heat_capacity(double beta) const;
  Thermodynamics thermodynamics(double beta) const;

 private:
  Eigen::VectorXd logits(double beta) const;  // 0 <= beta < inf

  Eigen::VectorXd energies_;
  Eigen::VectorXd degeneracies_;
  Eigen::VectorXd log_g_;        // log degeneracies
  double ground_ = 0.0;          // E_0 = min_i E_i
  Eigen::VectorXd excitations_;  // E_i - E_0 >= 0
};

}  // namespace arbiter::core
