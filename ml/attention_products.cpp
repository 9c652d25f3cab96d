// Tiles of 4 rows x 24 columns of C: twelve accumulators, per term of the depth three loads from the packed
// strip of B and four broadcasts from the rows of A. C is walked strip by strip, so a strip of B (at most 256
// terms deep: 24 KB) stays in L1 while every row of A passes over it; the last vector of a strip that ends
// inside one is stored under a mask. Compiled for AVX2 + FMA by function attributes, run only when
// available() says the processor has them.
#include "ml/attention_products.hpp"

#include <immintrin.h>

#include <algorithm>
#include <cstdint>

#include "core/matrix_product.hpp"

namespace arbiter::ml::attention_products {
namespace {

#define ARBITER_AVX2_FMA __attribute__((target("avx2,fma")))

using Index = std::ptrdiff_t;
constexpr Index kLane = 8;       // floats per vector
constexpr Index kRows = 4;       // rows of C per tile
constexpr Index kVectors = 3;    // vectors of C per tile row
constexpr Index kStrip = kVectors * kLane;
constexpr Index kDepth = 256;    // terms summed in registers before C is updated

// Where a tile's results go: C (plus C's old value when accumulate) or, with p set, the softmax JVP
// p .* (alpha A B - d), d one value per row. `last`: the columns of the tile's last vector that exist.
struct Out {
  float* c;
  Index ldc;
  bool accumulate;
  const float* p;
  Index ldp;
  const float* d;
  Index last;
  Out at(Index i, Index j) const {
    return {c + i * ldc + j, ldc, accumulate, p ? p + i * ldp + j : nullptr, ldp, p ? d + i : nullptr, last};
  }
};

ARBITER_AVX2_FMA inline __m256i lanes_below(Index count) {
  return _mm256_cmpgt_epi32(_mm256_set1_epi32(static_cast<int>(count)), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}

// c0..c2 += x * b0..b2 for one row's broadcast x, W of the three.
template <int W>
ARBITER_AVX2_FMA inline void fma_row(__m256 x, __m256 b0, __m256 b1, __m256 b2, __m256& c0, __m256& c1,
                                     __m256& c2) {
  c0 = _mm256_fmadd_ps(x, b0, c0);
  if constexpr (W > 1) c1 = _mm256_fmadd_ps(x, b1, c1);
  if constexpr (W > 2) c2 = _mm256_fmadd_ps(x, b2, c2);
}

template <int W>
ARBITER_AVX2_FMA inline void store_row(__m256 scale, const Out& o, Index r, __m256 c0, __m256 c1, __m256 c2) {
  const __m256 c[3] = {c0, c1, c2};
  float* row = o.c + r * o.ldc;
  for (int w = 0; w < W; ++w) {
    const bool partial = w == W - 1 && o.last < kLane;
    const __m256i mask = partial ? lanes_below(o.last) : _mm256_set1_epi32(-1);
    __m256 v = _mm256_mul_ps(scale, c[w]);
    if (o.p) {
      const float* p = o.p + r * o.ldp + kLane * w;
      v = _mm256_mul_ps(partial ? _mm256_maskload_ps(p, mask) : _mm256_loadu_ps(p),
                        _mm256_sub_ps(v, _mm256_set1_ps(o.d[r])));
    } else if (o.accumulate) {
      v = _mm256_add_ps(v, partial ? _mm256_maskload_ps(row + kLane * w, mask) : _mm256_loadu_ps(row + kLane * w));
    }
    if (partial) _mm256_maskstore_ps(row + kLane * w, mask, v);
    else _mm256_storeu_ps(row + kLane * w, v);
  }
}

// The R x (8 W) tile of C at o (R <= 4, W <= 3): twelve named accumulators (an array of them is not kept in
// registers), the unused ones removed by the compiler.
template <int R, int W>
ARBITER_AVX2_FMA inline void tile(Index depth, float alpha, const float* a, Index a_row, Index a_depth,
                                  const float* b, const Out& o) {
  __m256 c00 = _mm256_setzero_ps(), c01 = c00, c02 = c00, c10 = c00, c11 = c00, c12 = c00;
  __m256 c20 = c00, c21 = c00, c22 = c00, c30 = c00, c31 = c00, c32 = c00;
  const __m256 zero = c00;
  const float* a0 = a;
  const float* a1 = a + a_row;
  const float* a2 = a + 2 * a_row;
  const float* a3 = a + 3 * a_row;
  constexpr Index width = W * kLane;
#pragma GCC unroll 4
  for (Index k = 0; k < depth; ++k) {
    const float* bk = b + k * width;
    const __m256 b0 = _mm256_load_ps(bk);
    const __m256 b1 = W > 1 ? _mm256_load_ps(bk + kLane) : zero;
    const __m256 b2 = W > 2 ? _mm256_load_ps(bk + 2 * kLane) : zero;
    const Index off = k * a_depth;
    fma_row<W>(_mm256_broadcast_ss(a0 + off), b0, b1, b2, c00, c01, c02);
    if constexpr (R > 1) fma_row<W>(_mm256_broadcast_ss(a1 + off), b0, b1, b2, c10, c11, c12);
    if constexpr (R > 2) fma_row<W>(_mm256_broadcast_ss(a2 + off), b0, b1, b2, c20, c21, c22);
    if constexpr (R > 3) fma_row<W>(_mm256_broadcast_ss(a3 + off), b0, b1, b2, c30, c31, c32);
  }
  const __m256 scale = _mm256_set1_ps(alpha);
  store_row<W>(scale, o, 0, c00, c01, c02);
  if constexpr (R > 1) store_row<W>(scale, o, 1, c10, c11, c12);
  if constexpr (R > 2) store_row<W>(scale, o, 2, c20, c21, c22);
  if constexpr (R > 3) store_row<W>(scale, o, 3, c30, c31, c32);
}

template <int R>
ARBITER_AVX2_FMA inline void tile_rows(Index vectors, Index depth, float alpha, const float* a, Index a_row,
                                       Index a_depth, const float* b, const Out& o) {
  if (vectors == 3) tile<R, 3>(depth, alpha, a, a_row, a_depth, b, o);
  else if (vectors == 2) tile<R, 2>(depth, alpha, a, a_row, a_depth, b, o);
  else tile<R, 1>(depth, alpha, a, a_row, a_depth, b, o);
}

// C's tiles at rows i .. i + rows (rows <= 4), `vectors` <= 3 vectors of columns from the strip b.
ARBITER_AVX2_FMA void tile_at(Index i, Index rows, Index vectors, Index depth, float alpha, const float* a,
                              Index a_row, Index a_depth, const float* b, const Out& o) {
  const float* ai = a + i * a_row;
  const Out oi = o.at(i, 0);
  switch (rows) {
    case 4: return tile_rows<4>(vectors, depth, alpha, ai, a_row, a_depth, b, oi);
    case 3: return tile_rows<3>(vectors, depth, alpha, ai, a_row, a_depth, b, oi);
    case 2: return tile_rows<2>(vectors, depth, alpha, ai, a_row, a_depth, b, oi);
    default: return tile_rows<1>(vectors, depth, alpha, ai, a_row, a_depth, b, oi);
  }
}

ARBITER_AVX2_FMA void product_avx2(Index m, float alpha, const float* a, Index a_row, Index a_depth,
                                   const PackedB& b, const Out& o) {
  const Index depth = b.depth(), n = b.cols();
  for (Index j = 0, s = 0; j < n; j += kStrip, ++s) {
    const Index columns = std::min(kStrip, n - j), vectors = (columns + kLane - 1) / kLane;
    const float* strip = b.strip(s);
    for (Index k = 0; k < std::max<Index>(depth, 1); k += kDepth) {
      Out oj = o.at(0, j);
      oj.accumulate = o.accumulate || k > 0;
      oj.last = columns - (vectors - 1) * kLane;
      for (Index i = 0; i < m; i += kRows)
        tile_at(i, std::min(kRows, m - i), vectors, std::min(kDepth, depth - k), alpha, a + k * a_depth, a_row,
                a_depth, strip + k * vectors * kLane, oj);
    }
  }
}

// Copies strip s of a row-major B (depth rows of `columns` <= 24 entries at ld apart, from column j) into
// out, rows `width` apart, the padding zero.
ARBITER_AVX2_FMA void pack_rows(const float* b, Index depth, Index ld, Index columns, Index width, float* out) {
  const __m256i mask = lanes_below(columns - (width - kLane));
  for (Index k = 0; k < depth; ++k, b += ld, out += width) {
    Index w = 0;
    for (; w + kLane < width; w += kLane) _mm256_store_ps(out + w, _mm256_loadu_ps(b + w));
    _mm256_store_ps(out + w, _mm256_maskload_ps(b + w, mask));
  }
}

}  // namespace

bool available() { return core::matrix_product_backend() != core::MatrixProductBackend::portable; }

PackedB::PackedB(const float* b, Index depth, Index n, Index ld, bool transposed)
    : depth_(depth), n_(n), buffer_(static_cast<std::size_t>(depth * ((n + kStrip - 1) / kStrip) * kStrip + 16)) {
  data_ = buffer_.data();  // on a 32-byte boundary for the tiles' aligned loads; the padding stays zero
  while (reinterpret_cast<std::uintptr_t>(data_) % 32 != 0) ++data_;
  for (Index j = 0, s = 0; j < n; j += kStrip, ++s) {
    const Index columns = std::min(kStrip, n - j), width = (columns + kLane - 1) / kLane * kLane;
    float* out = data_ + s * depth * kStrip;
    if (!transposed && available()) {
      pack_rows(b + j, depth, ld, columns, width, out);
    } else if (transposed) {  // column c of the strip is row j + c of the source, read along
      for (Index c = 0; c < columns; ++c)
        for (Index k = 0; k < depth; ++k) out[k * width + c] = b[(j + c) * ld + k];
    } else {
      for (Index k = 0; k < depth; ++k)
        for (Index c = 0; c < columns; ++c) out[k * width + c] = b[k * ld + j + c];
    }
  }
}

void product(Index m, float alpha, const float* a, Index a_row, Index a_depth, const PackedB& b, float* c,
             Index ldc, bool accumulate) {
  if (m <= 0 || b.cols() <= 0) return;
  product_avx2(m, alpha, a, a_row, a_depth, b, {c, ldc, accumulate, nullptr, 0, nullptr, kLane});
}

void softmax_jvp_product(Index m, float alpha, const float* a, Index a_row, Index a_depth, const PackedB& b,
                         const float* p, Index ldp, const float* d, float* c, Index ldc) {
  if (m <= 0 || b.cols() <= 0) return;
  if (b.depth() <= kDepth) return product_avx2(m, alpha, a, a_row, a_depth, b, {c, ldc, false, p, ldp, d, kLane});
  product_avx2(m, alpha, a, a_row, a_depth, b, {c, ldc, false, nullptr, 0, nullptr, kLane});
  for (Index i = 0; i < m; ++i)
    for (Index j = 0; j < b.cols(); ++j) c[i * ldc + j] = p[i * ldp + j] * (c[i * ldc + j] - d[i]);
}

}  // namespace arbiter::ml::attention_products
