// LevelSystem: input checks (ArgumentErrors naming the argument), then everything from core::Ensemble.
#include "physics/levels.hpp"

#include <cmath>
#include <string>
#include "core/input_error.hpp"
#include "core/softmax.hpp"
#include "core/table.hpp"
#include "physics/argument_names.hpp"

namespace arbiter::physics {
namespace {

std::vector<double> checked_energies(std::vector<double> energies) {
  if (energies.empty()) throw core::ArgumentError(arg::energies, "a non-empty list of energies", "[]");
  for (std::size_t i = 0; i < energies.size(); ++i)
    if (!std::isfinite(energies[i]))
      throw core::ArgumentError(arg::indexed(arg::energies, i), "a finite energy",
                              core::format_double(energies[i]));
  return energies;
}

std::vector<double> checked_degeneracies(std::vector<double> g, std::size_t n) {
  if (g.empty()) return std::vector<double>(n, 1.0);
  if (g.size() != n)
    throw core::ArgumentError(arg::degeneracies, "one degeneracy per level (" + std::to_string(n) + ")",
                            std::to_string(g.size()) + " values");
  for (std::size_t i = 0; i < n; ++i)
    if (!(g[i] > 0.0) || !std::isfinite(g[i]))
      throw core::ArgumentError(arg::indexed(arg::degeneracies, i), "a finite degeneracy > 0",
                              core::format_double(g[i]));
  return g;
}

}  // namespace

LevelSystem::LevelSystem(std::vector<double> energies, std::vector<double> degeneracies,
                         std::vector<double> moments, std::vector<std::string> labels, double copies)
    : energies_(checked_energies(std::move(energies))),
      degeneracies_(checked_degeneracies(std::move(degeneracies), energies_.size())),
      moments_(std::move(moments)),
      labels_(std::move(labels)),
      copies_(copies),
      ensemble_(energies_, degeneracies_) {
  const std::size_t n = energies_.size();
  if (moments_.empty()) moments_.assign(n, 0.0);
  if (moments_.size() != n)
    throw core::ArgumentError(arg::moments, "one moment per level", std::to_string(moments_.size()));
  for (std::size_t i = 0; i < n; ++i)
    if (!std::isfinite(moments_[i]))
      throw core::ArgumentError(arg::indexed(arg::moments, i), "a finite moment",
                              core::format_double(moments_[i]));
  if (labels_.empty())
    for (std::size_t i = 0; i < n; ++i) {
      std::string label = "E";
      label += std::to_string(i);
      labels_.push_back(std::move(label));
    }
  if (labels_.size() != n)
    throw core::ArgumentError(arg::labels, "one label per level", std::to_string(labels_.size()));
  if (!(copies_ >= 1.0) || !std::isfinite(copies_))
    throw core::ArgumentError(arg::copies, "a number of copies >= 1", core::format_double(copies_));
}

LevelThermo LevelSystem::at(double T) const {
  if (!(T > 0.0) || !std::isfinite(T))
    throw core::ArgumentError(arg::temperature, "a temperature > 0", core::format_double(T));
  const double beta = 1.0 / T;
  const core::Thermodynamics th = ensemble_.thermodynamics(beta);
  const Eigen::VectorXd p = ensemble_.probabilities(beta);
  LevelThermo out;
  out.T = T;
  out.log_z = copies_ * th.log_z;
  out.z = core::boltzmann_factor(-out.log_z, 1.0);  // Z = e^{log Z}
  out.free_energy = copies_ * th.free_energy;
  out.mean_energy = copies_ * th.mean_energy;
  out.entropy = copies_ * th.entropy;
  out.heat_capacity = copies_ * th.heat_capacity;
  out.populations.assign(p.data(), p.data() + p.size());
  double m = 0.0;
  for (std::size_t i = 0; i < moments_.size(); ++i) m += out.populations[i] * moments_[i];
  out.magnetisation = copies_ * m;
  return out;
}

std::vector<LevelThermo> LevelSystem::over(const std::vector<double>& temperatures) const {
  std::vector<LevelThermo> out;
  out.reserve(temperatures.size());
  for (double T : temperatures) out.push_back(at(T));
  return out;
}

}  // namespace arbiter::physics
