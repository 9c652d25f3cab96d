// The score step of a softmax policy followed by its new softmax, for many policies at once stored entry-major
// (one distribution per column, as core::softmax_columns): given p = softmax of h's columns, each column c
// takes h(:, c) -= coef[c] p(:, c), then h(a[c], c) += coef[c] (h += coef (e_a - p), the log-softmax gradient
// step), and p becomes softmax_columns(h, T). The numbers are exactly those of the two steps written out (the
// product not fused with the subtraction; the softmax's arithmetic, lane for lane). Actions must lie in
// [0, k) (not checked). A column the softmax rejects throws what softmax_columns throws (h keeps its update).
#pragma once
#include "core/eigen_types.hpp"

namespace arbiter::core {

void score_step_softmax_columns(BatchRef<double> h, BatchRef<double> p, const int* actions, const double* coef,
                                double T);

}  // namespace arbiter::core
