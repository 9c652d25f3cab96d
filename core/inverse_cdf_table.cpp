#include "core/inverse_cdf_table.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace arbiter::core {

InverseCdfTable::InverseCdfTable(VectorCRef<double> probs) {
  if (probs.size() == 0) throw std::invalid_argument("InverseCdfTable: empty distribution");
  cumulative_.reserve(static_cast<std::size_t>(probs.size()));
  double sum = 0.0;
  for (Eigen::Index i = 0; i < probs.size(); ++i) {
    const double p = probs[i];
    if (!(p >= 0.0)) throw std::domain_error("InverseCdfTable: probability " + std::to_string(i) + " is negative or NaN");
    sum += p;
    cumulative_.push_back(sum);
    if (p > 0.0) last_positive_ = static_cast<int>(i);
  }
  if (last_positive_ < 0) throw std::domain_error("InverseCdfTable: every probability is 0");
  total_ = sum;
}

// sample_inverse_cdf returns the first i whose cumulative sum exceeds u * total and whose probability is
// positive; the first sum that exceeds it always has a positive probability (else the sum before it, equal,
// would have exceeded it first, and u * total >= 0), so that is the first sum above it: an upper bound.
int InverseCdfTable::draw(RandomStream& rng) const {
  const double target = rng.uniform() * total_;
  const auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), target);
  return it == cumulative_.end() ? last_positive_ : static_cast<int>(it - cumulative_.begin());
}

}  // namespace arbiter::core
