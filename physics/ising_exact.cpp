// Enumeration row by row: each row of L spins is an L-bit integer; its intra-row bond sum, spin sum and the
// bond sum between two rows are tabulated, so a full state costs L table look-ups.
#include "physics/ising_exact.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <string>
#include "core/input_error.hpp"
#include "physics/argument_names.hpp"
#include "physics/exact_reduction.hpp"

namespace arbiter::physics {
namespace {

struct RowTables {
  int L = 0, rows = 0;
  std::vector<int> intra, spin;  // per row state
  std::vector<int> inter;        // rows x rows: sum_x s_x(a) s_x(b)
};

RowTables make_row_tables(int L) {
  RowTables t;
  t.L = L;
  t.rows = 1 << L;
  t.intra.resize(static_cast<std::size_t>(t.rows));
  t.spin.resize(static_cast<std::size_t>(t.rows));
  t.inter.resize(static_cast<std::size_t>(t.rows) * static_cast<std::size_t>(t.rows));
  auto s = [](int r, int x) { return ((r >> x) & 1) ? 1 : -1; };
  for (int r = 0; r < t.rows; ++r) {
    int b = 0, m = 0;
    for (int x = 0; x < L; ++x) {
      b += s(r, x) * s(r, (x + 1) % L);
      m += s(r, x);
    }
    t.intra[static_cast<std::size_t>(r)] = b;
    t.spin[static_cast<std::size_t>(r)] = m;
    for (int q = 0; q < t.rows; ++q)
      t.inter[static_cast<std::size_t>(r * t.rows + q)] = L - 2 * std::popcount(static_cast<unsigned>(r ^ q));
  }
  return t;
}

// Adds every completion of rows[0..depth) to the histogram hist[(B + 2N) * (2N + 1) + (M + N)].
void enumerate(const RowTables& t, int depth, int first, int prev, int bonds, int spins, int N,
               std::vector<double>& hist) {
  const int width = 2 * N + 1;
  if (depth == t.L - 1) {  // the last row: closes the vertical bond back onto the first row
    for (int r = 0; r < t.rows; ++r) {
      const auto ur = static_cast<std::size_t>(r);
      const int b = bonds + t.intra[ur] + t.inter[static_cast<std::size_t>(prev * t.rows + r)] +
                    t.inter[static_cast<std::size_t>(r * t.rows + first)];
      const int m = spins + t.spin[ur];
      hist[static_cast<std::size_t>((b + 2 * N) * width + (m + N))] += 1.0;
    }
    return;
  }
  for (int r = 0; r < t.rows; ++r) {
    const auto ur = static_cast<std::size_t>(r);
    enumerate(t, depth + 1, first, r, bonds + t.intra[ur] + t.inter[static_cast<std::size_t>(prev * t.rows + r)],
              spins + t.spin[ur], N, hist);
  }
}

// Below this beta s (s = max |E|) <E> is taken from the weights' departure from uniform (see below); at and
// below this s the moments are taken in units of s (s^2 would lose digits to underflow).
constexpr double kHighTemperatureScale = 1e-2;
constexpr double kTinyEnergyScale = 1e-150;

// e and c of `row` recomputed from the levels in units of s (energies E / s at beta s: the same weights), so that
// neither loses its relative accuracy far above the coupling's scale or for tiny |J| and |h|. The levels' mean
// over all states is exactly 0 (every bond and spin sum is odd under flipping the spins), so
// <E> = sum p E - sum g E / Z = -sum_k p_k E_k expm1(beta E_k), a sum of terms of one sign: p_k rounded to
// uniform no longer leaves rounding noise ~ eps s (a value of 1e-317 where the true one is 1e-600). A value
// whose magnitude is below the smallest normal double is returned as exactly 0 (a subnormal one has lost its
// relative accuracy).
void refine_energy_moments(const core::Ensemble& scaled, double s, int sites, double T, ExactIsingRow& row) {
  const double x = s / T;  // beta s
  const double n = static_cast<double>(sites);
  double mean;  // <E / s>, or <E / s> / x when x <= kHighTemperatureScale
  if (x <= kHighTemperatureScale) {
    const Eigen::VectorXd p = scaled.probabilities(x);
    const Eigen::VectorXd& e = scaled.energies();
    mean = 0.0;
    for (Eigen::Index k = 0; k < p.size(); ++k) {
      const double y = x * e[k];
      // expm1(y) / x, with its series where y (or x) is so small that y could underflow
      const double ratio = std::abs(y) < 1e-5 ? e[k] * (1.0 + y / 2.0 + y * y / 6.0) : std::expm1(y) / x;
      mean -= p[k] * e[k] * ratio;
    }
    mean *= x;
  } else {
    mean = scaled.mean_energy(x);
  }
  auto normal_or_zero = [](double v) { return std::abs(v) < std::numeric_limits<double>::min() ? 0.0 : v; };
  row.e_per_spin = normal_or_zero(mean * (s / n));
  row.c_per_spin = normal_or_zero(x * x * scaled.energy_variance(x) / n);
}

}  // namespace

IsingDensityOfStates::IsingDensityOfStates(int L) : L_(L) {
  if (L < 2 || L > kMaxEnumeratedIsingL)
    throw core::ArgumentError(arg::lattice_size,
                            "an integer in [2, " + std::to_string(kMaxEnumeratedIsingL) +
                                "] for exact enumeration (use the transfer matrix beyond)",
                            std::to_string(L));
  const int N = L * L;
  const RowTables t = make_row_tables(L);
  const int width = 2 * N + 1;
  std::vector<double> hist(static_cast<std::size_t>((4 * N + 1) * width), 0.0);
  for (int first = 0; first < t.rows; ++first) {
    const auto uf = static_cast<std::size_t>(first);
    enumerate(t, 1, first, first, t.intra[uf], t.spin[uf], N, hist);
  }
  for (int b = -2 * N; b <= 2 * N; ++b)
    for (int m = -N; m <= N; ++m) {
      const double c = hist[static_cast<std::size_t>((b + 2 * N) * width + (m + N))];
      if (c > 0.0) entries_.push_back({b, m, c});
    }
}

std::vector<ExactIsingRow> IsingDensityOfStates::rows(double J, double h,
                                                      const std::vector<double>& temperatures) const {
  check_finite_parameter(J, arg::coupling);
  check_finite_parameter(h, arg::field);
  for (double T : temperatures) check_lattice_temperature(T);
  std::vector<double> energies, counts, m_values;
  energies.reserve(entries_.size());
  for (const Entry& e : entries_) {
    energies.push_back(-J * e.bond_sum - h * e.spin_sum);
    counts.push_back(e.count);
    m_values.push_back(static_cast<double>(e.spin_sum) / sites());
  }
  double scale = 0.0;  // s = max |E|
  for (double e : energies) scale = std::max(scale, std::abs(e));
  std::vector<double> scaled_energies;
  for (double e : energies) scaled_energies.push_back(scale > 0.0 ? e / scale : 0.0);
  const core::Ensemble classes(std::move(energies), counts), scaled(std::move(scaled_energies), std::move(counts));
  std::vector<ExactIsingRow> out;
  out.reserve(temperatures.size());
  for (double T : temperatures) {
    out.push_back(reduce_density_of_states(classes, m_values, sites(), T));
    if (scale > 0.0 && (scale / T <= kHighTemperatureScale || scale < kTinyEnergyScale))
      refine_energy_moments(scaled, scale, sites(), T, out.back());
  }
  return out;
}

ExactIsingRow IsingDensityOfStates::row(double J, double h, double T) const { return rows(J, h, {T}).front(); }

ExactIsingRow exact_ising_row(int L, double J, double h, double T) {
  return IsingDensityOfStates(L).row(J, h, T);
}

std::vector<ExactIsingRow> exact_ising_rows(int L, double J, double h, const std::vector<double>& temperatures) {
  return IsingDensityOfStates(L).rows(J, h, temperatures);
}

}  // namespace arbiter::physics
