// x / T, the maximum m, exp(x_i - m) and their sum, the quotient: each rounded to half as Eigen's half
// arithmetic does (through float, one operation at a time).
#include "core/softmax_half.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace arbiter::core {
namespace {

using half = Eigen::half;

// x / T with the max, after the checks of the core's contract.
Vector<half> scaled(VectorCRef<half> logits, half T, half& max) {
  check_temperature(static_cast<double>(T));
  if (logits.size() == 0) throw std::invalid_argument("softmax: empty logits");
  Vector<half> x(logits.size());
  for (Eigen::Index i = 0; i < logits.size(); ++i) {
    if (!std::isfinite(static_cast<double>(logits[i])))
      throw std::domain_error("softmax: logit " + std::to_string(i) + " is " +
                              std::to_string(static_cast<double>(logits[i])));
    x[i] = std::isinf(static_cast<double>(T)) ? half(0) : half(logits[i] / T);
  }
  max = x[0];
  for (Eigen::Index i = 1; i < x.size(); ++i)
    if (x[i] > max) max = x[i];
  return x;
}

}  // namespace

template <> Vector<half> softmax<half>(VectorCRef<half> logits, half T) {
  half m;
  Vector<half> e = scaled(logits, T, m);
  half sum = half(0);
  for (Eigen::Index i = 0; i < e.size(); ++i) {
    e[i] = half(Eigen::numext::exp(half(e[i] - m)));
    sum = half(sum + e[i]);
  }
  for (Eigen::Index i = 0; i < e.size(); ++i) e[i] = half(e[i] / sum);
  return e;
}

template <> half log_sum_exp<half>(VectorCRef<half> logits, half T) {
  half m;
  const Vector<half> x = scaled(logits, T, m);
  half sum = half(0);
  for (Eigen::Index i = 0; i < x.size(); ++i) sum = half(sum + half(Eigen::numext::exp(half(x[i] - m))));
  return half(m + half(Eigen::numext::log(sum)));
}

}  // namespace arbiter::core
