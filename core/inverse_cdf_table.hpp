// A categorical distribution's cumulative sums, built once for many draws: each draw is a binary search
// (O(log n)) that returns exactly what sample_inverse_cdf returns on the same probabilities and stream. The
// constructor throws what sample_inverse_cdf throws (std::invalid_argument when empty, std::domain_error for a
// negative or NaN entry or all zeros).
#pragma once
#include <vector>

#include "core/eigen_types.hpp"
#include "core/random_stream.hpp"

namespace arbiter::core {

class InverseCdfTable {
 public:
  explicit InverseCdfTable(VectorCRef<double> probs);
  // One draw, taking one uniform from `rng`.
  int draw(RandomStream& rng) const;
  int size() const { return static_cast<int>(cumulative_.size()); }

 private:
  std::vector<double> cumulative_;  // sums in index order, as sample_inverse_cdf adds them
  double total_ = 0.0;
  int last_positive_ = -1;
};

}  // namespace arbiter::core
