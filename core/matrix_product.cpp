// Checks, the choice of backend (once per process), the fixed blocks C is cut into for threads, the
// row-major forms (a row-major product is the column-major product of the transposes, B's first), and the
// portable copy of the product (Eigen as this build compiles it).
#include "core/matrix_product.hpp"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "core/input_error.hpp"
#include "core/matrix_product_kernels.hpp"
#include "core/parallel_for.hpp"

#define ARBITER_GEMM_BODY_NS portable
#include "core/matrix_product_body.hpp"

namespace arbiter::core {
namespace {

constexpr std::ptrdiff_t kBlock = 512;                       // columns (or rows) of C per block
constexpr double kBlockedWork = 1 << 22;                     // m n k from which C is cut into blocks
// k from which a wide B^T is moved to the left: below it Eigen's packing of B^T still finds its cache lines
// again (the classifier's k = 64 runs 9% faster without the move).
constexpr std::ptrdiff_t kTransposeDepth = 128;

// The default cap: AVX2 (the same bits on every AVX2 machine), AVX-512 only when ARBITER_GEMM asks for it.
MatrixProductBackend default_limit() {
  const char* env = std::getenv("ARBITER_GEMM");
  return env && std::strcmp(env, "avx512") == 0 ? MatrixProductBackend::avx512 : MatrixProductBackend::avx2;
}

std::atomic<int> g_limit{static_cast<int>(default_limit())};

MatrixProductBackend best_backend() {
  static const MatrixProductBackend best = [] {
#if ARBITER_GEMM_DISPATCH
    __builtin_cpu_init();
    MatrixProductBackend b = MatrixProductBackend::portable;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) b = MatrixProductBackend::avx2;
    if (b == MatrixProductBackend::avx2 && __builtin_cpu_supports("avx512f") &&
        __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl") &&
        __builtin_cpu_supports("avx512bw"))
      b = MatrixProductBackend::avx512;
    const char* avx2 = std::getenv("ARBITER_AVX2");
    if (avx2 && std::strcmp(avx2, "0") == 0) b = MatrixProductBackend::portable;
    if (const char* env = std::getenv("ARBITER_GEMM")) {
      if (std::strcmp(env, "portable") == 0) b = MatrixProductBackend::portable;
      else if (std::strcmp(env, "avx2") == 0) b = std::min(b, MatrixProductBackend::avx2);
    }
    return b;
#else
    return MatrixProductBackend::portable;
#endif
  }();
  return best;
}

std::string dims(std::ptrdiff_t r, std::ptrdiff_t c) { return std::to_string(r) + " x " + std::to_string(c); }

// The addresses [p, p + span) of a column-major rows x cols array with leading dimension ld.
struct Span {
  std::uintptr_t from, to;
};
template <class S> Span span(const S* p, std::ptrdiff_t rows, std::ptrdiff_t cols, std::ptrdiff_t ld) {
  const auto from = reinterpret_cast<std::uintptr_t>(p);
  if (rows == 0 || cols == 0) return {from, from};
  return {from, from + static_cast<std::uintptr_t>((cols - 1) * ld + rows) * sizeof(S)};
}
bool overlap(Span x, Span y) { return x.from < y.to && y.from < x.to; }

template <class S>
void check(Op op_a, Op op_b, std::ptrdiff_t m, std::ptrdiff_t n, std::ptrdiff_t k, const S* a, std::ptrdiff_t lda,
           const S* b, std::ptrdiff_t ldb, const S* c, std::ptrdiff_t ldc) {
  if (m < 0) throw ArgumentError("m", "a size >= 0", std::to_string(m));
  if (n < 0) throw ArgumentError("n", "a size >= 0", std::to_string(n));
  if (k < 0) throw ArgumentError("k", "a size >= 0", std::to_string(k));
  const std::ptrdiff_t a_rows = op_a == Op::none ? m : k, a_cols = op_a == Op::none ? k : m;
  const std::ptrdiff_t b_rows = op_b == Op::none ? k : n, b_cols = op_b == Op::none ? n : k;
  if (lda < std::max<std::ptrdiff_t>(a_rows, 1))
    throw ArgumentError("lda", ">= " + std::to_string(std::max<std::ptrdiff_t>(a_rows, 1)) + " (A is " +
                                   dims(a_rows, a_cols) + ")", std::to_string(lda));
  if (ldb < std::max<std::ptrdiff_t>(b_rows, 1))
    throw ArgumentError("ldb", ">= " + std::to_string(std::max<std::ptrdiff_t>(b_rows, 1)) + " (B is " +
                                   dims(b_rows, b_cols) + ")", std::to_string(ldb));
  if (ldc < std::max<std::ptrdiff_t>(m, 1))
    throw ArgumentError("ldc", ">= " + std::to_string(std::max<std::ptrdiff_t>(m, 1)) + " (C is " + dims(m, n) + ")",
                        std::to_string(ldc));
  const Span sc = span(c, m, n, ldc);
  if (overlap(sc, span(a, a_rows, a_cols, lda)))
    throw ArgumentError("C", "an array that does not overlap A", "C overlapping A");
  if (overlap(sc, span(b, b_rows, b_cols, ldb)))
    throw ArgumentError("C", "an array that does not overlap B", "C overlapping B");
}

template <class S>
void run(MatrixProductBackend backend, bool ta, bool tb, std::ptrdiff_t m, std::ptrdiff_t n, std::ptrdiff_t k,
         S alpha, const S* a, std::ptrdiff_t lda, const S* b, std::ptrdiff_t ldb, S beta, S* c, std::ptrdiff_t ldc) {
#if ARBITER_GEMM_DISPATCH
  if (backend == MatrixProductBackend::avx512)
    return gemm_kernels::avx512::gemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
  if (backend == MatrixProductBackend::avx2)
    return gemm_kernels::avx2::gemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
#else
  (void)backend;
#endif
  gemm_kernels::portable::gemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

// C = alpha T^T + beta C for C m x n (ldc) and T n x m (ldt), in tiles of 32 x 32.
template <class S>
void add_transposed(std::ptrdiff_t m, std::ptrdiff_t n, S alpha, const S* t, std::ptrdiff_t ldt, S beta, S* c,
                    std::ptrdiff_t ldc) {
  constexpr std::ptrdiff_t kTile = 32;
  for (std::ptrdiff_t j0 = 0; j0 < n; j0 += kTile)
    for (std::ptrdiff_t i0 = 0; i0 < m; i0 += kTile)
      for (std::ptrdiff_t j = j0; j < std::min(n, j0 + kTile); ++j)
        for (std::ptrdiff_t i = i0; i < std::min(m, i0 + kTile); ++i) {
          const S v = alpha * t[i * ldt + j];
          c[j * ldc + i] = beta == S(0) ? v : v + beta * c[j * ldc + i];
        }
}

}  // namespace

MatrixProductBackend matrix_product_backend() {
  return std::min(best_backend(), static_cast<MatrixProductBackend>(g_limit.load(std::memory_order_relaxed)));
}

void limit_matrix_product_backend(MatrixProductBackend limit) {
  g_limit.store(static_cast<int>(limit), std::memory_order_relaxed);
}

std::string matrix_product_backend_name(MatrixProductBackend backend) {
  switch (backend) {
    case MatrixProductBackend::avx2: return "avx2";
    case MatrixProductBackend::avx512: return "avx512";
    default: return "portable";
  }
}

template <class S>
void gemm(Op op_a, Op op_b, std::ptrdiff_t m, std::ptrdiff_t n, std::ptrdiff_t k, S alpha, const S* a,
          std::ptrdiff_t lda, const S* b, std::ptrdiff_t ldb, S beta, S* c, std::ptrdiff_t ldc, int threads) {
  check(op_a, op_b, m, n, k, a, lda, b, ldb, c, ldc);
  const MatrixProductBackend backend = matrix_product_backend();
  const bool ta = op_a == Op::transpose, tb = op_b == Op::transpose;
  if (tb && n > 2 * m && k >= kTransposeDepth && alpha != S(0)) {
    // Eigen packs a transposed right-hand side slowly (strided reads); when it is the larger operand,
    // compute C^T = op(B)^T op(A)^T (B untransposed, on the left) and add its transpose to C.
    std::vector<S> t(static_cast<std::size_t>(n * m));
    gemm<S>(Op::none, ta ? Op::none : Op::transpose, n, m, k, S(1), b, ldb, a, lda, S(0), t.data(),
            std::max<std::ptrdiff_t>(n, 1), threads);
    add_transposed<S>(m, n, alpha, t.data(), std::max<std::ptrdiff_t>(n, 1), beta, c, ldc);
    return;
  }
  const double work = static_cast<double>(m) * static_cast<double>(n) * static_cast<double>(k);
  const bool by_cols = n >= m;
  const std::ptrdiff_t cut = by_cols ? n : m;
  if (work < kBlockedWork || cut <= kBlock) return run(backend, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
  // Fixed blocks of C (a function of the shape only), each one product: the same bits at any thread count.
  const std::ptrdiff_t blocks = (cut + kBlock - 1) / kBlock;
  parallel_for(static_cast<std::size_t>(blocks), threads, [&](std::size_t i) {
    const std::ptrdiff_t from = static_cast<std::ptrdiff_t>(i) * kBlock, len = std::min(kBlock, cut - from);
    if (by_cols) {
      const S* bb = tb ? b + from : b + from * ldb;
      run(backend, ta, tb, m, len, k, alpha, a, lda, bb, ldb, beta, c + from * ldc, ldc);
    } else {
      const S* aa = ta ? a + from * lda : a + from;
      run(backend, ta, tb, len, n, k, alpha, aa, lda, b, ldb, beta, c + from, ldc);
    }
  });
}

template <class S>
void gemm_rows(Op op_a, Op op_b, std::ptrdiff_t m, std::ptrdiff_t n, std::ptrdiff_t k, S alpha, const S* a,
               std::ptrdiff_t lda, const S* b, std::ptrdiff_t ldb, S beta, S* c, std::ptrdiff_t ldc, int threads) {
  if (m < 0) throw ArgumentError("m", "a size >= 0", std::to_string(m));
  if (n < 0) throw ArgumentError("n", "a size >= 0", std::to_string(n));
  gemm<S>(op_b, op_a, n, m, k, alpha, b, ldb, a, lda, beta, c, ldc, threads);
}

template <class S>
void batch_product(BatchCRef<S> A, Op op_a, BatchCRef<S> B, Op op_b, S alpha, S beta, BatchRef<S> C, int threads) {
  const Eigen::Index m = op_a == Op::none ? A.rows() : A.cols(), k = op_a == Op::none ? A.cols() : A.rows();
  const Eigen::Index kb = op_b == Op::none ? B.rows() : B.cols(), n = op_b == Op::none ? B.cols() : B.rows();
  if (kb != k) throw ArgumentError("B", std::to_string(k) + " rows in op(B) (the columns of op(A))", dims(kb, n));
  if (C.rows() != m || C.cols() != n) throw ArgumentError("C", dims(m, n), dims(C.rows(), C.cols()));
  gemm_rows<S>(op_a, op_b, m, n, k, alpha, A.data(), std::max<Eigen::Index>(A.outerStride(), 1), B.data(),
               std::max<Eigen::Index>(B.outerStride(), 1), beta, C.data(), std::max<Eigen::Index>(C.outerStride(), 1),
               threads);
}

#define ARBITER_INSTANTIATE(S)                                                                                 \
  template void gemm<S>(Op, Op, std::ptrdiff_t, std::ptrdiff_t, std::ptrdiff_t, S, const S*, std::ptrdiff_t,    \
                        const S*, std::ptrdiff_t, S, S*, std::ptrdiff_t, int);                                 \
  template void gemm_rows<S>(Op, Op, std::ptrdiff_t, std::ptrdiff_t, std::ptrdiff_t, S, const S*, std::ptrdiff_t, \
                             const S*, std::ptrdiff_t, S, S*, std::ptrdiff_t, int);                            \
  template void batch_product<S>(BatchCRef<S>, Op, BatchCRef<S>, Op, S, S, BatchRef<S>, int);
ARBITER_INSTANTIATE(float)
ARBITER_INSTANTIATE(double)
#undef ARBITER_INSTANTIATE

}  // namespace arbiter::core
