// The AVX-512 copy of the mixed logit's utility loop (mixed_logit_kernels.cpp's AVX2 copy on 8 double or 16
// float lanes), with the AVX2 copy's bits in double and in float: the switch (core's kernels::avx512::enabled(),
// ARBITER_AVX512=0 turns it off) changes the time, not the numbers. The weighted sums and sum_and_min have no
// AVX-512 copy: their AVX2 order (lane l of 4 doubles or 8 floats adds r = l, l + L, ... in turn) is a chain per
// lane that no width shortens, and two sums to a 512-bit register measured slower than AVX2 here.
// Contract: as kernels::utility_row (mixed_logit_kernels.hpp); only to be called when
// core::kernels::avx512::enabled(). Internal to econ/; x86 only.
#pragma once
#include <cstddef>

namespace arbiter::econ::kernels::avx512 {

// As kernels::utility_row: v[r] = c + sum_d a[d] src[d][r] for r < R.
template <class S, class Z>
void utility_row(S c, const S* a, const Z* const* src, int D, std::ptrdiff_t R, S* v);

}  // namespace arbiter::econ::kernels::avx512
