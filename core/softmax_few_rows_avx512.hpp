// AVX-512 copies of softmax_few_rows' packet loop (exp_kernels_avx2.hpp's avx2::softmax_few_rows), 8 double or
// 16 float columns at a time: every lane goes through its AVX2 copy's operations, so each column gets the AVX2
// copy's bits in double and in float. Dispatched by kernels::avx512::enabled() (lane_kernels_avx512.hpp:
// ARBITER_AVX512=0 turns it off). Internal to core/; x86 only.
#pragma once
#include <cstddef>

namespace arbiter::core::kernels::avx512 {

// As avx2::softmax_few_rows (1 <= k <= 8 rows, n >= 0 columns, in place allowed): false at the first packet of
// columns with a sum that is not finite (that packet left unstored). Only to be called when enabled().
bool softmax_few_rows(const float* x, std::ptrdiff_t xs, float* out, std::ptrdiff_t os, std::ptrdiff_t k,
                      std::ptrdiff_t n);
bool softmax_few_rows(const double* x, std::ptrdiff_t xs, double* out, std::ptrdiff_t os, std::ptrdiff_t k,
                      std::ptrdiff_t n);

}  // namespace arbiter::core::kernels::avx512
