#include "physics/potts_lattice.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include "core/softmax.hpp"

namespace arbiter::physics {

PottsLattice::PottsLattice(int q, int L, double J, double h, double T, Sampler sampler)
    : q_(q), L_(L), n_(0), J_(J), h_(h), sampler_(sampler) {
  if (q < 2 || q > kMaxPottsStates)
    throw std::invalid_argument("PottsLattice: q must be in [2, " + std::to_string(kMaxPottsStates) + "], got " +
                                std::to_string(q));
  if (L < 2 || L > 46340) throw std::invalid_argument("PottsLattice: L must be >= 2, got " + std::to_string(L));
  if (!std::isfinite(J) || !std::isfinite(h)) throw std::invalid_argument("PottsLattice: J and h must be finite");
  n_ = L * L;
  spins_.assign(static_cast<std::size_t>(n_), 0);
  stack_.reserve(static_cast<std::size_t>(n_));
  digit_.assign(static_cast<std::size_t>(q), 0);
  std::uint32_t p = 1;
  for (int a = 0; a < q - 1; ++a, p *= 5) digit_[static_cast<std::size_t>(a)] = p;
  heat_bath_cum_.assign(static_cast<std::size_t>(p) * static_cast<std::size_t>(q), 0);
  heat_bath_p_.assign(heat_bath_cum_.size(), 0.0);
  set_sampler(sampler);
  set_temperature(T);
}

void PottsLattice::set_sampler(Sampler s) {
  if (s == Sampler::wolff && (h_ != 0.0 || !(J_ > 0.0)))
    throw std::invalid_argument("PottsLattice: the Wolff update needs h = 0 and J > 0");
  sampler_ = s;
  wolff_length_.reset();
}

void PottsLattice::set_temperature(double T) {
  if (!(T > 0.0) || !std::isfinite(T))
    throw std::invalid_argument("PottsLattice: temperature must be > 0 and finite, got " + std::to_string(T));
  T_ = T;
  wolff_length_.reset();
  const double beta = 1.0 / T;
  const std::size_t q = static_cast<std::size_t>(q_);
  const std::size_t rows = heat_bath_cum_.size() / q;
  Eigen::VectorXd logits(q_);
  for (std::size_t idx = 0; idx < rows; ++idx) {
    // Decode the neighbour counts; rows whose counts exceed 4 neighbours never occur.
    int rest = 4;
    std::size_t v = idx;
    for (std::size_t a = 0; a + 1 < q; ++a) {
      const int n = static_cast<int>(v % 5);
      v /= 5;
      logits[static_cast<Eigen::Index>(a)] = J_ * n;
      rest -= n;
    }
    if (rest < 0) continue;
    logits[q_ - 1] = J_ * rest;
    logits[0] += h_;
    // The heat-bath distribution of the site: softmax of -E_a / T with E_a = -J n_a - h delta(a, 0).
    const Eigen::VectorXd p = core::softmax<double>(logits, T);
    double cum = 0.0;
    for (std::size_t a = 0; a < q; ++a) {
      cum += p[static_cast<Eigen::Index>(a)];
      heat_bath_p_[idx * q + a] = p[static_cast<Eigen::Index>(a)];
      heat_bath_cum_[idx * q + a] = a + 1 == q ? (std::uint64_t{1} << 32) : probability_threshold32(std::min(cum, 1.0));
    }
  }
  for (int dn = -4; dn <= 4; ++dn) {
    for (int dz = -1; dz <= 1; ++dz) {
      const double de = -J_ * dn - h_ * dz;
      const double p = de <= 0.0 ? 1.0 : std::min(1.0, core::boltzmann_factor(de, beta));
      const int idx = (dn + 4) * 3 + dz + 1;
      metropolis_p_[idx] = p;
      metropolis_threshold_[idx] = probability_threshold32(p);
    }
  }
  wolff_threshold_ = probability_threshold32(J_ > 0.0 ? 1.0 - core::boltzmann_factor(J_, beta) : 0.0);
}

int PottsLattice::neighbourhood_index(const std::vector<int>& counts) const {
  if (counts.size() != static_cast<std::size_t>(q_)) throw std::invalid_argument("PottsLattice: need q counts");
  int total = 0, idx = 0;
  for (int a = 0; a < q_; ++a) {
    total += counts[static_cast<std::size_t>(a)];
    idx += counts[static_cast<std::size_t>(a)] * static_cast<int>(digit_[static_cast<std::size_t>(a)]);
  }
  if (total != 4) throw std::invalid_argument("PottsLattice: neighbour counts must sum to 4");
  return idx;
}

std::vector<double> PottsLattice::heat_bath_probabilities(const std::vector<int>& counts) const {
  const auto q = static_cast<std::size_t>(q_);
  const auto row = static_cast<std::size_t>(neighbourhood_index(counts)) * q;
  return {heat_bath_p_.begin() + static_cast<std::ptrdiff_t>(row),
          heat_bath_p_.begin() + static_cast<std::ptrdiff_t>(row + q)};
}

double PottsLattice::metropolis_probability(int dn, int dz) const {
  if (dn < -4 || dn > 4 || dz < -1 || dz > 1) throw std::invalid_argument("PottsLattice: dn or dz out of range");
  return metropolis_p_[(dn + 4) * 3 + dz + 1];
}

void PottsLattice::sweep(core::RandomStream& rng) {
  switch (sampler_) {
    case Sampler::metropolis: metropolis_sweep(rng); break;
    case Sampler::heat_bath: heat_bath_sweep(rng); break;
    case Sampler::wolff: wolff_sweep(rng); break;
  }
}

namespace {

// Visits the sites of one checkerboard colour row by row, passing the site and its four neighbours.
template <class F>
void for_colour(int L, int colour, F&& f) {
  for (int i = 0; i < L; ++i) {
    const int row = i * L;
    const int above = (i == 0 ? L - 1 : i - 1) * L;
    const int below = (i == L - 1 ? 0 : i + 1) * L;
    for (int j = (i + colour) & 1; j < L; j += 2) {
      const int left = j == 0 ? L - 1 : j - 1;
      const int right = j == L - 1 ? 0 : j + 1;
      f(row + j, above + j, below + j, row + left, row + right);
    }
  }
}

}  // namespace

void PottsLattice::heat_bath_sweep(core::RandomStream& rng) {
  RandomBits32 bits(rng);
  std::uint8_t* s = spins_.data();
  const std::uint32_t* d = digit_.data();
  const std::uint64_t* cum = heat_bath_cum_.data();
  const auto q = static_cast<std::size_t>(q_);
  for (int colour = 0; colour < 2; ++colour) {
    for_colour(L_, colour, [&](int i, int a, int b, int l, int r) {
      const std::size_t idx = d[s[a]] + d[s[b]] + d[s[l]] + d[s[r]];
      const std::uint64_t* row = cum + idx * q;
      const std::uint32_t u = bits.next();
      std::uint8_t k = 0;
      while (u >= row[k]) ++k;
      s[i] = k;
    });
  }
}

void PottsLattice::metropolis_sweep(core::RandomStream& rng) {
  std::uint8_t* s = spins_.data();
  const auto q = static_cast<std::uint64_t>(q_);
  for (int colour = 0; colour < 2; ++colour) {
    for_colour(L_, colour, [&](int i, int a, int b, int l, int r) {
      const std::uint64_t u = rng.next_u64();
      const std::uint8_t old = s[i];
      // High 32 bits: the proposal, uniform over the q - 1 other states; low 32 bits: the acceptance.
      const auto nu = static_cast<std::uint8_t>((old + 1 + (((u >> 32) * (q - 1)) >> 32)) % q);
      const int dn = (s[a] == nu) + (s[b] == nu) + (s[l] == nu) + (s[r] == nu) -
                     ((s[a] == old) + (s[b] == old) + (s[l] == old) + (s[r] == old));
      const int dz = (nu == 0) - (old == 0);
      if ((u & 0xFFFFFFFFu) < metropolis_threshold_[(dn + 4) * 3 + dz + 1]) s[i] = nu;
    });
  }
}

int PottsLattice::wolff_cluster(core::RandomStream& rng) {
  const int L = L_;
  std::uint8_t* s = spins_.data();
  const int seed = static_cast<int>(rng.uniform_int(static_cast<std::uint64_t>(n_)));
  const std::uint8_t old = s[seed];
  const auto nu = static_cast<std::uint8_t>((old + 1 + rng.uniform_int(static_cast<std::uint64_t>(q_ - 1))) %
                                            static_cast<std::uint64_t>(q_));
  RandomBits32 bits(rng);
  stack_.clear();
  s[seed] = nu;
  stack_.push_back(seed);
  int size = 1;
  auto visit = [&](int k) {
    if (s[k] == old && bits.next() < wolff_threshold_) {
      s[k] = nu;
      stack_.push_back(k);
      ++size;
    }
  };
  while (!stack_.empty()) {
    const int i = stack_.back();
    stack_.pop_back();
    const int r = i / L, c = i - r * L;
    visit(r * L + (c == 0 ? L - 1 : c - 1));
    visit(r * L + (c == L - 1 ? 0 : c + 1));
    visit((r == 0 ? L - 1 : r - 1) * L + c);
    visit((r == L - 1 ? 0 : r + 1) * L + c);
  }
  return size;
}

void PottsLattice::wolff_sweep(core::RandomStream& rng) {
  if (h_ != 0.0 || !(J_ > 0.0)) throw std::invalid_argument("PottsLattice: the Wolff update needs h = 0 and J > 0");
  wolff_length_.sweep(n_, [&] { return wolff_cluster(rng); });
}

double PottsLattice::energy_per_spin() const {
  const int L = L_;
  const std::uint8_t* s = spins_.data();
  std::int64_t bonds = 0, zeros = 0;
  for (int i = 0; i < L; ++i) {
    const int row = i * L, below = (i == L - 1 ? 0 : i + 1) * L;
    for (int j = 0; j < L; ++j) {
      const std::uint8_t v = s[row + j];
      bonds += (v == s[row + (j == L - 1 ? 0 : j + 1)]) + (v == s[below + j]);
      zeros += v == 0;
    }
  }
  return (-J_ * static_cast<double>(bonds) - h_ * static_cast<double>(zeros)) / n_;
}

double PottsLattice::order_parameter() const {
  std::vector<std::int64_t> counts(static_cast<std::size_t>(q_), 0);
  for (const auto v : spins_) ++counts[v];
  const auto top = *std::max_element(counts.begin(), counts.end());
  return (q_ * static_cast<double>(top) / n_ - 1.0) / (q_ - 1);
}

void PottsLattice::image(std::vector<float>& out) const {
  out.resize(spins_.size());
  for (std::size_t i = 0; i < spins_.size(); ++i) out[i] = static_cast<float>(spins_[i]) / static_cast<float>(q_ - 1);
}

}  // namespace arbiter::physics
