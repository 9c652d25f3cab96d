#include "physics/spin_lattice.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace arbiter::physics {

Sampler parse_sampler(std::string_view name) {
  if (name == "metropolis") return Sampler::metropolis;
  if (name == "heat_bath") return Sampler::heat_bath;
  if (name == "wolff") return Sampler::wolff;
  throw std::invalid_argument("unknown sampler \"" + std::string(name) + "\"");
}

std::string sampler_name(Sampler s) {
  switch (s) {
    case Sampler::metropolis: return "metropolis";
    case Sampler::heat_bath: return "heat_bath";
    case Sampler::wolff: return "wolff";
  }
  return "?";
}

void WolffSweepLength::fix(std::int64_t sites) {
  if (fixed_ > 0) return;
  fixed_ = clusters_ == 0 ? 1
                          : std::max<std::int64_t>(1, std::llround(static_cast<double>(sites) *
                                                                   static_cast<double>(clusters_) /
                                                                   static_cast<double>(cluster_sites_)));
}

std::uint64_t probability_threshold32(double p) {
  if (std::isnan(p)) throw std::invalid_argument("probability_threshold32: NaN probability");
  constexpr double two32 = 4294967296.0;
  if (p <= 0.0) return 0;
  if (p >= 1.0) return std::uint64_t{1} << 32;
  return static_cast<std::uint64_t>(std::nearbyint(p * two32));
}

}  // namespace arbiter::physics
