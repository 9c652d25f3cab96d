// Three ways to keep a softmax off forbidden options: the masked softmax done right (the core's: forbidden
// logits set to -inf before normalising), and the two wrong ways, zeroing the probabilities after a full
// softmax with or without renormalising. For each: the distribution it gives, the gradient of -log q_y (y
// allowed) with respect to the logits as backpropagation through that computation gives it, and what leaks:
// the probability missing from the allowed options, the gradient reaching forbidden logits, and failures (a
// non-finite output, as when every allowed probability underflows before the renormalisation).
// Throws core::ArgumentError naming "mask" (wrong size, nothing allowed) or "target" (forbidden or out of range).
#pragma once
#include <string>
#include "core/eigen_types.hpp"

namespace arbiter::ml {

enum class MaskMethod { masked_softmax, zero_after_softmax, zero_and_renormalise };
inline constexpr MaskMethod kMaskMethods[] = {MaskMethod::masked_softmax, MaskMethod::zero_after_softmax,
                                              MaskMethod::zero_and_renormalise};
std::string mask_method_name(MaskMethod m);  // "masked_softmax", "zero_after_softmax", "zero_and_renormalise"

// The distribution over the options (forbidden ones exactly 0 in all three; it sums to less than 1 for
// zero_after_softmax, and is NaN where zero_and_renormalise divides 0 by 0).
core::Vector<double> masked_probabilities(MaskMethod m, core::VectorCRef<double> logits, const core::Mask& mask);

// d(-log q_target)/d logits through the method: masked_softmax q - e_y with exact zeros on forbidden logits;
// zero_after_softmax p - e_y of the full softmax (p_j on a forbidden logit); zero_and_renormalise the chain
// rule through q = (p .* m) / sum(p .* m) and the core's softmax Jacobian (0 on forbidden logits only up to
// rounding).
core::Vector<double> masked_nll_gradient(MaskMethod m, core::VectorCRef<double> logits, const core::Mask& mask,
                                         int target);

// What one logit vector leaks under a method.
struct MaskLeak {
  double missing_mass = 0.0;        // 1 - sum of the probabilities on the allowed options
  double forbidden_gradient = 0.0;  // sum over forbidden logits of |gradient|
  double allowed_error = 0.0;       // max over allowed options of |q_j - masked_softmax_j|
  bool failed = false;              // some probability or gradient entry is not finite
};
MaskLeak mask_leak(MaskMethod m, core::VectorCRef<double> logits, const core::Mask& mask, int target);

}  // namespace arbiter::ml
