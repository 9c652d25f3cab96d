#include "econ/simulation_draws.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <iterator>
#include <limits>
#include <string>
#include <utility>

#include "core/input_error.hpp"
#include "core/parallel_for.hpp"
#include "core/random_stream.hpp"
#include "econ/quadrature_nodes.hpp"

namespace arbiter::econ {
namespace {

constexpr int kPrimes[100] = {
    2,   3,   5,   7,   11,  13,  17,  19,  23,  29,  31,  37,  41,  43,  47,  53,  59,  61,  67,  71,
    73,  79,  83,  89,  97,  101, 103, 107, 109, 113, 127, 131, 137, 139, 149, 151, 157, 163, 167, 173,
    179, 181, 191, 193, 197, 199, 211, 223, 227, 229, 233, 239, 241, 251, 257, 263, 269, 271, 277, 281,
    283, 293, 307, 311, 313, 317, 331, 337, 347, 349, 353, 359, 367, 373, 379, 383, 389, 397, 401, 409,
    419, 421, 431, 433, 439, 443, 449, 457, 461, 463, 467, 479, 487, 491, 499, 503, 509, 521, 523, 541};

// The radical inverse with the base known at compile time (its divisions become multiplications).
// The terms digit / P^(place + 1) come from a table of those quotients, so the sums are the same bits; no
// branch on zero digits (adding 0.0 to a non-negative sum changes nothing).
template <std::uint64_t P> double radical_inverse_base(std::uint64_t index) {
  static const auto terms = [] {
    std::array<std::array<double, P>, 64> t{};
    double place = static_cast<double>(P);
    for (std::size_t j = 0; j < 64; ++j, place *= static_cast<double>(P))
      for (std::size_t digit = 0; digit < P; ++digit) t[j][digit] = static_cast<double>(digit) / place;
    return t;
  }();
  double value = 0.0;
  for (std::size_t j = 0; index > 0; index /= P, ++j) value += terms[j][index % P];  // + 0.0 changes no bit
  return value;
}

double standard_value(StandardDraw kind, double u) {
  switch (kind) {
    case StandardDraw::normal: return inverse_normal_cdf(u);
    case StandardDraw::uniform: return 2.0 * u - 1.0;
    case StandardDraw::triangular: return triangular_quantile(u);
  }
  return u;
}

// The uniforms of one person and dimension (R of them, the antithetic half mirrored) into out.
void person_uniforms(const DrawOptions& o, std::size_t person, std::size_t d, core::RandomStream& stream,
                     double* out) {
  const std::size_t R = static_cast<std::size_t>(o.draws);
  const std::size_t base = o.antithetic ? R / 2 : R;
  switch (o.method) {
    case DrawMethod::quadrature: break;  // nodes, not uniforms: make_simulation_draws builds them
    case DrawMethod::halton: {
      const int p = halton_prime(d);
      for (std::size_t r = 0; r < base; ++r)
        out[r] = radical_inverse(static_cast<std::uint64_t>(o.drop) + person * base + r, p);
      break;
    }
    case DrawMethod::mlhs: {
      // Hess, Train and Polak (2006): one shift per person and dimension, the R strata shuffled.
      const double shift = stream.uniform_open();
      for (std::size_t r = 0; r < base; ++r) out[r] = (static_cast<double>(r) + shift) / static_cast<double>(base);
      for (std::size_t r = base; r-- > 1;) std::swap(out[r], out[stream.uniform_int(r + 1)]);
      break;
    }
    case DrawMethod::pseudo:
      for (std::size_t r = 0; r < base; ++r) out[r] = stream.uniform_open();
      break;
  }
  if (o.antithetic)
    for (std::size_t r = 0; r < base; ++r) out[base + r] = 1.0 - out[r];
}

}  // namespace

int halton_prime(std::size_t k) {
  if (k >= std::size(kPrimes))
    throw core::ArgumentError("random coefficients", "at most " + std::to_string(std::size(kPrimes)) +
                              " Halton dimensions", std::to_string(k + 1));
  return kPrimes[k];
}

double radical_inverse(std::uint64_t index, int prime) {
  switch (prime) {
    case 2: return radical_inverse_base<2>(index);
    case 3: return radical_inverse_base<3>(index);
    case 5: return radical_inverse_base<5>(index);
    case 7: return radical_inverse_base<7>(index);
    case 11: return radical_inverse_base<11>(index);
    case 13: return radical_inverse_base<13>(index);
    case 17: return radical_inverse_base<17>(index);
    case 19: return radical_inverse_base<19>(index);
    case 23: return radical_inverse_base<23>(index);
    case 29: return radical_inverse_base<29>(index);
    default: break;
  }
  const auto p = static_cast<std::uint64_t>(prime);
  double value = 0.0, place = static_cast<double>(prime);
  for (; index > 0; index /= p, place *= static_cast<double>(prime)) {
    const auto digit = index % p;
    if (digit != 0) value += static_cast<double>(digit) / place;
  }
  return value;
}

double inverse_normal_cdf(double u) {
  if (!(u > 0.0)) return u == 0.0 ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::quiet_NaN();
  if (!(u < 1.0)) return u == 1.0 ? std::numeric_limits<double>::infinity() : std::numeric_limits<double>::quiet_NaN();
  const double q = u - 0.5;
  if (std::fabs(q) <= 0.425) {
    const double r = 0.180625 - q * q;
    return q *
           (((((((r * 2509.0809287301226727 + 33430.575583588128105) * r + 67265.770927008700853) * r +
                45921.953931549871457) * r + 13731.693765509461125) * r + 1971.5909503065514427) * r +
             133.14166789178437745) * r + 3.387132872796366608) /
           (((((((r * 5226.495278852545925 + 28729.085735721942674) * r + 39307.89580009271061) * r +
                21213.794301586595867) * r + 5394.1960214247511077) * r + 687.1870074920579083) * r +
             42.313330701600911252) * r + 1.0);
  }
  double r = std::sqrt(-std::log(q < 0.0 ? u : 1.0 - u));
  double value;
  if (r <= 5.0) {
    r -= 1.6;
    value = (((((((r * 7.7454501427834140764e-4 + 0.0227238449892691845833) * r + 0.24178072517745061177) * r +
                 1.27045825245236838258) * r + 3.64784832476320460504) * r + 5.7694972214606914055) * r +
              4.6303378461565452959) * r + 1.42343711074968357734) /
            (((((((r * 1.05075007164441684324e-9 + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r +
                 0.14810397642748007459) * r + 0.68976733498510000455) * r + 1.6763848301838038494) * r +
              2.05319162663775882187) * r + 1.0);
  } else {
    r -= 5.0;
    value = (((((((r * 2.01033439929228813265e-7 + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r +
                 0.026532189526576123093) * r + 0.29656057182850489123) * r + 1.7848265399172913358) * r +
              5.4637849111641143699) * r + 6.6579046435011037772) /
            (((((((r * 2.04426310338993978564e-15 + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r +
                 7.868691311456132591e-4) * r + 0.0148753612908506148525) * r + 0.13692988092273580531) * r +
              0.59983220655588793769) * r + 1.0);
  }
  return q < 0.0 ? -value : value;
}

double triangular_quantile(double u) { return u < 0.5 ? std::sqrt(2.0 * u) - 1.0 : 1.0 - std::sqrt(2.0 * (1.0 - u)); }

SimulationDraws make_simulation_draws(std::size_t people, const std::vector<StandardDraw>& dimensions,
                                      const DrawOptions& options, int threads) {
  return make_simulation_draws(0, people, dimensions, options, threads);
}

SimulationDraws make_simulation_draws(std::size_t first, std::size_t last, const std::vector<StandardDraw>& dimensions,
                                      const DrawOptions& options, int threads) {
  if (last < first)
    throw core::ArgumentError("people", "a range [first, last) with first <= last",
                              "[" + std::to_string(first) + ", " + std::to_string(last) + ")");
  const std::size_t people = last - first;
  if (options.draws < 1) throw core::ArgumentError("draws", "at least 1", std::to_string(options.draws));
  if (options.antithetic && options.draws % 2 != 0)
    throw core::ArgumentError("draws", "an even number with antithetic draws", std::to_string(options.draws));
  if (options.drop < 0) throw core::ArgumentError("drop", "at least 0", std::to_string(options.drop));
  if (options.method == DrawMethod::halton && !dimensions.empty()) halton_prime(dimensions.size() - 1);
  SimulationDraws out;
  out.first_person = first;
  out.people = people;
  out.dimensions = dimensions.size();
  out.draws = static_cast<std::size_t>(options.draws);
  out.values.resize(people * out.dimensions * out.draws);
  if (options.method == DrawMethod::quadrature) {
    if (dimensions.size() != 1)
      throw core::ArgumentError("dimensions", "exactly one random coefficient with quadrature",
                                std::to_string(dimensions.size()));
    if (options.antithetic) throw core::ArgumentError("antithetic", "false with quadrature", "true");
    const QuadratureRule rule = dimensions[0] == StandardDraw::normal    ? normal_quadrature(options.draws)
                                : dimensions[0] == StandardDraw::uniform ? uniform_quadrature(options.draws)
                                                                         : triangular_quadrature(options.draws);
    for (std::size_t n = 0; n < people; ++n) std::copy(rule.nodes.begin(), rule.nodes.end(), out.values.begin() + n * out.draws);
    out.weights = rule.weights;
    return out;
  }
  if (out.values.empty()) return out;
  // Fixed chunks of people; each person's stream is RandomStream(seed, person) and their Halton elements start
  // at drop + person R, so neither the chunking nor the first person changes a draw.
  constexpr std::size_t kChunk = 64;
  const std::size_t chunks = (people + kChunk - 1) / kChunk;
  core::parallel_for(chunks, threads, [&](std::size_t c) {
    for (std::size_t i = c * kChunk; i < std::min(people, (c + 1) * kChunk); ++i) {
      const std::size_t n = first + i;
      core::RandomStream stream(options.seed, n);
      for (std::size_t d = 0; d < out.dimensions; ++d) {
        double* row = out.values.data() + (i * out.dimensions + d) * out.draws;
        person_uniforms(options, n, d, stream, row);
        for (std::size_t r = 0; r < out.draws; ++r) row[r] = standard_value(dimensions[d], row[r]);
      }
    }
  });
  return out;
}

}  // namespace arbiter::econ
