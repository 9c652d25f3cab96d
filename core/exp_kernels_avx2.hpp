// AVX2 + FMA versions of core's SIMD loops (the float loops of exp_kernels.hpp, and the lane-wise double
// loops the bandit runs: the double exponential, the polar method's logarithm of random_stream.cpp and the
// columns draw of categorical_batch.cpp), for builds without -mavx2 -mfma (the portable default) on
// processors that have both: the same arithmetic, operation for operation, as the Eigen packets of a native
// build (fused multiply-adds where Eigen's pmadd fuses), so both builds give the same bits. Setting the
// environment variable ARBITER_AVX2=0 turns them off for a process (the portable build's Eigen SSE2 bits,
// without fused multiply-adds). Internal to core/; x86 only.
#pragma once
#include <cstddef>

#if (defined(__x86_64__) || defined(__i386__)) && !(defined(__AVX2__) && defined(__FMA__))
#define ARBITER_AVX2_DISPATCH 1
#else
#define ARBITER_AVX2_DISPATCH 0
#endif

namespace arbiter::core::kernels::avx2 {

// True when this build has the AVX2 loops (x86 without -mavx2 -mfma) and the processor runs them, unless
// ARBITER_AVX2=0 is set or allow(false) turned them off (for tests and benchmarks that compare both paths).
bool enabled();
void allow(bool on);

// As Packets<float>::max, ::exp_pass (its template flags as arguments) and ::scale of exp_kernels.hpp, and
// the aligned part of ::stream_scaled. A streamed out must be aligned to 32 bytes. Only to be called when
// enabled().
float max(const float* x, std::ptrdiff_t n);
float exp_pass(const float* x, std::ptrdiff_t n, float shift, float scale, float* out, float mult, float* max_out,
               bool store, bool with_max, bool stream);
void scale(float* out, std::ptrdiff_t n, float mult);
void stream_scaled(const float* x, std::ptrdiff_t n, float mult, float* out);

// As Packets<double>::shifted_exp_lanes and ::exp_inplace of exp_kernels.hpp (lane-wise: each entry's bits
// do not depend on the packet width).
void shifted_exp_lanes(const double* x, std::ptrdiff_t xs, double* out, std::ptrdiff_t os, std::ptrdiff_t k,
                       std::ptrdiff_t len, const double* m, double inv, double* sum);
void exp_inplace(double* x, std::ptrdiff_t n);
// As Packets<double>::max_lanes and ::scale_lanes (exact: the same bits at any width).
void max_lanes(const double* x, std::ptrdiff_t xs, std::ptrdiff_t k, std::ptrdiff_t len, double* m);
void scale_lanes(double* out, std::ptrdiff_t os, std::ptrdiff_t k, std::ptrdiff_t len, double* sum);
// As softmax_few_rows.cpp's packet loop (1 <= k <= 8 rows, n >= 0 columns, in place allowed): false at the first
// packet of columns with a sum that is not finite (that packet left unstored).
bool softmax_few_rows(const float* x, std::ptrdiff_t xs, float* out, std::ptrdiff_t os, std::ptrdiff_t k,
                      std::ptrdiff_t n);
bool softmax_few_rows(const double* x, std::ptrdiff_t xs, double* out, std::ptrdiff_t os, std::ptrdiff_t k,
                      std::ptrdiff_t n);
// As detail::logs_inplace of random_stream.cpp (n >= 0; a ragged end padded with 1).
void logs_inplace(double* s, std::ptrdiff_t n);
// f[i] = sqrt(-2 log s[i] / s[i]) with that logarithm: the polar method's factor, as RandomStream::normals
// computes it (n >= 0).
void polar_factors(const double* s, double* f, std::ptrdiff_t n);
// As the packet draw of sample_inverse_cdf_columns<double> (categorical_batch.cpp) on columns [0, n) in
// packets of 4: returns the first column not drawn (n rounded down to 4, or the first packet holding a
// column with a negative or NaN entry or no positive one, left for the caller to report).
std::ptrdiff_t draw_columns(const double* p, std::ptrdiff_t k, std::ptrdiff_t stride, const double* u, int* out,
                            std::ptrdiff_t n);

}  // namespace arbiter::core::kernels::avx2
