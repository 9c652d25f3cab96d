// The core's softmax and log-sum-exp in float16 (Eigen::half), every operation rounded to half: the maximum
// subtracted first, so logits of any finite half magnitude give finite probabilities summing to 1 (to half
// precision, about 1e-3). Explicit specialisations of the templates in core/softmax.hpp, with their contract
// (NaN or infinite logits throw std::domain_error naming the index, T <= 0 throws std::invalid_argument);
// include this header wherever the half versions are used.
#pragma once
#include <Eigen/Core>
#include "core/softmax.hpp"

namespace arbiter::core {

template <> Vector<Eigen::half> softmax<Eigen::half>(VectorCRef<Eigen::half> logits, Eigen::half T);
template <> Eigen::half log_sum_exp<Eigen::half>(VectorCRef<Eigen::half> logits, Eigen::half T);

}  // namespace arbiter::core
