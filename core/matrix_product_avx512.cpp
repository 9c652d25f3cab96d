// core::gemm's AVX-512 copy: this file alone is compiled with -mavx512f -mavx512dq -mavx512vl -mavx512bw
// -mavx2 -mfma (core/CMakeLists.txt). Eigen is renamed EigenAvx512 here, so every inline function and
// template it instantiates has its own symbol (tests/core/matrix_product_symbols.sh checks with nm).
#include "core/matrix_product_kernels.hpp"

#if defined(__x86_64__)
#define Eigen EigenAvx512
#include <Eigen/Core>
#define ARBITER_GEMM_BODY_NS avx512
#include "core/matrix_product_body.hpp"
#endif
