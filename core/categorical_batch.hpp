// Batched inverse-CDF draws: one categorical draw per row of a probability batch (one distribution per row),
// given one uniform u in [0, 1) per row (e.g. RandomStream::uniform() of that row's stream). Row r gives what
// sample_inverse_cdf gives on that row for a stream whose next uniform is u[r]: the first i with
// u * total < p_0 + ... + p_i and p_i > 0 (total = the row's sum; round-off goes to the last non-zero entry),
// never an index of probability 0. Throws std::domain_error naming the row and entry for a negative or NaN
// probability, or naming the row when every entry is 0; std::invalid_argument for an empty row.
// sample_inverse_cdf_columns is the same with one distribution per column (entry-major storage, see
// core::softmax_columns): column c gives exactly what row c of the transposed batch gives.
#pragma once
#include <stdexcept>
#include <string>
#include <vector>
#include "core/eigen_types.hpp"

namespace arbiter::core {

template <class S> void sample_inverse_cdf_rows(BatchCRef<S> probs, const double* uniforms, int* out) {
  const Eigen::Index k = probs.cols();
  if (k == 0 && probs.rows() > 0) throw std::invalid_argument("sample_inverse_cdf_rows: empty distributions");
  // One branch-free pass per row: the running sums c_i (the same additions, in the same order, as
  // sample_inverse_cdf's total and cumulative sums, so the same numbers), then the count of c_i <= u * total,
  // which is the first index with u * total < c_i (that entry cannot have probability 0: its c_i would equal
  // c_(i-1)). Branch-free, consecutive rows overlap in the pipeline.
  constexpr Eigen::Index kStack = 64;
  double stack[kStack];
  std::vector<double> heap(k > kStack ? static_cast<std::size_t>(k) : 0);
  double* c = k > kStack ? heap.data() : stack;
  for (Eigen::Index r = 0; r < probs.rows(); ++r) {
    const S* p = probs.row(r).data();
    double total = 0.0;
    int last_positive = -1;
    bool bad = false;
    for (Eigen::Index i = 0; i < k; ++i) {
      bad |= !(p[i] >= S(0));
      total += static_cast<double>(p[i]);
      c[i] = total;
      last_positive = p[i] > S(0) ? static_cast<int>(i) : last_positive;
    }
    if (bad || last_positive < 0) [[unlikely]] {
      for (Eigen::Index i = 0; i < k; ++i)
        if (!(p[i] >= S(0)))
          throw std::domain_error("sample_inverse_cdf_rows: row " + std::to_string(r) + ", probability " +
                                  std::to_string(i) + " is negative or NaN");
      throw std::domain_error("sample_inverse_cdf_rows: row " + std::to_string(r) + ": every probability is 0");
    }
    const double target = uniforms[r] * total;
    int below = 0;
    for (Eigen::Index i = 0; i < k; ++i) below += c[i] <= target ? 1 : 0;
    out[r] = below < k ? below : last_positive;
  }
}

// Implemented in categorical_batch.cpp, SIMD across the columns; S is float or double.
template <class S> void sample_inverse_cdf_columns(BatchCRef<S> probs, const double* uniforms, int* out);

}  // namespace arbiter::core
