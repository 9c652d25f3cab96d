// The float matrix products of ml's attention on processors with AVX2 and FMA: C = alpha A B (+ C) with A read
// in place through two strides (a row-major matrix or the transpose of one) and B packed once (PackedB) and
// reused by every block of queries; each 4 x 24 tile of C is summed over the depth in registers and written
// once. Each entry's sum runs over the depth in order, one fused multiply-add per term (in runs of 256 terms
// added to C), so the results do not depend on how the caller cuts C into blocks of rows; they differ from
// core::gemm's in the last bits. Sizes >= 0; the caller checks shapes and that C overlaps neither input.
#pragma once
#include <cstddef>
#include <vector>

namespace arbiter::ml::attention_products {

// True when the processor has AVX2 and FMA and core::gemm is not capped to its portable backend
// (ARBITER_GEMM=portable, ARBITER_AVX2=0 or core::limit_matrix_product_backend): then the products may run.
bool available();

// B (depth x n) in the layout the kernels read: strips of 24 columns (the last one padded with zeros to whole
// vectors of 8), each strip's rows one after another. From B[k * ld + j] (transposed = false) or from
// B[j * ld + k] (transposed = true: B is the transpose of a row-major n x depth array).
class PackedB {
 public:
  PackedB(const float* b, std::ptrdiff_t depth, std::ptrdiff_t n, std::ptrdiff_t ld, bool transposed);
  std::ptrdiff_t depth() const { return depth_; }
  std::ptrdiff_t cols() const { return n_; }
  const float* strip(std::ptrdiff_t s) const { return data_ + s * depth_ * 24; }

 private:
  std::ptrdiff_t depth_, n_;
  std::vector<float> buffer_;
  float* data_;
};

// C[i * ldc + j] = alpha * sum_k a[i * a_row + k * a_depth] * B(k, j) (+ C[i * ldc + j] when accumulate) for
// i < m, j < b.cols(), k < b.depth().
void product(std::ptrdiff_t m, float alpha, const float* a, std::ptrdiff_t a_row, std::ptrdiff_t a_depth,
             const PackedB& b, float* c, std::ptrdiff_t ldc, bool accumulate);

// The backward pass's dS = P .* (alpha A B - d 1^T), the softmax's Jacobian-vector product with d_i =
// <p_i, alpha (A B)_i> (which the caller passes), in one pass: C[i * ldc + j] = p[i * ldp + j] *
// (alpha sum_k a[i * a_row + k * a_depth] B(k, j) - d[i]).
void softmax_jvp_product(std::ptrdiff_t m, float alpha, const float* a, std::ptrdiff_t a_row,
                         std::ptrdiff_t a_depth, const PackedB& b, const float* p, std::ptrdiff_t ldp,
                         const float* d, float* c, std::ptrdiff_t ldc);

}  // namespace arbiter::ml::attention_products
