// The step and the softmax in one pass over each packet of columns (lane_kernels_avx512.cpp) where the
// processor has AVX-512 in a portable build; elsewhere the step row by row, then softmax_columns.
#include "core/softmax_score_step.hpp"

#include <cmath>
#include <stdexcept>
#include "core/lane_kernels_avx512.hpp"
#include "core/softmax.hpp"

namespace arbiter::core {

namespace {
// Columns [c0, n): the score step row by row (SIMD across the columns).
void score_step(BatchRef<double> h, BatchCRef<double> p, const int* actions, const double* coef, Eigen::Index c0) {
  const Eigen::Index k = h.rows(), n = h.cols();
  for (Eigen::Index j = 0; j < k; ++j) {
    double* hj = h.row(j).data();
    const double* pj = p.row(j).data();
    for (Eigen::Index c = c0; c < n; ++c) hj[c] -= coef[c] * pj[c];
  }
  for (Eigen::Index c = c0; c < n; ++c) h(actions[c], c) += coef[c];
}
}  // namespace

void score_step_softmax_columns(BatchRef<double> h, BatchRef<double> p, const int* actions, const double* coef,
                                double T) {
  if (p.rows() != h.rows() || p.cols() != h.cols())
    throw std::invalid_argument("score_step_softmax_columns: probabilities' shape differs from preferences' shape");
  Eigen::Index done = 0;
  if (kernels::avx512::enabled() && h.rows() > 0 && T > 0.0 && std::isfinite(T) && std::isfinite(1.0 / T)) {
    bool failed = false;
    done = kernels::avx512::score_step_softmax_lanes(h.data(), h.outerStride(), p.data(), p.outerStride(), h.rows(),
                                                     h.cols(), actions, coef, 1.0 / T, &failed);
    if (failed) {  // h is updated up to `done`: the rest, then the softmax of every column names the bad one
      score_step(h, p, actions, coef, done);
      softmax_columns<double>(h, p, T);
      throw std::logic_error("score_step_softmax_columns: a column failed in one pass but not in the other");
    }
  }
  if (done == h.cols()) return;
  score_step(h, p, actions, coef, done);
  if (done == 0) return softmax_columns<double>(h, p, T);
  try {
    softmax_columns<double>(h.rightCols(h.cols() - done), p.rightCols(p.cols() - done), T);
  } catch (const std::domain_error&) {
    softmax_columns<double>(h, p, T);  // names the column within the whole batch
    throw;
  }
}

}  // namespace arbiter::core
