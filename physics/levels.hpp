// A discrete-level system in the canonical ensemble: energy levels with degeneracies (and optionally a
// magnetic moment per level), possibly `copies` independent identical copies (N spins of a paramagnet).
// All thermodynamics comes from core::Ensemble (log-sum-exp), so a gap of 1e6 kT gives populations exactly
// 0 and 1. k_B = 1; T > 0. Extensive quantities (log Z, F, U, S, C, M) are for all copies; populations are
// those of one copy. Bad input throws core::ArgumentError naming the argument (argument_names.hpp):
// "energies" (empty; a non-finite entry "energies[3]"), "degeneracies" (a length mismatch; an entry <= 0 or
// non-finite "degeneracies[i]"), likewise "moments", "labels", "copies", and "temperature T" (T <= 0 or NaN).
#pragma once
#include <string>
#include <vector>
#include "core/ensemble.hpp"

namespace arbiter::physics {

struct LevelThermo {
  double T = 0.0;
  double log_z = 0.0;          // log Z (all copies)
  double z = 0.0;              // Z itself (may overflow to inf or underflow to 0; log_z is always finite)
  double free_energy = 0.0;    // F = -T log Z
  double mean_energy = 0.0;    // U
  double entropy = 0.0;        // S = (U - F)/T
  double heat_capacity = 0.0;  // C_v = Var(E)/T^2
  double magnetisation = 0.0;  // <sum of moments> (0 if the levels carry no moment)
  std::vector<double> populations;  // one copy: probability of each level, degeneracy included; sums to 1
};

class LevelSystem {
 public:
  // energies non-empty and finite; degeneracies empty (all 1) or one per level, each finite and > 0;
  // moments empty (all 0) or one per level; labels empty (auto "E0", "E1", ...) or one per level;
  // copies >= 1.
  LevelSystem(std::vector<double> energies, std::vector<double> degeneracies = {},
              std::vector<double> moments = {}, std::vector<std::string> labels = {}, double copies = 1.0);

  std::size_t size() const { return energies_.size(); }
  const std::vector<double>& energies() const { return energies_; }
  const std::vector<double>& degeneracies() const { return degeneracies_; }
  const std::vector<double>& moments() const { return moments_; }
  const std::vector<std::string>& labels() const { return labels_; }
  double copies() const { return copies_; }
  const core::Ensemble& ensemble() const { return ensemble_; }

  // Throws core::ArgumentError("temperature T") unless T > 0 and finite.
  LevelThermo at(double T) const;
  std::vector<LevelThermo> over(const std::vector<double>& temperatures) const;

 private:
  std::vector<double> energies_, degeneracies_, moments_;
  std::vector<std::string> labels_;
  double copies_;
  core::Ensemble ensemble_;
};

}  // namespace arbiter::physics
