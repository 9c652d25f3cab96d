#include "core/sparsemax.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/softmax.hpp"

namespace arbiter::core {

template <class S> Vector<S> sparsemax(VectorCRef<S> logits, S T) {
  check_temperature(T);
  const Eigen::Index n = logits.size();
  if (n == 0) throw std::invalid_argument("sparsemax: needs at least one logit");
  for (Eigen::Index i = 0; i < n; ++i)
    if (!std::isfinite(logits[i]))
      throw std::domain_error("sparsemax: logit " + std::to_string(i) + " is not a finite number");
  if (T == std::numeric_limits<S>::infinity()) return Vector<S>::Constant(n, S(1) / S(n));
  // Work relative to the maximum so tiny T and huge logits stay finite.
  const S m = logits.maxCoeff();
  std::vector<double> z(static_cast<std::size_t>(n));
  for (Eigen::Index i = 0; i < n; ++i) z[i] = (static_cast<double>(logits[i]) - m) / static_cast<double>(T);
  std::vector<double> sorted = z;
  std::sort(sorted.begin(), sorted.end(), std::greater<>());
  // Support size k: the largest k with 1 + k z_(k) > sum_{j<=k} z_(j); threshold tau = (sum - 1) / k.
  double cumulative = 0.0, tau = 0.0;
  for (std::size_t k = 1; k <= sorted.size(); ++k) {
    cumulative += sorted[k - 1];
    if (1.0 + static_cast<double>(k) * sorted[k - 1] > cumulative) tau = (cumulative - 1.0) / static_cast<double>(k);
  }
  Vector<S> p(n);
  for (Eigen::Index i = 0; i < n; ++i) p[i] = static_cast<S>(std::max(0.0, z[i] - tau));
  return p;
}

template Vector<float> sparsemax<float>(VectorCRef<float>, float);
template Vector<double> sparsemax<double>(VectorCRef<double>, double);

}  // namespace arbiter::core
