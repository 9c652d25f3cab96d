#include "core/categorical_batch.hpp"

#include "core/categorical_sampler.hpp"
#include "core/exp_kernels_avx2.hpp"
#include "core/lane_kernels_avx512.hpp"

#include <stdexcept>
#include <string>
#include <type_traits>

namespace arbiter::core {
namespace {

namespace ei = Eigen::internal;

// One column through the scalar draw (the ragged columns, float, and naming a bad column).
template <class S> int draw_column(const S* p, Eigen::Index k, Eigen::Index stride, double u, Eigen::Index c) {
  return detail::inverse_cdf_draw(p, k, stride, u, "sample_inverse_cdf_columns", c);
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wignored-attributes"  // packet types carry vector attributes

constexpr Eigen::Index kDoubleLanes = ei::unpacket_traits<ei::packet_traits<double>::type>::size;

// W columns at once (double only): the totals and last positive entries, then the count of running sums
// <= u * total (the first index with u * total < the running sum, which cannot have probability 0), one
// lane per column: the scalar draw's numbers.
void draw_packet(const double* p, Eigen::Index k, Eigen::Index stride, const double* u, int* out, Eigen::Index c) {
  using P = ei::packet_traits<double>::type;
  constexpr int W = ei::unpacket_traits<P>::size;
  const P zero = ei::pset1<P>(0.0), one = ei::pset1<P>(1.0);
  P total = zero, last = ei::pset1<P>(-1.0), bad = zero;
  for (Eigen::Index i = 0; i < k; ++i) {
    const P pi = ei::ploadu<P>(p + i * stride);
    bad = ei::por(bad, ei::pcmp_lt_or_nan(pi, zero));
    total = ei::padd(total, pi);
    last = ei::pselect(ei::pcmp_lt(zero, pi), ei::pset1<P>(static_cast<double>(i)), last);
  }
  if (ei::predux(ei::pand(ei::por(bad, ei::pcmp_lt(last, zero)), one)) != 0.0)
    for (int l = 0; l < W; ++l) draw_column(p + l, k, stride, u[l], c + l);  // throws for the bad column
  const P target = ei::pmul(ei::ploadu<P>(u), total);
  P run = zero, below = zero;
  for (Eigen::Index i = 0; i < k; ++i) {
    run = ei::padd(run, ei::ploadu<P>(p + i * stride));
    below = ei::padd(below, ei::pand(ei::pcmp_le(run, target), one));
  }
  double b[W], l[W];
  ei::pstoreu(b, below);
  ei::pstoreu(l, last);
  for (int j = 0; j < W; ++j) out[j] = static_cast<int>(b[j] < static_cast<double>(k) ? b[j] : l[j]);
}

#pragma GCC diagnostic pop

}  // namespace

template <class S> void sample_inverse_cdf_columns(BatchCRef<S> probs, const double* uniforms, int* out) {
  const Eigen::Index k = probs.rows(), n = probs.cols();
  if (n == 0) return;
  if (k == 0) throw std::invalid_argument("sample_inverse_cdf_columns: empty distributions");
  const S* p = probs.data();
  const Eigen::Index stride = probs.outerStride();
  Eigen::Index c = 0;
  if constexpr (std::is_same_v<S, double>) {
    if (ARBITER_AVX2_DISPATCH && kernels::avx2::enabled())  // the same numbers, 4 columns at a time
      c = kernels::avx512::enabled() ? kernels::avx512::draw_columns(p, k, stride, uniforms, out, n)
                                     : kernels::avx2::draw_columns(p, k, stride, uniforms, out, n);
    for (; c + kDoubleLanes <= n; c += kDoubleLanes) draw_packet(p + c, k, stride, uniforms + c, out + c, c);
  }
  for (; c < n; ++c) out[c] = draw_column(p + c, k, stride, uniforms[c], c);
}

template void sample_inverse_cdf_columns<float>(BatchCRef<float>, const double*, int*);
template void sample_inverse_cdf_columns<double>(BatchCRef<double>, const double*, int*);

}  // namespace arbiter::core
