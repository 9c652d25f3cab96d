#include "core/ensemble.hpp"

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
}

// Level weights are the logits -beta E_i + log g_i; beta = +inf keeps only the ground level(s).
double Ensemble::log_z(double beta) const {
  check_beta(beta);
  if (beta == kInf) return thermodynamics(beta).log_z;
  const Eigen::VectorXd logits = -beta * energies_ + log_g_;
  return log_sum_exp<double>(logits);
}

Eigen::VectorXd Ensemble::probabilities(double beta) const {
  check_beta(beta);
  if (beta == kInf) {
    const double e0 = energies_.minCoeff();
    Eigen::VectorXd p = (energies_.array() == e0).select(degeneracies_, 0.0);
    return p / p.sum();
  }
  const Eigen::VectorXd logits = -beta * energies_ + log_g_;
  return softmax<double>(logits);
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
  const Eigen::VectorXd logits = -beta * energies_ + log_g_;
  t.log_z = log_sum_exp<double>(logits);
  t.free_energy = beta > 0.0 ? -t.log_z / beta : -kInf;
  t.entropy = t.log_z + beta * t.mean_energy;
  t.heat_capacity = beta * beta * t.energy_variance;
  return t;
}

}  // namespace arbiter::core
