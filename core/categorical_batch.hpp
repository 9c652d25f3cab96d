// Batched inverse-CDF draws: one categorical draw per column of a probability batch (one distribution per
// column, entry-major storage as in core::softmax_columns), given one uniform u in [0, 1) per column (e.g.
// RandomStream::uniform() of that column's stream). Column c gives what sample_inverse_cdf gives on it for a
// stream whose next uniform is u[c]: the first i with u * total < p_0 + ... + p_i and p_i > 0 (total = the
// column's sum; round-off goes to the last non-zero entry), never an index of probability 0. Throws
// std::domain_error naming the column and entry for a negative or NaN probability, or naming the column when
// every entry is 0; std::invalid_argument for columns with no entries. SIMD across the columns; S is float
// or double (categorical_batch.cpp).
#pragma once
#include "core/eigen_types.hpp"

namespace arbiter::core {

template <class S> void sample_inverse_cdf_columns(BatchCRef<S> probs, const double* uniforms, int* out);

}  // namespace arbiter::core
