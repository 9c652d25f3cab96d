#include "physics/ising_multispin.hpp"

#include <bit>
#include <cmath>
#include <stdexcept>
#include <string>
#include "core/softmax.hpp"

namespace arbiter::physics {
namespace {

std::uint64_t fixed_point64(double p) {
  if (!(p > 0.0)) return 0;
  if (p >= 1.0) return ~std::uint64_t{0};
  const double scaled = std::ldexp(p, 64);
  return scaled >= 18446744073709551615.0 ? ~std::uint64_t{0} : static_cast<std::uint64_t>(scaled);
}

// Lanes whose uniform U (binary digits drawn lazily, one random word per digit for all lanes) is below the
// lane's probability: lanes in class c have probability p[c] / 2^64. `undecided` lanes are drawn; the
// others come out 0. At each digit, lanes whose digit differs from the probability's are decided.
template <int Classes>
inline std::uint64_t bernoulli_lanes(core::RandomStream& rng, const std::uint64_t (&cls)[Classes],
                                     const std::uint64_t (&p)[Classes], std::uint64_t undecided) {
  std::uint64_t result = 0;
  for (int bit = 63; bit >= 0 && undecided != 0; --bit) {
    std::uint64_t digit = 0;
    for (int c = 0; c < Classes; ++c) digit |= cls[c] & (std::uint64_t{0} - ((p[c] >> bit) & 1u));
    const std::uint64_t r = rng.next_u64();
    result |= undecided & digit & ~r;
    undecided &= ~(r ^ digit);
  }
  return result;
}

}  // namespace

IsingMultispin::IsingMultispin(int L, double J, double T) : L_(L), words_(L / 128), J_(J) {
  if (!supports(L, 2, 0.0)) throw std::invalid_argument("IsingMultispin: L must be a multiple of 128, got " + std::to_string(L));
  if (!std::isfinite(J)) throw std::invalid_argument("IsingMultispin: J must be finite");
  const std::size_t n = static_cast<std::size_t>(L) * static_cast<std::size_t>(words_);
  a_.assign(n, ~std::uint64_t{0});
  b_.assign(n, ~std::uint64_t{0});
  set_temperature(T);
}

void IsingMultispin::set_temperature(double T) {
  if (!(T > 0.0) || !std::isfinite(T)) throw std::invalid_argument("IsingMultispin: temperature must be > 0");
  const double beta = 1.0 / T, j = std::abs(J_);
  // Flipping a spin with d unsatisfied bonds (of 4) costs dE = 2|J| (4 - 2d).
  p_one_unsat_ = fixed_point64(std::min(1.0, core::boltzmann_factor(4.0 * j, beta)));
  p_zero_unsat_ = fixed_point64(std::min(1.0, core::boltzmann_factor(8.0 * j, beta)));
  for (int u = 0; u <= 4; ++u) p_up_[static_cast<std::size_t>(u)] = fixed_point64(core::sigmoid(2.0 * beta * J_ * (2 * u - 4)));
}

template <bool HeatBath>
void IsingMultispin::sweep(core::RandomStream& rng) {
  const int L = L_, W = words_;
  const std::uint64_t flip_sign = J_ < 0.0 ? ~std::uint64_t{0} : 0;  // antiferromagnet: satisfied = antiparallel
  for (int colour = 0; colour < 2; ++colour) {
    std::uint64_t* x_all = colour == 0 ? a_.data() : b_.data();
    const std::uint64_t* y_all = colour == 0 ? b_.data() : a_.data();
    for (int i = 0; i < L; ++i) {
      const int p = i & 1;
      std::uint64_t* x = x_all + static_cast<std::ptrdiff_t>(i) * W;
      const std::uint64_t* same = y_all + static_cast<std::ptrdiff_t>(i) * W;
      const std::uint64_t* up = y_all + static_cast<std::ptrdiff_t>(i == 0 ? L - 1 : i - 1) * W;
      const std::uint64_t* down = y_all + static_cast<std::ptrdiff_t>(i == L - 1 ? 0 : i + 1) * W;
      // The other horizontal neighbour sits at index k - 1 (A on even rows, B on odd) or k + 1.
      const bool minus = (colour == 0) == (p == 0);
      for (int w = 0; w < W; ++w) {
        const std::uint64_t shifted =
            minus ? (same[w] << 1) | (same[w == 0 ? W - 1 : w - 1] >> 63)
                  : (same[w] >> 1) | (same[w == W - 1 ? 0 : w + 1] << 63);
        const std::uint64_t s = x[w];
        if constexpr (HeatBath) {
          // u = number of up neighbours (0..4), bit-sliced: u = 4 * q2 + 2 * q1 + q0.
          const std::uint64_t n1 = up[w], n2 = down[w], n3 = same[w], n4 = shifted;
          const std::uint64_t s12 = n1 ^ n2, c12 = n1 & n2, s34 = n3 ^ n4, c34 = n3 & n4;
          const std::uint64_t q0 = s12 ^ s34, c0 = s12 & s34;
          const std::uint64_t q1 = c12 ^ c34 ^ c0, q2 = (c12 & c34) | (c0 & (c12 ^ c34));
          const std::uint64_t is4 = q2, is3 = q1 & q0, is2 = q1 & ~q0, is1 = ~q2 & ~q1 & q0;
          const std::uint64_t is0 = ~(q2 | q1 | q0);
          const std::uint64_t cls[5] = {is0, is1, is2, is3, is4};
          const std::uint64_t prob[5] = {p_up_[0], p_up_[1], p_up_[2], p_up_[3], p_up_[4]};
          x[w] = bernoulli_lanes<5>(rng, cls, prob, ~std::uint64_t{0});
        } else {
          // Unsatisfied bonds: a_k = 1 where the bond to neighbour k is unsatisfied.
          const std::uint64_t a1 = s ^ up[w] ^ flip_sign, a2 = s ^ down[w] ^ flip_sign;
          const std::uint64_t a3 = s ^ same[w] ^ flip_sign, a4 = s ^ shifted ^ flip_sign;
          const std::uint64_t c12 = a1 & a2, c34 = a3 & a4, s12 = a1 ^ a2, s34 = a3 ^ a4;
          const std::uint64_t two_or_more = c12 | c34 | (s12 & s34);  // dE <= 0: always flip
          const std::uint64_t one = (a1 | a2 | a3 | a4) & ~two_or_more;
          const std::uint64_t zero = ~(a1 | a2 | a3 | a4);
          const std::uint64_t cls[2] = {one, zero};
          const std::uint64_t prob[2] = {p_one_unsat_, p_zero_unsat_};
          x[w] = s ^ (two_or_more | bernoulli_lanes<2>(rng, cls, prob, ~two_or_more));
        }
      }
    }
  }
}

void IsingMultispin::metropolis_sweep(core::RandomStream& rng) { sweep<false>(rng); }
void IsingMultispin::heat_bath_sweep(core::RandomStream& rng) { sweep<true>(rng); }

void IsingMultispin::load(const std::vector<std::int8_t>& spins) {
  const int L = L_, W = words_;
  if (spins.size() != static_cast<std::size_t>(L) * static_cast<std::size_t>(L))
    throw std::invalid_argument("IsingMultispin::load: wrong size");
  for (int i = 0; i < L; ++i) {
    const int p = i & 1;
    for (int w = 0; w < W; ++w) {
      std::uint64_t wa = 0, wb = 0;
      for (int bit = 0; bit < 64; ++bit) {
        const int k = 64 * w + bit;
        const std::size_t row = static_cast<std::size_t>(i) * static_cast<std::size_t>(L);
        wa |= static_cast<std::uint64_t>(spins[row + static_cast<std::size_t>(2 * k + p)] > 0) << bit;
        wb |= static_cast<std::uint64_t>(spins[row + static_cast<std::size_t>(2 * k + 1 - p)] > 0) << bit;
      }
      a_[static_cast<std::size_t>(i * W + w)] = wa;
      b_[static_cast<std::size_t>(i * W + w)] = wb;
    }
  }
}

void IsingMultispin::store(std::vector<std::int8_t>& spins) const {
  const int L = L_, W = words_;
  spins.resize(static_cast<std::size_t>(L) * static_cast<std::size_t>(L));
  for (int i = 0; i < L; ++i) {
    const int p = i & 1;
    const std::size_t row = static_cast<std::size_t>(i) * static_cast<std::size_t>(L);
    for (int w = 0; w < W; ++w) {
      const std::uint64_t wa = a_[static_cast<std::size_t>(i * W + w)], wb = b_[static_cast<std::size_t>(i * W + w)];
      for (int bit = 0; bit < 64; ++bit) {
        const int k = 64 * w + bit;
        spins[row + static_cast<std::size_t>(2 * k + p)] = ((wa >> bit) & 1u) ? 1 : -1;
        spins[row + static_cast<std::size_t>(2 * k + 1 - p)] = ((wb >> bit) & 1u) ? 1 : -1;
      }
    }
  }
}

std::int64_t IsingMultispin::spin_sum() const {
  std::int64_t up = 0;
  for (const auto w : a_) up += std::popcount(w);
  for (const auto w : b_) up += std::popcount(w);
  const std::int64_t n = static_cast<std::int64_t>(L_) * L_;
  return 2 * up - n;
}

std::int64_t IsingMultispin::bond_sum() const {
  // Every bond has exactly one end on sublattice A: count A's antiparallel bonds. B = 2N - 2 * antiparallel.
  const int L = L_, W = words_;
  std::int64_t anti = 0;
  for (int i = 0; i < L; ++i) {
    const std::uint64_t* x = a_.data() + static_cast<std::ptrdiff_t>(i) * W;
    const std::uint64_t* same = b_.data() + static_cast<std::ptrdiff_t>(i) * W;
    const std::uint64_t* up = b_.data() + static_cast<std::ptrdiff_t>(i == 0 ? L - 1 : i - 1) * W;
    const std::uint64_t* down = b_.data() + static_cast<std::ptrdiff_t>(i == L - 1 ? 0 : i + 1) * W;
    const bool minus = (i & 1) == 0;
    for (int w = 0; w < W; ++w) {
      const std::uint64_t shifted = minus ? (same[w] << 1) | (same[w == 0 ? W - 1 : w - 1] >> 63)
                                          : (same[w] >> 1) | (same[w == W - 1 ? 0 : w + 1] << 63);
      anti += std::popcount(x[w] ^ up[w]) + std::popcount(x[w] ^ down[w]) + std::popcount(x[w] ^ same[w]) +
              std::popcount(x[w] ^ shifted);
    }
  }
  const std::int64_t n = static_cast<std::int64_t>(L) * L;
  return 2 * n - 2 * anti;
}

}  // namespace arbiter::physics
