// Sparsemax (Martins & Astudillo 2016): the Euclidean projection of x / T onto the probability simplex.
// Like softmax it sums to 1, but low logits get probability exactly 0. Same temperature and NaN contract
// as softmax.hpp.
#pragma once
#include "core/eigen_types.hpp"

namespace arbiter::core {

template <class S> Vector<S> sparsemax(VectorCRef<S> logits, S T = S(1));

}  // namespace arbiter::core
