// The exact expectations of a softmax over n independent N(0, sigma^2) scores (the attention weights of one
// query when its scores are i.i.d. normal): E[max_i p_i], E[H(p)] (nats) and E[1 - sum_i p_i^2], the trace
// (nuclear) norm of the softmax Jacobian diag(p) - p p^T, which is positive semidefinite. Computed by
// quadrature of one-dimensional integrals (see softmax_of_normals.cpp) in about 0.1-0.5 s; accurate to about
// 1e-9 for sigma up to 64 (against the n = 2 closed forms). Throws core::ArgumentError for n < 1 ("keys n")
// or sigma < 0 or not finite ("sigma").
#pragma once

namespace arbiter::ml {

struct NormalSoftmaxExpectations {
  double max_weight = 0.0;           // E[max_i p_i], in [1/n, 1]
  double entropy = 0.0;              // E[-sum_i p_i log p_i], in [0, log n]
  double jacobian_trace_norm = 0.0;  // E[1 - sum_i p_i^2], in [0, 1 - 1/n]
  double log_partition = 0.0;        // E[log sum_i exp(s_i)]
  double total_weight = 0.0;         // n E[p_1]: 1 up to the quadrature error (a self-check)
};

NormalSoftmaxExpectations normal_softmax_expectations(int n, double sigma);

}  // namespace arbiter::ml
