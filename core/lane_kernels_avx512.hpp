// AVX-512 copies of core's lane-wise double loops (the ones the bandit runs: exp_kernels.hpp's
// shifted_exp_lanes, max_lanes and scale_lanes, the polar factors of random_stream.cpp, the columns draw of
// categorical_batch.cpp, and those loops fused with the score step of softmax_score_step.cpp), 8 lanes at a
// time, for builds without -mavx512f on processors that have it. Every lane goes through the arithmetic of its
// exp_kernels_avx2.cpp copy (the same fused multiply-adds, the same roundings), so a lane's bits do not depend
// on which copy ran; a ragged end goes to the AVX2 copy. enabled() implies avx2::enabled(); ARBITER_AVX512=0
// (or allow(false)) turns these off for a process. Internal to core/; x86 only.
#pragma once
#include <cstddef>
#include <cstdint>

#include "core/exp_kernels_avx2.hpp"

namespace arbiter::core::kernels::avx512 {

// True when avx2::enabled() and the processor has AVX-512F and DQ, unless ARBITER_AVX512=0 is set or
// allow(false) turned them off.
bool enabled();
void allow(bool on);

// As their avx2:: namesakes (exp_kernels_avx2.hpp), same arguments and bits. Only to be called when enabled().
void shifted_exp_lanes(const double* x, std::ptrdiff_t xs, double* out, std::ptrdiff_t os, std::ptrdiff_t k,
                       std::ptrdiff_t len, const double* m, double inv, double* sum);
void max_lanes(const double* x, std::ptrdiff_t xs, std::ptrdiff_t k, std::ptrdiff_t len, double* m);
void scale_lanes(double* out, std::ptrdiff_t os, std::ptrdiff_t k, std::ptrdiff_t len, double* sum);
void polar_factors(const double* s, double* f, std::ptrdiff_t n);
std::ptrdiff_t draw_columns(const double* p, std::ptrdiff_t k, std::ptrdiff_t stride, const double* u, int* out,
                            std::ptrdiff_t n);
// out[i] = RandomStream::uniform() of the xoshiro256** stream whose words are s0[i] .. s3[i] (advanced one
// step), for i in [0, n - n % 8): returns the streams done.
std::ptrdiff_t uniforms(std::uint64_t* s0, std::uint64_t* s1, std::uint64_t* s2, std::uint64_t* s3, std::ptrdiff_t n,
                        double* out);
// score_step_softmax_columns (softmax_score_step.hpp) on the columns [0, n - n % 8) of h and p (rows at
// h + j * hs, p + j * ps), with inv = 1 / T: returns the columns done. On a packet whose softmax fails (a
// maximum or a sum not finite) sets *failed and returns the end of that packet (its h updated, its p not).
std::ptrdiff_t score_step_softmax_lanes(double* h, std::ptrdiff_t hs, double* p, std::ptrdiff_t ps, std::ptrdiff_t k,
                                        std::ptrdiff_t n, const int* actions, const double* coef, double inv,
                                        bool* failed);

}  // namespace arbiter::core::kernels::avx512
