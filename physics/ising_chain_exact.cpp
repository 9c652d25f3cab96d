// The distribution of M by a recursion over sites: w[f][c][k] sums the Boltzmann weights of the open chains
// whose first spin is f, last spin c and k spins up; closing the ring multiplies by the bond (c, f). Weights
// are relative (each factor <= 1) and rescaled to a maximum of 1 after every site, so nothing overflows;
// entries that underflow are below 1e-308 of the largest and do not change any moment.
#include "physics/ising_chain_exact.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include "core/config_error.hpp"
#include "core/softmax.hpp"
#include "physics/exact_reduction.hpp"
#include "physics/transfer_matrix.hpp"

namespace arbiter::physics {

std::vector<double> ising_chain_magnetisation_distribution(int N, double J, double h, double T) {
  if (N < 1) throw core::ConfigError("", "/L", "a chain of at least 1 spin", std::to_string(N));
  check_finite_parameter(J, "/J");
  check_finite_parameter(h, "/h");
  check_lattice_temperature(T);
  const double beta = 1.0 / T;
  auto spin = [](int s) { return s == 1 ? 1.0 : -1.0; };  // index 1 = up
  // Bond and field factors relative to their largest value: e^{-beta (E - E_min)} <= 1.
  std::array<std::array<double, 2>, 2> bond{};
  std::array<double, 2> field{};
  for (int a = 0; a < 2; ++a) {
    field[static_cast<std::size_t>(a)] = core::boltzmann_factor(-h * spin(a) + std::abs(h), beta);
    for (int b = 0; b < 2; ++b)
      bond[static_cast<std::size_t>(a)][static_cast<std::size_t>(b)] =
          core::boltzmann_factor(-J * spin(a) * spin(b) + std::abs(J), beta);
  }
  const std::size_t K = static_cast<std::size_t>(N) + 1;
  // w[(f * 2 + c) * K + k]
  std::vector<double> w(4 * K, 0.0), next(4 * K, 0.0);
  for (int f = 0; f < 2; ++f) w[static_cast<std::size_t>(f * 2 + f) * K + static_cast<std::size_t>(f)] = field[static_cast<std::size_t>(f)];
  if (N == 1) {
    // One spin bonded to itself: E = -J - h s.
    std::vector<double> p(2, 0.0);
    for (int f = 0; f < 2; ++f) p[static_cast<std::size_t>(f)] = field[static_cast<std::size_t>(f)];
    const double z = p[0] + p[1];
    return {p[0] / z, p[1] / z};
  }
  for (int site = 1; site < N; ++site) {
    std::fill(next.begin(), next.end(), 0.0);
    const auto top = static_cast<std::size_t>(site);  // at most `site` spins up so far
    for (int f = 0; f < 2; ++f)
      for (int c = 0; c < 2; ++c) {
        const double* from = &w[static_cast<std::size_t>(f * 2 + c) * K];
        for (int d = 0; d < 2; ++d) {
          const double factor = bond[static_cast<std::size_t>(c)][static_cast<std::size_t>(d)] * field[static_cast<std::size_t>(d)];
          double* to = &next[static_cast<std::size_t>(f * 2 + d) * K + static_cast<std::size_t>(d)];
          for (std::size_t k = 0; k <= top; ++k) to[k] += factor * from[k];
        }
      }
    const double largest = *std::max_element(next.begin(), next.end());
    for (double& x : next) x /= largest;
    w.swap(next);
  }
  std::vector<double> p(K, 0.0);
  double total = 0.0;
  for (int f = 0; f < 2; ++f)
    for (int c = 0; c < 2; ++c) {
      const double close = bond[static_cast<std::size_t>(c)][static_cast<std::size_t>(f)];
      const double* from = &w[static_cast<std::size_t>(f * 2 + c) * K];
      for (std::size_t k = 0; k < K; ++k) p[k] += close * from[k];
    }
  for (const double x : p) total += x;
  for (double& x : p) x /= total;
  return p;
}

ExactIsingRow ising_chain_row(int N, double J, double h, double T) {
  if (N < 1) throw core::ConfigError("", "/L", "a chain of at least 1 spin", std::to_string(N));
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
