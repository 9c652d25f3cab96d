// The inner loops of the mixed logit's simulated likelihood over one unit's R draws (mixed_logit.cpp): a row of
// utilities from the draws, and the gradient's posterior-weighted sums over the draws. In a portable build on a
// processor with AVX2 and FMA (core's switch: ARBITER_AVX2=0 turns it off) they run AVX2 + FMA copies, which
// fuse the multiply-adds and sum in other orders (results differ in the last bits, never with the threads); on
// a processor with AVX-512 the utilities and weighted sums run AVX-512 copies with the AVX2 copies' bits
// (mixed_logit_kernels_avx512.hpp; ARBITER_AVX512=0 turns them off).
// Contract: R >= 0; the pointers hold R entries each; nothing throws.
#pragma once
#include <cmath>
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

namespace detail {
// A weighted sum's term past the SIMD copies' last packet, added to s: u z and s fused in double (spelt out, so
// that no compiler's choice of contraction decides the bits), u z rounded to float and added in float's case.
inline double ragged_term(double u, double z, double s) { return std::fma(u, z, s); }
inline double ragged_term(float u, float z, double s) { return s + static_cast<double>(u * z); }
}  // namespace detail

}  // namespace arbiter::econ::kernels
