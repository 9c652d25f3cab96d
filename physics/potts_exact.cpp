// Enumeration row by row, as for Ising: a row of L sites is a base-q integer; its satisfied horizontal bonds,
// its count of each state and the satisfied vertical bonds between two rows are tabulated.
#include "physics/potts_exact.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include "core/input_error.hpp"
#include "physics/argument_names.hpp"
#include "physics/exact_reduction.hpp"

namespace arbiter::physics {
namespace {

struct PottsRows {
  int q = 0, L = 0, rows = 0;
  std::vector<int> intra;        // per row: satisfied horizontal bonds
  std::vector<int> counts;       // rows x q: sites in each state
  std::vector<int> inter;        // rows x rows: satisfied vertical bonds
};

PottsRows make_rows(int q, int L) {
  PottsRows t;
  t.q = q;
  t.L = L;
  t.rows = 1;
  for (int i = 0; i < L; ++i) t.rows *= q;
  const auto R = static_cast<std::size_t>(t.rows);
  std::vector<int> digits(R * static_cast<std::size_t>(L));
  for (int r = 0; r < t.rows; ++r) {
    int v = r;
    for (int x = 0; x < L; ++x) {
      digits[static_cast<std::size_t>(r * L + x)] = v % q;
      v /= q;
    }
  }
  auto d = [&](int r, int x) { return digits[static_cast<std::size_t>(r * L + x)]; };
  t.intra.assign(R, 0);
  t.counts.assign(R * static_cast<std::size_t>(q), 0);
  t.inter.assign(R * R, 0);
  for (int r = 0; r < t.rows; ++r) {
    for (int x = 0; x < L; ++x) {
      t.intra[static_cast<std::size_t>(r)] += d(r, x) == d(r, (x + 1) % L) ? 1 : 0;
      ++t.counts[static_cast<std::size_t>(r * q + d(r, x))];
    }
    for (int s = 0; s < t.rows; ++s) {
      int b = 0;
      for (int x = 0; x < L; ++x) b += d(r, x) == d(s, x) ? 1 : 0;
      t.inter[static_cast<std::size_t>(r) * R + static_cast<std::size_t>(s)] = b;
    }
  }
  return t;
}

struct Enumerator {
  const PottsRows& t;
  int N;
  std::vector<int> n;           // running count of each state
  std::vector<double>& hist;    // [(B * (N + 1) + n0) * (N + 1) + max_k n_k]

  void add_row(int r, int sign) {
    for (int k = 0; k < t.q; ++k) n[static_cast<std::size_t>(k)] += sign * t.counts[static_cast<std::size_t>(r * t.q + k)];
  }
  int inter(int a, int b) const {
    return t.inter[static_cast<std::size_t>(a) * static_cast<std::size_t>(t.rows) + static_cast<std::size_t>(b)];
  }
  void run(int depth, int first, int prev, int bonds) {
    const bool last = depth == t.L - 1;
    for (int r = 0; r < t.rows; ++r) {
      int b = bonds + t.intra[static_cast<std::size_t>(r)] + inter(prev, r);
      add_row(r, +1);
      if (last) {
        b += inter(r, first);
        const int mx = *std::max_element(n.begin(), n.end());
        hist[static_cast<std::size_t>((b * (N + 1) + n[0]) * (N + 1) + mx)] += 1.0;
      } else {
        run(depth + 1, first, r, b);
      }
      add_row(r, -1);
    }
  }
};

}  // namespace

bool potts_enumeration_feasible(int q, int L) {
  if (q < 2 || L < 2) return false;
  return std::pow(static_cast<double>(q), static_cast<double>(L) * L) <= kMaxEnumeratedPottsStates;
}

PottsDensityOfStates::PottsDensityOfStates(int q, int L) : q_(q), L_(L) {
  if (q < 2) throw core::ArgumentError(arg::states, "an integer >= 2", std::to_string(q));
  if (L < 2) throw core::ArgumentError(arg::lattice_size, "an integer >= 2", std::to_string(L));
  if (!potts_enumeration_feasible(q, L))
    throw core::ArgumentError(arg::lattice_size,
                            "a lattice with q^(L^2) <= 3^16 states for exact enumeration",
                            "L = " + std::to_string(L) + " with q = " + std::to_string(q));
  const int N = L * L;
  const PottsRows t = make_rows(q, L);
  std::vector<double> hist(static_cast<std::size_t>((2 * N + 1) * (N + 1) * (N + 1)), 0.0);
  Enumerator e{t, N, std::vector<int>(static_cast<std::size_t>(q), 0), hist};
  for (int first = 0; first < t.rows; ++first) {
    e.add_row(first, +1);
    e.run(1, first, first, t.intra[static_cast<std::size_t>(first)]);
    e.add_row(first, -1);
  }
  for (int b = 0; b <= 2 * N; ++b)
    for (int n0 = 0; n0 <= N; ++n0)
      for (int mx = 0; mx <= N; ++mx) {
        const double c = hist[static_cast<std::size_t>((b * (N + 1) + n0) * (N + 1) + mx)];
        if (c > 0.0) entries_.push_back({b, n0, mx, c});
      }
}

std::vector<ExactLatticeRow> PottsDensityOfStates::rows(double J, double h,
                                                        const std::vector<double>& temperatures) const {
  check_finite_parameter(J, arg::coupling);
  check_finite_parameter(h, arg::field);
  for (double T : temperatures) check_lattice_temperature(T);
  std::vector<double> energies, counts, m_values;
  const double N = sites();
  for (const Entry& e : entries_) {
    energies.push_back(-J * e.bond_count - h * e.zero_count);
    counts.push_back(e.count);
    m_values.push_back((q_ * e.max_count / N - 1.0) / (q_ - 1.0));
  }
  const core::Ensemble classes(std::move(energies), std::move(counts));
  std::vector<ExactLatticeRow> out;
  out.reserve(temperatures.size());
  for (double T : temperatures) out.push_back(reduce_density_of_states(classes, m_values, sites(), T));
  return out;
}

ExactLatticeRow PottsDensityOfStates::row(double J, double h, double T) const { return rows(J, h, {T}).front(); }

ExactLatticeRow exact_potts_row(int q, int L, double J, double h, double T) {
  return PottsDensityOfStates(q, L).row(J, h, T);
}

std::vector<ExactLatticeRow> exact_potts_rows(int q, int L, double J, double h,
                                              const std::vector<double>& temperatures) {
  return PottsDensityOfStates(q, L).rows(J, h, temperatures);
}

}  // namespace arbiter::physics
