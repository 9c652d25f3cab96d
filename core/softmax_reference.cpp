#include "core/softmax_reference.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace arbiter::core {

ReferenceSoftmax reference_softmax(const std::vector<double>& logits) {
  if (logits.empty()) throw std::invalid_argument("reference_softmax: empty logits");
  for (std::size_t i = 0; i < logits.size(); ++i)
    if (!std::isfinite(logits[i]))
      throw std::domain_error("reference_softmax: logit " + std::to_string(i) + " is " + std::to_string(logits[i]));
  const long double m = *std::max_element(logits.begin(), logits.end());
  ReferenceSoftmax r;
  r.probabilities.resize(logits.size());
  long double sum = 0.0L;
  for (std::size_t i = 0; i < logits.size(); ++i)
    sum += r.probabilities[i] = std::exp(static_cast<long double>(logits[i]) - m);
  for (auto& p : r.probabilities) p /= sum;
  r.log_z = m + std::log(sum);
  return r;
}

}  // namespace arbiter::core
