// The body of one gemm_kernels copy (included once by each of matrix_product*.cpp, inside its namespace,
// with Eigen/Core already included under whatever name that file gave it).
#ifndef ARBITER_GEMM_BODY_NS
#error "define ARBITER_GEMM_BODY_NS before including matrix_product_body.hpp"
#endif

namespace arbiter::core::gemm_kernels::ARBITER_GEMM_BODY_NS {
namespace {

template <class S>
void product(bool ta, bool tb, std::ptrdiff_t m, std::ptrdiff_t n, std::ptrdiff_t k, S alpha, const S* a,
             std::ptrdiff_t lda, const S* b, std::ptrdiff_t ldb, S beta, S* c, std::ptrdiff_t ldc) {
  using Mat = Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic>;
  using Stride = Eigen::OuterStride<>;
  Eigen::Map<Mat, 0, Stride> C(c, m, n, Stride(ldc));
  if (beta == S(0)) C.setZero();
  else if (beta != S(1)) C *= beta;
  if (k == 0 || m == 0 || n == 0 || alpha == S(0)) return;
  const Eigen::Map<const Mat, 0, Stride> A(a, ta ? k : m, ta ? m : k, Stride(lda));
  const Eigen::Map<const Mat, 0, Stride> B(b, tb ? n : k, tb ? k : n, Stride(ldb));
  if (!ta && !tb) C.noalias() += alpha * A * B;
  else if (ta && !tb) C.noalias() += alpha * A.transpose() * B;
  else if (!ta && tb) C.noalias() += alpha * A * B.transpose();
  else C.noalias() += alpha * A.transpose() * B.transpose();
}

}  // namespace

void gemm(bool ta, bool tb, std::ptrdiff_t m, std::ptrdiff_t n, std::ptrdiff_t k, float alpha, const float* a,
          std::ptrdiff_t lda, const float* b, std::ptrdiff_t ldb, float beta, float* c, std::ptrdiff_t ldc) {
  product<float>(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

void gemm(bool ta, bool tb, std::ptrdiff_t m, std::ptrdiff_t n, std::ptrdiff_t k, double alpha, const double* a,
          std::ptrdiff_t lda, const double* b, std::ptrdiff_t ldb, double beta, double* c, std::ptrdiff_t ldc) {
  product<double>(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

}  // namespace arbiter::core::gemm_kernels::ARBITER_GEMM_BODY_NS
