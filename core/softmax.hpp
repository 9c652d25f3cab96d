// The softmax family: softmax, log-softmax, log-sum-exp and sigmoid at a temperature T, for float and double,
// on one vector or row-wise on a batch. Contract: T > 0 (T = +inf is allowed and gives the uniform
// distribution; tiny T approaches argmax with ties split evenly); T <= 0 or NaN throws std::invalid_argument.
// Finite logits of any magnitude give finite probabilities summing to 1; a NaN or infinite logit throws
// std::domain_error naming its index (-inf is allowed: probability 0). Masked entries (mask false) get probability exactly 0; a fully masked
// row throws std::domain_error.
#pragma once
#include <cstdint>
#include "core/eigen_types.hpp"

namespace arbiter::core {

// Throws std::invalid_argument unless T > 0 (T may be +inf).
void check_temperature(double T);

// p_i = exp(x_i / T) / sum_j exp(x_j / T), computed with the maximum subtracted.
template <class S> void softmax(VectorCRef<S> logits, VectorRef<S> out, S T = S(1));
template <class S> Vector<S> softmax(VectorCRef<S> logits, S T = S(1));
template <class S> void softmax_rows(BatchCRef<S> logits, BatchRef<S> out, S T = S(1));
template <class S> Batch<S> softmax_rows(BatchCRef<S> logits, S T = S(1));

// Softmax of each of the consecutive segments of one array (ragged rows, e.g. the choice sets of many
// consumers): segment s is [offsets[s] - offsets[0], offsets[s + 1] - offsets[0]) of logits (offsets has
// segments + 1 entries, non-decreasing; logits has offsets[segments] - offsets[0] entries). The exponentials
// of all segments are taken in one vectorised pass, so many short segments cost what one long softmax does.
// Each segment follows the softmax contract (-inf: probability exactly 0; an empty segment, or one of only
// -inf, NaN or +inf throws). log_z, when given, receives each segment's log sum_j exp(x_j / T).
template <class S>
void softmax_segments(VectorCRef<S> logits, const std::int64_t* offsets, Eigen::Index segments, VectorRef<S> out,
                      S T = S(1), S* log_z = nullptr);

// Softmax of each column of a batch: column c (entries (0, c) .. (k - 1, c)) is one distribution. Many short
// distributions stored entry-major (entry j of every distribution in one row) are taken SIMD across the
// distributions. Column c gets exactly the numbers softmax_segments gives for it as a segment, whatever the
// other columns and however many there are. Each column follows the softmax contract (the error names the
// column); a batch with columns but no rows throws std::invalid_argument.
template <class S> void softmax_columns(BatchCRef<S> logits, BatchRef<S> out, S T = S(1));

// log p_i = x_i / T - log sum_j exp(x_j / T).
template <class S> Vector<S> log_softmax(VectorCRef<S> logits, S T = S(1));
template <class S> Batch<S> log_softmax_rows(BatchCRef<S> logits, S T = S(1));

// log sum_i exp(x_i / T): the log partition function of the logits at temperature T.
template <class S> S log_sum_exp(VectorCRef<S> logits, S T = S(1));
template <class S> Vector<S> log_sum_exp_rows(BatchCRef<S> logits, S T = S(1));

// Masked variants: entries with mask false are excluded (probability exactly 0, log-probability -inf).
template <class S> Vector<S> masked_softmax(VectorCRef<S> logits, const Mask& mask, S T = S(1));
template <class S> Vector<S> masked_log_softmax(VectorCRef<S> logits, const Mask& mask, S T = S(1));
template <class S> S masked_log_sum_exp(VectorCRef<S> logits, const Mask& mask, S T = S(1));

// Independent logistic sigmoids 1 / (1 + exp(-x_i / T)), each in [0, 1] (the two-class softmax).
template <class S> Vector<S> sigmoid(VectorCRef<S> logits, S T = S(1));
double sigmoid(double x);

// exp(-beta * delta_e): a Boltzmann factor, the relative weight of a state delta_e above another.
double boltzmann_factor(double delta_e, double beta);

// The T -> 0 limit: 1/k on each of the k maximal logits, 0 elsewhere.
template <class S> Vector<S> argmax_distribution(VectorCRef<S> logits);

}  // namespace arbiter::core
