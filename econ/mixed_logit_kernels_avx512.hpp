// AVX-512 copies of the mixed logit's AVX2 loops (mixed_logit_kernels.cpp): the utilities on 8 double or 16
// float lanes, the gradient's weighted sums with two sums in each register. Each copy gives its AVX2 copy's
// bits in double and in float (the same operations lane for lane, the sums in the same order), so the switch
// (core's kernels::avx512::enabled(), ARBITER_AVX512=0 turns it off) changes the time, not the numbers.
// Contract: as mixed_logit_kernels.hpp; only to be called when core::kernels::avx512::enabled(). Internal to
// econ/; x86 only.
#pragma once
#include <cstddef>

namespace arbiter::econ::kernels::avx512 {

// As kernels::utility_row.
template <class S, class Z>
void utility_row(S c, const S* a, const Z* const* src, int D, std::ptrdiff_t R, S* v);

// As kernels::weighted_sums for G <= 64, when at least one g[j] is not null (else false, nothing written: a
// lone sum has nothing to share a register with).
template <class S, class Z>
bool weighted_sums(const S* w, const S* p, const Z* const* g, int G, std::ptrdiff_t R, double* t);

}  // namespace arbiter::econ::kernels::avx512
