// The inner loops of the mixed logit's simulated likelihood over one unit's R draws (mixed_logit.cpp): a row of
// utilities from the draws, and the gradient's posterior-weighted sums over the draws. In a portable build on a
// processor with AVX2 and FMA (core's switch: ARBITER_AVX2=0 turns it off) they run AVX2 + FMA copies, which
// fuse the multiply-adds and sum in other orders (results differ in the last bits, never with the threads); on
// a processor with AVX-512 the utilities run an AVX-512 copy with the AVX2 copy's bits
// (mixed_logit_kernels_avx512.hpp; ARBITER_AVX512=0 turns it off).
// Contract: R >= 0; the pointers hold R entries each; nothing throws.
#pragma once
#include <cstddef>

namespace arbiter::econ::kernels {

// v[r] = c + sum_d a[d] src[d][r] for r < R (D >= 0 sources; Z is S, or float draws for double utilities).
template <class S, class Z>
void utility_row(S c, const S* a, const Z* const* src, int D, std::ptrdiff_t R, S* v);

// t[0] = sum_r w[r] p[r] and t[1 + j] = sum_r w[r] p[r] g[j][r] for j < G (g[j] null: the same as t[0]; Z as
// above).
template <class S, class Z>
void weighted_sums(const S* w, const S* p, const Z* const* g, int G, std::ptrdiff_t R, double* t);

// *sum = sum_r p[r] and *min = min_r p[r], in double, in one pass.
template <class S>
void sum_and_min(const S* p, std::ptrdiff_t R, double* sum, double* min);

}  // namespace arbiter::econ::kernels
