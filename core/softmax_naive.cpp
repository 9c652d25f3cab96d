// Each operation in S, one scalar at a time (std::exp for float and double: Eigen's vectorised exp clamps its
// argument and would hide the underflow); for Eigen::half every exp, sum and quotient is rounded to half.
#include "core/softmax_naive.hpp"

#include <cmath>

namespace arbiter::core {
namespace {

template <class S> bool all_finite(const Vector<S>& v) {
  for (Eigen::Index i = 0; i < v.size(); ++i)
    if (!std::isfinite(static_cast<double>(v[i]))) return false;
  return true;
}

template <class S> bool survives(double a, double b) {
  Vector<S> z(2);
  z << S(a), S(b);
  return all_finite<S>(naive_softmax<S>(z));
}

// The boundary between x where ok(S(x)) and x where not, by bisection on doubles; returns the last S value
// that was ok. ok must hold at `good` and fail at `bad`, and change once between them.
template <class S, class Ok> double boundary(double good, double bad, Ok ok) {
  for (int i = 0; i < 200; ++i) {
    const double mid = 0.5 * (good + bad);
    if (mid == good || mid == bad) break;
    (ok(static_cast<double>(S(mid))) ? good : bad) = mid;
  }
  return static_cast<double>(S(good));
}

}  // namespace

template <class S> Vector<S> naive_softmax(VectorCRef<S> logits) {
  Vector<S> e(logits.size());
  for (Eigen::Index i = 0; i < e.size(); ++i) e[i] = S(Eigen::numext::exp(logits[i]));
  S sum = S(0);
  for (Eigen::Index i = 0; i < e.size(); ++i) sum = sum + e[i];
  Vector<S> p(e.size());
  for (Eigen::Index i = 0; i < e.size(); ++i) p[i] = e[i] / sum;
  return p;
}

template <class S> S naive_log_sum_exp(VectorCRef<S> logits) {
  S sum = S(0);
  for (Eigen::Index i = 0; i < logits.size(); ++i) sum = sum + S(Eigen::numext::exp(logits[i]));
  return S(Eigen::numext::log(sum));
}

template <class S> double naive_softmax_overflow_limit() {
  return boundary<S>(0.0, 1e4, [](double x) { return survives<S>(x, 0.0); });
}

template <class S> double naive_softmax_underflow_limit() {
  return boundary<S>(0.0, -1e4, [](double c) { return survives<S>(c, c); });
}

#define ARBITER_INSTANTIATE(S)                                 \
  template Vector<S> naive_softmax<S>(VectorCRef<S>);          \
  template S naive_log_sum_exp<S>(VectorCRef<S>);              \
  template double naive_softmax_overflow_limit<S>();           \
  template double naive_softmax_underflow_limit<S>();
ARBITER_INSTANTIATE(Eigen::half)
ARBITER_INSTANTIATE(float)
ARBITER_INSTANTIATE(double)
#undef ARBITER_INSTANTIATE

}  // namespace arbiter::core
