// core::gemm's AVX2 + FMA copy: this file alone is compiled with -mavx2 -mfma (core/CMakeLists.txt). Eigen
// is renamed EigenAvx2 here, so every inline function and template it instantiates has its own symbol and
// none can stand in for the portable copy's (tests/core/matrix_product_symbols.sh checks with nm).
#include "core/matrix_product_kernels.hpp"

#if defined(__x86_64__)
#define Eigen EigenAvx2
#include <Eigen/Core>
#define ARBITER_GEMM_BODY_NS avx2
#include "core/matrix_product_body.hpp"
#endif
