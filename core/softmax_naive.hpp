// The wrong way, kept for teaching: the softmax exp(z_i) / sum_j exp(z_j) and log sum_j exp(z_j) WITHOUT the
// shift by the maximum, in float16 (Eigen::half), float and double, each operation in that type. A logit past
// log(largest finite) overflows exp to inf and the result is NaN (inf / inf); logits all below
// log(smallest subnormal / 2) underflow to 0 / 0 = NaN. Never use these for anything but showing that (the
// project's softmax is core/softmax.hpp); nothing here throws, NaN and inf come out as they arise.
// The limits are computed, not quoted: by bisection over the type's values, with these very functions.
#pragma once
#include <Eigen/Core>
#include "core/eigen_types.hpp"

namespace arbiter::core {

template <class S> Vector<S> naive_softmax(VectorCRef<S> logits);
template <class S> S naive_log_sum_exp(VectorCRef<S> logits);

// The largest logit x of type S for which naive_softmax of (x, 0) is finite (about 11.09, 88.72 and 709.78
// for float16, float32 and float64: log of the largest finite value, rounded down to S).
template <class S> double naive_softmax_overflow_limit();
// The most negative c of type S for which naive_softmax of (c, c) is finite (exp(c) still above 0: about
// -17.33, -103.97 and -745.13: log of half the smallest subnormal, below which exp rounds to 0).
template <class S> double naive_softmax_underflow_limit();

}  // namespace arbiter::core
