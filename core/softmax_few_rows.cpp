// Each packet of columns: k loads, the maximum, k exponentials summed in row order from 0, the reciprocal of
// the sum and k products, as softmax_columns' lane-wise loops do it over three passes. At the first packet with
// a column whose sum is not finite (a NaN or +inf logit, or only -inf) the pass stops with that packet unstored,
// and softmax_columns finds and reports the column (in place too, the logits it reads are the caller's). The last
// partial packet goes through a padded copy, so a column's numbers do not depend on where it sits.
#include "core/softmax_few_rows.hpp"

#include "core/exp_kernels.hpp"
#include "core/lane_kernels_avx512.hpp"
#include "core/softmax_few_rows_avx512.hpp"
#include "core/softmax.hpp"

#include <limits>
#include <stdexcept>
#include <string>

namespace arbiter::core {
namespace {

namespace ei = Eigen::internal;

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wignored-attributes"  // packet types carry vector attributes

// One packet of columns (row j at x + j * xs, out + j * os); false, with nothing stored, when a lane's sum is
// not finite.
template <class S, int k>
bool few_rows_packet(const S* x, std::ptrdiff_t xs, S* out, std::ptrdiff_t os) {
  using K = kernels::Packets<S>;
  using P = typename K::P;
  const P low = ei::pset1<P>(K::lowest()), un = ei::pset1<P>(K::unit());
  const P one = ei::pset1<P>(S(1)), inf = ei::pset1<P>(std::numeric_limits<S>::infinity());
  P v[k];
  P m = ei::pset1<P>(-std::numeric_limits<S>::infinity());
  for (std::ptrdiff_t j = 0; j < k; ++j) {
    v[j] = ei::ploadu<P>(x + j * xs);
    m = ei::pmax(m, v[j]);
  }
  P s = ei::pset1<P>(S(0));
  for (std::ptrdiff_t j = 0; j < k; ++j) {
    const P t = ei::psub(v[j], m);
    v[j] = K::packet_exp(K::kBase2 ? ei::pmul(t, un) : t, low);
    s = ei::padd(s, v[j]);
  }
  if (ei::predux(ei::pandnot(one, ei::pcmp_lt(s, inf))) != S(0)) return false;
  const P r = ei::pdiv(one, s);
  for (std::ptrdiff_t j = 0; j < k; ++j) ei::pstoreu(out + j * os, ei::pmul(v[j], r));
  return true;
}

// False at the first packet with a column whose sum is not finite (that packet's columns left as they were).
template <class S, int k>
bool few_rows_packets(const S* x, std::ptrdiff_t xs, S* out, std::ptrdiff_t os, std::ptrdiff_t n) {
  constexpr std::ptrdiff_t W = kernels::Packets<S>::W;
  std::ptrdiff_t c = 0;
  for (; c + W <= n; c += W)
    if (!few_rows_packet<S, k>(x + c, xs, out + c, os)) return false;
  if (c < n) {
    S xp[k * W] = {}, op[k * W];
    for (std::ptrdiff_t j = 0; j < k; ++j)
      for (std::ptrdiff_t l = c; l < n; ++l) xp[j * W + l - c] = x[j * xs + l];
    if (!few_rows_packet<S, k>(xp, W, op, W)) return false;
    for (std::ptrdiff_t j = 0; j < k; ++j)
      for (std::ptrdiff_t l = c; l < n; ++l) out[j * os + l] = op[j * W + l - c];
  }
  return true;
}

// The row count a template argument, so that a packet's rows stay in registers.
template <class S>
bool few_rows_any(const S* x, std::ptrdiff_t xs, S* out, std::ptrdiff_t os, std::ptrdiff_t k, std::ptrdiff_t n) {
  switch (k) {
    case 1: return few_rows_packets<S, 1>(x, xs, out, os, n);
    case 2: return few_rows_packets<S, 2>(x, xs, out, os, n);
    case 3: return few_rows_packets<S, 3>(x, xs, out, os, n);
    case 4: return few_rows_packets<S, 4>(x, xs, out, os, n);
    case 5: return few_rows_packets<S, 5>(x, xs, out, os, n);
    case 6: return few_rows_packets<S, 6>(x, xs, out, os, n);
    case 7: return few_rows_packets<S, 7>(x, xs, out, os, n);
    default: return few_rows_packets<S, 8>(x, xs, out, os, n);
  }
}

#pragma GCC diagnostic pop

}  // namespace

template <class S>
void softmax_few_rows(const S* x, std::ptrdiff_t xs, S* out, std::ptrdiff_t os, std::ptrdiff_t k, std::ptrdiff_t n) {
  if (k < 1 || k > kFewRowsMax)
    throw std::invalid_argument("softmax_few_rows: k must be 1 to " + std::to_string(kFewRowsMax) + " rows, got " +
                                std::to_string(k));
  if (n < 0) throw std::invalid_argument("softmax_few_rows: n must be >= 0, got " + std::to_string(n));
  if (n == 0) return;
  bool ok;
  if (kernels::avx512::enabled())
    ok = kernels::avx512::softmax_few_rows(x, xs, out, os, k, n);
  else if (kernels::avx2::enabled())
    ok = kernels::avx2::softmax_few_rows(x, xs, out, os, k, n);
  else
    ok = few_rows_any<S>(x, xs, out, os, k, n);
  if (ok) return;
  // Only a column's own logits decide its failure: softmax_columns finds the first bad column and names it.
  using Block = Eigen::Map<const Batch<S>, 0, Eigen::OuterStride<>>;
  Batch<S> scratch(k, n);
  softmax_columns<S>(Block(x, k, n, Eigen::OuterStride<>(xs)), scratch);
  throw std::logic_error("softmax_few_rows: a column's sum was not finite, yet softmax_columns found no bad column");
}

template void softmax_few_rows<float>(const float*, std::ptrdiff_t, float*, std::ptrdiff_t, std::ptrdiff_t,
                                      std::ptrdiff_t);
template void softmax_few_rows<double>(const double*, std::ptrdiff_t, double*, std::ptrdiff_t, std::ptrdiff_t,
                                       std::ptrdiff_t);

}  // namespace arbiter::core
