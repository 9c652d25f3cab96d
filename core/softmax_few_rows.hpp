// The core's batched softmax for many distributions over few outcomes (a choice among k <= kFewRowsMax
// alternatives for each of many simulation draws): k rows of n columns, each row contiguous, column c one
// distribution. One pass over the columns in SIMD packets keeps a packet's k rows in registers: the maximum,
// exp(x - max) by the core's SIMD exponential, the sum in row order, one reciprocal and k products (the AVX2 +
// FMA copy of exp_kernels_avx2.hpp when the processor has both, its AVX-512 copy of softmax_few_rows_avx512.hpp
// on 8 or 16 lanes when it has AVX-512, with the AVX2 copy's bits). For double, column c gets exactly the bits
// softmax_columns gives it at T = 1; for float, within 4 ulp of them (the AVX2 copy fuses multiply-adds).
// Contract: 1 <= k <= kFewRowsMax (else std::invalid_argument naming k), n >= 0; out may be x (in place, the
// same stride); a column with a NaN or +inf logit, or with only -inf, throws softmax_columns' std::domain_error
// naming the column (out then holds unspecified numbers).
#pragma once
#include <cstddef>

namespace arbiter::core {

inline constexpr std::ptrdiff_t kFewRowsMax = 8;

// Row j of the logits at x + j * xs (n entries), of the probabilities at out + j * os.
template <class S>
void softmax_few_rows(const S* x, std::ptrdiff_t xs, S* out, std::ptrdiff_t os, std::ptrdiff_t k, std::ptrdiff_t n);

}  // namespace arbiter::core
