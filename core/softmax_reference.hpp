// A reference softmax and log-sum-exp in long double (x86's 80-bit extended type, a 64-bit significand), with
// the maximum subtracted: the yardstick for the rounding error of a float16, float or double softmax. Same
// contract as core/softmax.hpp at T = 1 for finite logits (an empty list, a NaN or an infinite logit throws
// std::invalid_argument / std::domain_error naming the index).
#pragma once
#include <vector>

namespace arbiter::core {

struct ReferenceSoftmax {
  std::vector<long double> probabilities;
  long double log_z = 0.0L;  // log sum_i exp(x_i)
};

ReferenceSoftmax reference_softmax(const std::vector<double>& logits);

}  // namespace arbiter::core
