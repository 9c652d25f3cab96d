// General matrix product C = alpha op(A) op(B) + beta C (BLAS's gemm) for float and double, column-major
// (gemm) or row-major (gemm_rows) arrays with leading dimensions, op = as stored or transposed. In a
// portable build it runs, chosen once per process, the AVX2 + FMA copy of Eigen's product when the processor
// has it (also on processors with AVX-512, so that every AVX2 machine computes the same bits and the figures
// docs/ quotes reproduce on any of them), else Eigen's product as the build compiled it. The AVX-512 copy runs
// only when asked (ARBITER_GEMM=avx512, or limit_matrix_product_backend(avx512)); ARBITER_GEMM=portable or
// ARBITER_AVX2=0 force the portable product; matrix_product_backend() says which runs. Results may differ
// between backends in the last bits (fused multiply-adds) but
// not with `threads`: C is cut into fixed blocks that depend only on the shape (threads <= 0: every core).
// beta = 0 ignores C's old contents (NaN there is not kept). C must not overlap A or B. Throws
// ArgumentError naming "m", "n", "k", "lda", "ldb", "ldc" or "C" for a negative size, a leading dimension
// too small for its matrix, or C overlapping an input.
#pragma once
#include <cstddef>
#include <string>

#include "core/eigen_types.hpp"

namespace arbiter::core {

enum class Op { none, transpose };

// Column-major: op(A) is m x k, op(B) is k x n, C is m x n; A holds op(A) (Op::none, lda >= m) or its
// transpose (Op::transpose, lda >= k); likewise B (ldb >= k or n); ldc >= m.
template <class S>
void gemm(Op op_a, Op op_b, std::ptrdiff_t m, std::ptrdiff_t n, std::ptrdiff_t k, S alpha, const S* a,
          std::ptrdiff_t lda, const S* b, std::ptrdiff_t ldb, S beta, S* c, std::ptrdiff_t ldc, int threads = 1);

// The same on row-major arrays (leading dimension = the distance between rows).
template <class S>
void gemm_rows(Op op_a, Op op_b, std::ptrdiff_t m, std::ptrdiff_t n, std::ptrdiff_t k, S alpha, const S* a,
               std::ptrdiff_t lda, const S* b, std::ptrdiff_t ldb, S beta, S* c, std::ptrdiff_t ldc,
               int threads = 1);

// C = alpha op(A) op(B) + beta C on row-major batches; C must already have the product's shape.
template <class S>
void batch_product(BatchCRef<S> A, Op op_a, BatchCRef<S> B, Op op_b, S alpha, S beta, BatchRef<S> C,
                   int threads = 1);

enum class MatrixProductBackend { portable, avx2, avx512 };

// The backend gemm runs now: the best the processor and build allow, at most the limit.
MatrixProductBackend matrix_product_backend();
// Caps the backend for the process (tests and benchmarks compare them): the best available up to `limit`
// (by default avx2, or avx512 with ARBITER_GEMM=avx512).
void limit_matrix_product_backend(MatrixProductBackend limit);
std::string matrix_product_backend_name(MatrixProductBackend backend);

}  // namespace arbiter::core
