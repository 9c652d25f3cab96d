// The column-major products behind core::gemm (internal to core/): the same Eigen product compiled three
// times, portably (matrix_product.cpp), for AVX2 + FMA and for AVX-512 (matrix_product_avx2.cpp,
// matrix_product_avx512.cpp, where Eigen is renamed so its inline code cannot mix with the portable
// copy's). Arguments are checked by the caller; C does not overlap A or B.
#pragma once
#include <cstddef>

namespace arbiter::core::gemm_kernels {

#if defined(__x86_64__) && !defined(__AVX512F__)
#define ARBITER_GEMM_DISPATCH 1
#else
#define ARBITER_GEMM_DISPATCH 0
#endif

#define ARBITER_GEMM_DECLARE(ns)                                                                            \
  namespace ns {                                                                                            \
  void gemm(bool ta, bool tb, std::ptrdiff_t m, std::ptrdiff_t n, std::ptrdiff_t k, float alpha,            \
            const float* a, std::ptrdiff_t lda, const float* b, std::ptrdiff_t ldb, float beta, float* c,   \
            std::ptrdiff_t ldc);                                                                            \
  void gemm(bool ta, bool tb, std::ptrdiff_t m, std::ptrdiff_t n, std::ptrdiff_t k, double alpha,           \
            const double* a, std::ptrdiff_t lda, const double* b, std::ptrdiff_t ldb, double beta,          \
            double* c, std::ptrdiff_t ldc);                                                                 \
  }
ARBITER_GEMM_DECLARE(portable)
ARBITER_GEMM_DECLARE(avx2)
ARBITER_GEMM_DECLARE(avx512)
#undef ARBITER_GEMM_DECLARE

}  // namespace arbiter::core::gemm_kernels
