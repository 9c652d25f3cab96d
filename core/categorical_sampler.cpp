#include "core/categorical_sampler.hpp"

#include <limits>
#include <stdexcept>
#include <string>

#include "core/softmax.hpp"

namespace arbiter::core {

namespace detail {

template <class S>
int inverse_cdf_draw(const S* p, Eigen::Index n, Eigen::Index stride, double u, const char* what, Eigen::Index column) {
  auto fail = [&](const std::string& message) {
    throw std::domain_error(std::string(what) + ": " + (column >= 0 ? "column " + std::to_string(column) + ", " : "") +
                            message);
  };
  double total = 0.0;
  int last_positive = -1;
  for (Eigen::Index i = 0; i < n; ++i) {
    const S pi = p[i * stride];
    if (!(pi >= S(0))) fail("probability " + std::to_string(i) + " is negative or NaN");
    total += static_cast<double>(pi);
    if (pi > S(0)) last_positive = static_cast<int>(i);
  }
  if (last_positive < 0) fail("every probability is 0");
  const double target = u * total;
  double cumulative = 0.0;
  for (Eigen::Index i = 0; i < n; ++i) {
    cumulative += static_cast<double>(p[i * stride]);
    if (target < cumulative && p[i * stride] > S(0)) return static_cast<int>(i);
  }
  return last_positive;
}

}  // namespace detail

template <class S> int sample_inverse_cdf(VectorCRef<S> probs, RandomStream& rng) {
  const Eigen::Index n = probs.size();
  if (n == 0) throw std::invalid_argument("sample_inverse_cdf: empty distribution");
  return detail::inverse_cdf_draw(probs.data(), n, 1, rng.uniform(), "sample_inverse_cdf");
}

template <class S> int sample_gumbel_max(VectorCRef<S> logits, RandomStream& rng, S T) {
  check_temperature(T);
  if (logits.size() == 0) throw std::invalid_argument("sample_gumbel_max: no logits");
  int best = -1;
  double best_value = -std::numeric_limits<double>::infinity();
  for (Eigen::Index i = 0; i < logits.size(); ++i) {
    const double x = static_cast<double>(logits[i]);
    if (std::isnan(x) || x == std::numeric_limits<double>::infinity())
      throw std::domain_error("sample_gumbel_max: logit " + std::to_string(i) + " is not finite");
    if (x == -std::numeric_limits<double>::infinity()) continue;
    const double g = rng.gumbel();
    const double v = (T == std::numeric_limits<S>::infinity()) ? g : x / static_cast<double>(T) + g;
    if (best < 0 || v > best_value) {
      best = static_cast<int>(i);
      best_value = v;
    }
  }
  if (best < 0) throw std::domain_error("sample_gumbel_max: every logit is -inf");
  return best;
}

template <class S> int sample_gumbel_max(VectorCRef<S> logits, const Mask& mask, RandomStream& rng, S T) {
  if (mask.size() != logits.size()) throw std::invalid_argument("sample_gumbel_max: mask size differs");
  if (!mask.any()) throw std::domain_error("sample_gumbel_max: every entry is masked out");
  Vector<S> x = logits;
  for (Eigen::Index i = 0; i < x.size(); ++i)
    if (!mask[i]) x[i] = -std::numeric_limits<S>::infinity();
  return sample_gumbel_max<S>(x, rng, T);
}

template <class S> int sample_softmax(VectorCRef<S> logits, RandomStream& rng, S T) {
  const Vector<S> p = softmax<S>(logits, T);
  return sample_inverse_cdf<S>(p, rng);
}

#define ARBITER_INSTANTIATE(S)                                                      \
  template int detail::inverse_cdf_draw<S>(const S*, Eigen::Index, Eigen::Index, double, const char*, Eigen::Index); \
  template int sample_inverse_cdf<S>(VectorCRef<S>, RandomStream&);                 \
  template int sample_gumbel_max<S>(VectorCRef<S>, RandomStream&, S);               \
  template int sample_gumbel_max<S>(VectorCRef<S>, const Mask&, RandomStream&, S);  \
  template int sample_softmax<S>(VectorCRef<S>, RandomStream&, S);
ARBITER_INSTANTIATE(float)
ARBITER_INSTANTIATE(double)
#undef ARBITER_INSTANTIATE

}  // namespace arbiter::core
