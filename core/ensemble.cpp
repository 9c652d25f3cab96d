#include "core/ensemble.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "core/softmax.hpp"

namespace arbiter::core {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

void check_beta(double beta) {
  if (!(beta >= 0.0)) throw std::invalid_argument("Ensemble: beta must be >= 0 (or +inf), got " + std::to_string(beta));
}

}  // namespace

Ensemble::Ensemble(std::vector<double> energies, std::vector<double> degeneracies) {
  if (energies.empty()) throw std::invalid_argument("Ensemble: needs at least one level");
  if (!degeneracies.empty() && degeneracies.size() != energies.size())
    throw std::invalid_argument("Ensemble: " + std::to_string(degeneracies.size()) + " degeneracies for " +
                                std::to_string(energies.size()) + " levels");
  const auto n = static_cast<Eigen::Index>(energies.size());
  energies_.resize(n);
  degeneracies_.resize(n);
  log_g_.resize(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    if (!std::isfinite(energies[i]))
      throw std::invalid_argument("Ensemble: energy of level " + std::to_string(i) + " is not a finite number");
    const double g = degeneracies.empty() ? 1.0 : degeneracies[i];
    if (!(g > 0.0) || !std::isfinite(g))
      throw std::invalid_argument("Ensemble: degeneracy of level " + std::to_string(i) + " must be > 0");
    energies_[i] = energies[i];
    degeneracies_[i] = g;
    log_g_[i] = std::log(g);
  }
  ground_ = *std::min_element(energies.begin(), energies.end());
  excitations_ = energies_.array() - ground_;
}

// The logits -beta (E_i - E_0) + log g_i: measured from the ground level, so its logit is exactly log g_0
// and a huge gap cannot round away the degeneracies (log Z = that log-sum-exp - beta E_0). beta = 0 gives
// log g alone (an excitation beyond the double range would make 0 * inf).
Eigen::VectorXd Ensemble::logits(double beta) const {
  if (beta == 0.0) return log_g_;
  return -beta * excitations_ + log_g_;
}

// Level weights are the logits -beta E_i + log g_i; beta = +inf keeps only the ground level(s).
double Ensemble::log_z(double beta) const {
  check_beta(beta);
  if (beta == kInf) return thermodynamics(beta).log_z;
  const double lse = log_sum_exp<double>(logits(beta));
  return beta == 0.0 ? lse : lse - beta * ground_;
}

Eigen::VectorXd Ensemble::probabilities(double beta) const {
  check_beta(beta);
  if (beta == kInf) {
    const double e0 = energies_.minCoeff();
    Eigen::VectorXd p = (energies_.array() == e0).select(degeneracies_, 0.0);
    return p / p.sum();
  }
  return softmax<double>(logits(beta));
}

double Ensemble::mean_energy(double beta) const { return probabilities(beta).dot(energies_); }

double Ensemble::energy_variance(double beta) const {
  const Eigen::VectorXd p = probabilities(beta);
  const double u = p.dot(energies_);
  return p.dot(((energies_.array() - u).square()).matrix());
}

double Ensemble::free_energy(double beta) const { return thermodynamics(beta).free_energy; }
double Ensemble::entropy(double beta) const { return thermodynamics(beta).entropy; }
double Ensemble::heat_capacity(double beta) const { return thermodynamics(beta).heat_capacity; }

Thermodynamics Ensemble::thermodynamics(double beta) const {
  check_beta(beta);
  const Eigen::VectorXd p = probabilities(beta);
  Thermodynamics t{};
  t.mean_energy = p.dot(energies_);
  t.energy_variance = p.dot(((energies_.array() - t.mean_energy).square()).matrix());
  if (beta == kInf) {
    const double e0 = energies_.minCoeff();
    const double g0 = (energies_.array() == e0).select(degeneracies_, 0.0).sum();
    t.log_z = -kInf;  // Z -> g0 exp(-beta E0): log Z diverges unless E0 = 0
    if (e0 == 0.0) t.log_z = std::log(g0);
    else if (e0 < 0.0) t.log_z = kInf;
    t.free_energy = e0;
    t.entropy = std::log(g0);
    t.heat_capacity = 0.0;
    return t;
  }
  // Everything relative to the ground level (excitation energy u = U - E_0 >= 0), so S = log Z + beta U
  // does not cancel two huge numbers when E_0 is far from 0.
  const double lse = log_sum_exp<double>(logits(beta));
  double excitation = 0.0;
  for (Eigen::Index i = 0; i < p.size(); ++i)
    if (p[i] > 0.0) excitation += p[i] * excitations_[i];
  t.log_z = beta == 0.0 ? lse : lse - beta * ground_;
  t.free_energy = beta > 0.0 ? ground_ - lse / beta : -kInf;
  t.entropy = beta > 0.0 ? lse + beta * excitation : lse;
  t.heat_capacity = beta * beta * t.energy_variance;
  return t;
}

}  // namespace arbiter::core
