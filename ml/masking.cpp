// The three masking methods, each written as the computation a framework would run, so their backward passes
// are the ones autograd would give.
#include "ml/masking.hpp"

#include <cmath>
#include <limits>

#include "core/input_error.hpp"
#include "core/softmax.hpp"
#include "core/softmax_derivatives.hpp"

namespace arbiter::ml {
namespace {

void check(core::VectorCRef<double> logits, const core::Mask& mask) {
  if (mask.size() != logits.size())
    throw core::ArgumentError("mask", "one entry per logit (" + std::to_string(logits.size()) + ")",
                              std::to_string(mask.size()) + " entries");
  if (!mask.any()) throw core::ArgumentError("mask", "at least one allowed option", "every option forbidden");
}

core::Vector<double> with_minus_infinity(core::VectorCRef<double> logits, const core::Mask& mask) {
  core::Vector<double> x = logits;
  for (Eigen::Index i = 0; i < x.size(); ++i)
    if (!mask[i]) x[i] = -std::numeric_limits<double>::infinity();
  return x;
}

}  // namespace

std::string mask_method_name(MaskMethod m) {
  switch (m) {
    case MaskMethod::masked_softmax: return "masked_softmax";
    case MaskMethod::zero_after_softmax: return "zero_after_softmax";
    case MaskMethod::zero_and_renormalise: return "zero_and_renormalise";
  }
  return "?";
}

core::Vector<double> masked_probabilities(MaskMethod m, core::VectorCRef<double> logits, const core::Mask& mask) {
  check(logits, mask);
  if (m == MaskMethod::masked_softmax) return core::masked_softmax<double>(logits, mask);
  core::Vector<double> p = core::softmax<double>(logits);
  for (Eigen::Index i = 0; i < p.size(); ++i)
    if (!mask[i]) p[i] = 0.0;
  if (m == MaskMethod::zero_and_renormalise) p /= p.sum();
  return p;
}

core::Vector<double> masked_nll_gradient(MaskMethod m, core::VectorCRef<double> logits, const core::Mask& mask,
                                         int target) {
  check(logits, mask);
  if (target < 0 || target >= logits.size() || !mask[target])
    throw core::ArgumentError("target", "an allowed option in [0, " + std::to_string(logits.size() - 1) + "]",
                              std::to_string(target));
  switch (m) {
    case MaskMethod::masked_softmax:
      return core::cross_entropy_gradient<double>(with_minus_infinity(logits, mask), target);
    case MaskMethod::zero_after_softmax:
      return core::cross_entropy_gradient<double>(logits, target);
    case MaskMethod::zero_and_renormalise: {
      // p = softmax(z); r = p .* m; S = sum r; q = r / S; L = -log q_y.
      const core::Vector<double> p = core::softmax<double>(logits);
      double s = 0.0;
      for (Eigen::Index i = 0; i < p.size(); ++i)
        if (mask[i]) s += p[i];
      const double q_y = p[target] / s;
      // dL/dr_j = (dL/dq_j - sum_i dL/dq_i q_i) / S with dL/dq = -e_y / q_y; then dL/dp = m .* dL/dr.
      core::Vector<double> g = core::Vector<double>::Zero(p.size());
      for (Eigen::Index j = 0; j < p.size(); ++j)
        if (mask[j]) g[j] = ((j == target ? -1.0 / q_y : 0.0) + 1.0) / s;
      return core::softmax_jvp<double>(p, g);  // dL/dz = J^T dL/dp, J = diag(p) - p p^T
    }
  }
  return {};
}

MaskLeak mask_leak(MaskMethod m, core::VectorCRef<double> logits, const core::Mask& mask, int target) {
  const core::Vector<double> q = masked_probabilities(m, logits, mask);
  const core::Vector<double> g = masked_nll_gradient(m, logits, mask, target);
  const core::Vector<double> exact = core::masked_softmax<double>(logits, mask);
  MaskLeak leak;
  leak.failed = !q.allFinite() || !g.allFinite();
  double allowed = 0.0;
  for (Eigen::Index i = 0; i < q.size(); ++i) {
    if (mask[i]) {
      allowed += q[i];
      leak.allowed_error = std::max(leak.allowed_error, std::abs(q[i] - exact[i]));
    } else {
      leak.forbidden_gradient += std::abs(g[i]);
    }
  }
  leak.missing_mass = 1.0 - allowed;
  return leak;
}

}  // namespace arbiter::ml
