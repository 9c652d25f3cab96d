// The distribution of M by a recursion over sites: w[f][c][k] sums the Boltzmann weights of the open chains
// whose first spin is f, last spin c and k spins up; closing the ring multiplies by the bond (c, f). Weights
// are relative (each factor <= 1) and rescaled to a maximum of 1 after every site, so nothing overflows;
// entries that underflow are below 1e-308 of the largest and do not change any moment.
#include "physics/ising_chain_exact.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include "core/input_error.hpp"
#include "core/softmax.hpp"
#include "physics/argument_names.hpp"
#include "physics/exact_reduction.hpp"
#include "physics/transfer_matrix.hpp"

namespace arbiter::physics {

std::vector<double> ising_chain_magnetisation_distribution(int N, double J, double h, double T) {
  if (N < 1) throw core::ArgumentError(arg::lattice_size, "a chain of at least 1 spin", std::to_string(N));
  check_finite_parameter(J, arg::coupling);
  check_finite_parameter(h, arg::field);
  check_lattice_temperature(T);
  const double beta = 1.0 / T;
  auto spin = [](std::size_t s) { return s == 1 ? 1.0 : -1.0; };  // index 1 = up
  // Bond and field factors relative to their largest value: e^{-beta (E - E_min)} <= 1.
  std::array<std::array<double, 2>, 2> bond{};
  std::array<double, 2> field{};
  for (std::size_t a = 0; a < 2; ++a) {
    field[a] = core::boltzmann_factor(-h * spin(a) + std::abs(h), beta);
    for (std::size_t b = 0; b < 2; ++b) bond[a][b] = core::boltzmann_factor(-J * spin(a) * spin(b) + std::abs(J), beta);
  }
  if (N == 1) return {field[0] / (field[0] + field[1]), field[1] / (field[0] + field[1])};  // E = -J - h s
  const std::size_t K = static_cast<std::size_t>(N) + 1;
  // w[(f * 2 + c) * K + k]
  std::vector<double> w(4 * K, 0.0), next(4 * K, 0.0);
  for (std::size_t f = 0; f < 2; ++f) w[(f * 2 + f) * K + f] = field[f];
  for (std::size_t site = 1; site < static_cast<std::size_t>(N); ++site) {
    std::fill(next.begin(), next.end(), 0.0);
    for (std::size_t f = 0; f < 2; ++f)
      for (std::size_t c = 0; c < 2; ++c) {
        const double* from = &w[(f * 2 + c) * K];
        for (std::size_t d = 0; d < 2; ++d) {
          const double factor = bond[c][d] * field[d];
          double* to = &next[(f * 2 + d) * K + d];  // an up spin (d = 1) moves k to k + 1
          for (std::size_t k = 0; k <= site; ++k) to[k] += factor * from[k];  // at most `site` up so far
        }
      }
    const double largest = *std::max_element(next.begin(), next.end());
    for (double& x : next) x /= largest;
    w.swap(next);
  }
  std::vector<double> p(K, 0.0);
  for (std::size_t f = 0; f < 2; ++f)
    for (std::size_t c = 0; c < 2; ++c)
      for (std::size_t k = 0; k < K; ++k) p[k] += bond[c][f] * w[(f * 2 + c) * K + k];
  double total = 0.0;
  for (const double x : p) total += x;
  for (double& x : p) x /= total;
  return p;
}

ExactIsingRow ising_chain_row(int N, double J, double h, double T) {
  if (N < 1) throw core::ArgumentError(arg::lattice_size, "a chain of at least 1 spin", std::to_string(N));
  const Ising1DResult closed = ising_1d_exact(N, J, h, T);
  const std::vector<double> p = ising_chain_magnetisation_distribution(N, J, h, T);
  double abs_m = 0.0, m2 = 0.0, m4 = 0.0;
  for (std::size_t k = 0; k < p.size(); ++k) {
    const double m = (2.0 * static_cast<double>(k) - N) / N;
    abs_m += p[k] * std::abs(m);
    m2 += p[k] * m * m;
    m4 += p[k] * m * m * m * m;
  }
  ExactIsingRow row;
  row.T = T;
  row.log_z = closed.log_z;
  row.free_energy_per_spin = closed.free_energy_per_spin;
  row.e_per_spin = closed.e_per_spin;
  row.c_per_spin = closed.c_per_spin;
  row.m_per_spin = closed.m_per_spin;
  row.abs_m_per_spin = abs_m;
  row.m2_per_spin = m2;
  row.chi_per_spin = N * std::max(0.0, m2 - abs_m * abs_m) / T;
  row.binder = m2 > 0.0 ? 1.0 - m4 / (3.0 * m2 * m2) : 0.0;
  return row;
}

}  // namespace arbiter::physics
