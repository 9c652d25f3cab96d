// AVX2 + FMA versions of the float loops of exp_kernels.hpp, for builds without -mavx2 -mfma (the portable
// default) on processors that have both: the same arithmetic, operation for operation, as the Eigen packets
// of a native build, so both builds give the same bits. Internal to core/; x86 only.
#pragma once
#include <cstddef>

#if (defined(__x86_64__) || defined(__i386__)) && !(defined(__AVX2__) && defined(__FMA__))
#define ARBITER_AVX2_DISPATCH 1
#else
#define ARBITER_AVX2_DISPATCH 0
#endif

namespace arbiter::core::kernels::avx2 {

// True when this build has the AVX2 loops (x86 without -mavx2 -mfma) and the processor runs them, unless
// allow(false) turned them off (for tests and benchmarks that compare both paths).
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

}  // namespace arbiter::core::kernels::avx2
