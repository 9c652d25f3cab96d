#include "physics/ising_lattice.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <string>
#include "core/softmax.hpp"

namespace arbiter::physics {

IsingLattice::IsingLattice(int L, double J, double h, double T, Sampler sampler, int dimensions)
    : L_(L), dims_(dimensions), z_(2 * dimensions), n_(0), J_(J), h_(h), sampler_(sampler) {
  if (L < 2) throw std::invalid_argument("IsingLattice: L must be >= 2, got " + std::to_string(L));
  if (dimensions != 1 && dimensions != 2)
    throw std::invalid_argument("IsingLattice: dimensions must be 1 or 2, got " + std::to_string(dimensions));
  if (dimensions == 2 && L > 46340) throw std::invalid_argument("IsingLattice: L too large");
  if (!std::isfinite(J) || !std::isfinite(h)) throw std::invalid_argument("IsingLattice: J and h must be finite");
  n_ = dims_ == 2 ? L * L : L;
  spins_.assign(static_cast<std::size_t>(n_), 1);
  stack_.reserve(static_cast<std::size_t>(n_));
  if (IsingMultispin::supports(L, dimensions, h)) packed_ = std::make_unique<IsingMultispin>(L, J, T);
  set_sampler(sampler);
  set_temperature(T);
}

void IsingLattice::unpack() const {
  if (packed_current_) {
    packed_->store(spins_);
    packed_current_ = false;
  }
}

const std::vector<std::int8_t>& IsingLattice::spins() const {
  unpack();
  return spins_;
}

std::vector<std::int8_t>& IsingLattice::spins() {
  unpack();
  return spins_;
}

void IsingLattice::set_sampler(Sampler s) {
  if (s == Sampler::wolff && (h_ != 0.0 || J_ == 0.0))
    throw std::invalid_argument("IsingLattice: the Wolff update needs h = 0 and J != 0");
  sampler_ = s;
  wolff_length_.reset();
}

void IsingLattice::set_temperature(double T) {
  if (!(T > 0.0) || !std::isfinite(T))
    throw std::invalid_argument("IsingLattice: temperature must be > 0 and finite, got " + std::to_string(T));
  T_ = T;
  wolff_length_.reset();
  if (packed_) packed_->set_temperature(T);
  const double beta = 1.0 / T;
  for (int s = 0; s < 2; ++s) {
    const int spin = s == 0 ? -1 : 1;
    for (int k = 0; k <= z_; ++k) {
      const double de = flip_energy(spin, 2 * k - z_);
      const double p = de <= 0.0 ? 1.0 : std::min(1.0, core::boltzmann_factor(de, beta));
      metropolis_p_[s][k] = p;
      metropolis_threshold_[s][k] = probability_threshold32(p);
    }
  }
  for (int k = 0; k <= z_; ++k) {
    // P(+1) = e^{beta H} / (e^{beta H} + e^{-beta H}) = sigmoid(2 beta H), H = J sum + h the local field.
    const double p = core::sigmoid(2.0 * beta * (J_ * (2 * k - z_) + h_));
    heat_bath_p_[k] = p;
    heat_bath_threshold_[k] = probability_threshold32(p);
  }
  wolff_p_ = 1.0 - core::boltzmann_factor(2.0 * std::abs(J_), beta);
  wolff_threshold_ = probability_threshold32(wolff_p_);
}

double IsingLattice::metropolis_probability(int spin, int neighbour_sum) const {
  return metropolis_p_[spin > 0 ? 1 : 0][static_cast<std::size_t>(index(neighbour_sum))];
}

double IsingLattice::heat_bath_up_probability(int neighbour_sum) const {
  return heat_bath_p_[static_cast<std::size_t>(index(neighbour_sum))];
}

void IsingLattice::fill(std::int8_t s) {
  packed_current_ = false;
  std::fill(spins_.begin(), spins_.end(), s);
}

void IsingLattice::sweep(core::RandomStream& rng) {
  switch (sampler_) {
    case Sampler::metropolis: metropolis_sweep(rng); break;
    case Sampler::heat_bath: heat_bath_sweep(rng); break;
    case Sampler::wolff: wolff_sweep(rng); break;
  }
}

void IsingLattice::metropolis_sweep(core::RandomStream& rng) {
  if (multispin()) {
    if (!packed_current_) packed_->load(spins_);
    packed_current_ = true;
    packed_->metropolis_sweep(rng);
    return;
  }
  unpack();
  if (dims_ == 2) checkerboard_2d<false>(rng);
  else checkerboard_1d<false>(rng);
}

void IsingLattice::heat_bath_sweep(core::RandomStream& rng) {
  if (multispin()) {
    if (!packed_current_) packed_->load(spins_);
    packed_current_ = true;
    packed_->heat_bath_sweep(rng);
    return;
  }
  unpack();
  if (dims_ == 2) checkerboard_2d<true>(rng);
  else checkerboard_1d<true>(rng);
}

// Sites of one colour ((i + j) even, then odd) are updated in turn; with L even no two of them are
// neighbours, and for odd L the order is still a fixed sequential scan, so every update leaves the
// Boltzmann distribution invariant. Spins are int8 +-1; flipping is x ^ 0xFE (1 <-> -1). Each row's 32-bit
// uniforms are drawn first in bulk (RandomStream::fill, two per word), so the update loop is branch-free.
template <bool HeatBath>
void IsingLattice::checkerboard_2d(core::RandomStream& rng) {
  const int L = L_;
  std::int8_t* s = spins_.data();
  // Thresholds looked up by one small integer: 5 s + sum (odd, in [-9, 9]) for Metropolis, sum for heat-bath.
  std::array<std::uint64_t, 19> flip_by_key{};
  std::array<std::uint64_t, 9> up_by_sum{};
  for (int k = 0; k <= 4; ++k) {
    flip_by_key[static_cast<std::size_t>(9 + 2 * k - 4 - 5)] = metropolis_threshold_[0][static_cast<std::size_t>(k)];
    flip_by_key[static_cast<std::size_t>(9 + 2 * k - 4 + 5)] = metropolis_threshold_[1][static_cast<std::size_t>(k)];
    up_by_sum[static_cast<std::size_t>(2 * k)] = heat_bath_threshold_[static_cast<std::size_t>(k)];
  }
  const std::uint64_t* flip_thr = flip_by_key.data() + 9;
  const std::uint64_t* up_thr = up_by_sum.data() + 4;
  words_.resize(static_cast<std::size_t>(L / 4 + 2));
  draws_.resize(2 * words_.size());
  std::uint32_t* u = draws_.data();
  // Captured by value: the int8 stores may alias anything, so captures by reference would be reloaded.
  auto update = [up_thr, flip_thr](std::int8_t* row, const std::int8_t* above, const std::int8_t* below, int j,
                                   int jl, int jr, std::uint32_t draw) {
    const int sum = above[j] + below[j] + row[jl] + row[jr];
    if constexpr (HeatBath) {
      row[j] = draw < up_thr[sum] ? std::int8_t{1} : std::int8_t{-1};
    } else {
      const auto flip = static_cast<std::int8_t>(-static_cast<int>(draw < flip_thr[5 * row[j] + sum]) & 0xFE);
      row[j] = static_cast<std::int8_t>(row[j] ^ flip);
    }
  };
  for (int colour = 0; colour < 2; ++colour) {
    for (int i = 0; i < L; ++i) {
      std::int8_t* row = s + static_cast<std::ptrdiff_t>(i) * L;
      const std::int8_t* above = s + static_cast<std::ptrdiff_t>(i == 0 ? L - 1 : i - 1) * L;
      const std::int8_t* below = s + static_cast<std::ptrdiff_t>(i == L - 1 ? 0 : i + 1) * L;
      int j = (i + colour) & 1;
      const int count = (L - j + 1) / 2;  // sites of this colour in the row
      const auto n_words = static_cast<std::size_t>((count + 1) / 2);
      rng.fill(words_.data(), n_words);
      std::memcpy(u, words_.data(), n_words * sizeof(std::uint64_t));  // draw k: half k % 2 of word k / 2
      int k = 0;
      if (j == 0) {
        update(row, above, below, 0, L - 1, 1 % L, u[k++]);
        j = 2;
      }
      if constexpr (HeatBath) {  // two sites per iteration (measured faster for heat-bath, slower for Metropolis)
        for (; j + 2 < L - 1; j += 4, k += 2) {
          update(row, above, below, j, j - 1, j + 1, u[k]);
          update(row, above, below, j + 2, j + 1, j + 3, u[k + 1]);
        }
      }
      for (; j < L - 1; j += 2) update(row, above, below, j, j - 1, j + 1, u[k++]);
      if (j == L - 1) update(row, above, below, j, j - 1, 0, u[k]);
    }
  }
}

template <bool HeatBath>
void IsingLattice::checkerboard_1d(core::RandomStream& rng) {
  RandomBits32 bits(rng);
  const int L = L_;
  std::int8_t* s = spins_.data();
  for (int colour = 0; colour < 2; ++colour) {
    for (int j = colour; j < L; j += 2) {
      const int sum = s[j == 0 ? L - 1 : j - 1] + s[j == L - 1 ? 0 : j + 1];
      const std::uint32_t u = bits.next();
      if constexpr (HeatBath) {
        s[j] = u < heat_bath_threshold_[static_cast<std::size_t>((sum + 2) >> 1)] ? 1 : -1;
      } else {
        if (u < metropolis_threshold_[s[j] > 0 ? 1 : 0][static_cast<std::size_t>((sum + 2) >> 1)])
          s[j] = static_cast<std::int8_t>(-s[j]);
      }
    }
  }
}

int IsingLattice::wolff_cluster(core::RandomStream& rng) {
  unpack();
  RandomBits32 bits(rng);
  const int L = L_;
  std::int8_t* s = spins_.data();
  const int seed = static_cast<int>(rng.uniform_int(static_cast<std::uint64_t>(n_)));
  // A neighbour k joins when its bond to site i is satisfied (J s_i s_k > 0), with probability
  // 1 - exp(-2 beta |J|). Sites are flipped when they join, so a joined site never matches again.
  const std::int8_t sign = J_ > 0.0 ? -1 : 1;
  stack_.clear();
  s[seed] = static_cast<std::int8_t>(-s[seed]);
  stack_.push_back(seed);
  int size = 1;
  auto visit = [&](int k, std::int8_t target) {
    if (s[k] == target && bits.next() < wolff_threshold_) {
      s[k] = static_cast<std::int8_t>(-s[k]);
      stack_.push_back(k);
      ++size;
    }
  };
  while (!stack_.empty()) {
    const int i = stack_.back();
    stack_.pop_back();
    const auto target = static_cast<std::int8_t>(sign * s[i]);
    if (dims_ == 2) {
      const int r = i / L, c = i - r * L;
      const int row = r * L;
      visit(row + (c == 0 ? L - 1 : c - 1), target);
      visit(row + (c == L - 1 ? 0 : c + 1), target);
      visit((r == 0 ? L - 1 : r - 1) * L + c, target);
      visit((r == L - 1 ? 0 : r + 1) * L + c, target);
    } else {
      visit(i == 0 ? L - 1 : i - 1, target);
      visit(i == L - 1 ? 0 : i + 1, target);
    }
  }
  return size;
}

void IsingLattice::wolff_sweep(core::RandomStream& rng) {
  if (h_ != 0.0 || J_ == 0.0) throw std::invalid_argument("IsingLattice: the Wolff update needs h = 0 and J != 0");
  wolff_length_.sweep(n_, [&] { return wolff_cluster(rng); });
}

std::int64_t IsingLattice::spin_sum() const {
  if (packed_current_) return packed_->spin_sum();
  std::int64_t m = 0;
  for (const auto v : spins_) m += v;
  return m;
}

std::int64_t IsingLattice::bond_sum() const {
  if (packed_current_) return packed_->bond_sum();
  const int L = L_;
  const std::int8_t* s = spins_.data();
  std::int64_t b = 0;
  if (dims_ == 2) {
    for (int i = 0; i < L; ++i) {
      const std::int8_t* row = s + static_cast<std::ptrdiff_t>(i) * L;
      const std::int8_t* below = s + static_cast<std::ptrdiff_t>(i == L - 1 ? 0 : i + 1) * L;
      int acc = 0;
      for (int j = 0; j < L - 1; ++j) acc += row[j] * (row[j + 1] + below[j]);
      acc += row[L - 1] * (row[0] + below[L - 1]);
      b += acc;
    }
  } else {
    for (int j = 0; j < L; ++j) b += s[j] * s[j == L - 1 ? 0 : j + 1];
  }
  return b;
}

double IsingLattice::energy_per_spin() const {
  return (-J_ * static_cast<double>(bond_sum()) - h_ * static_cast<double>(spin_sum())) / n_;
}

double IsingLattice::order_parameter() const { return static_cast<double>(spin_sum()) / n_; }

void IsingLattice::image(std::vector<float>& out) const {
  unpack();
  out.resize(spins_.size());
  for (std::size_t i = 0; i < spins_.size(); ++i) out[i] = spins_[i] > 0 ? 1.0f : 0.0f;
}

}  // namespace arbiter::physics
