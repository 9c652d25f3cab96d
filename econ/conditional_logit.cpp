#include "econ/conditional_logit.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/parallel_for.hpp"
#include "core/softmax.hpp"
#include "econ/situation_blocks.hpp"

namespace arbiter::econ {
namespace {

using RowMajor = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using XMap = Eigen::Map<const RowMajor>;

void check_beta(const Design& d, const Eigen::VectorXd& beta) {
  if (beta.size() != d.k())
    throw std::invalid_argument("conditional logit: beta has " + std::to_string(beta.size()) + " entries for " +
                                std::to_string(d.k()) + " regressors");
}

bool all_available(const Design& d, std::int64_t b, std::int64_t e) {
  if (d.available.empty()) return true;
  for (auto r = b; r < e; ++r)
    if (!d.available[static_cast<std::size_t>(r)]) return false;
  return true;
}

// Per-situation work shared by every entry point: utilities, probabilities (core softmax; the masked
// softmax when some alternative is unavailable) and the log-probability of the chosen row.
struct SituationEval {
  Eigen::VectorXd v, p;
  double log_p_chosen = 0.0;

  void run(const Design& d, const Eigen::VectorXd& beta, std::size_t s) {
    const auto b = d.offsets[s], e = d.offsets[s + 1];
    const Eigen::Index n = static_cast<Eigen::Index>(e - b);
    const XMap x(d.x.data() + b * d.k(), n, d.k());
    v.resize(n);
    p.resize(n);
    v.noalias() = x * beta;
    const Eigen::Index c = static_cast<Eigen::Index>(d.chosen_row[s] - b);
    if (all_available(d, b, e)) {
      core::softmax<double>(v, p);
      log_p_chosen = p[c] > 1e-300 ? std::log(p[c]) : v[c] - core::log_sum_exp<double>(v);
    } else {
      core::Mask mask(n);
      for (Eigen::Index j = 0; j < n; ++j) mask[j] = d.is_available(static_cast<std::size_t>(b + j));
      p = core::masked_softmax<double>(v, mask);
      log_p_chosen = p[c] > 1e-300 ? std::log(p[c]) : v[c] - core::masked_log_sum_exp<double>(v, mask);
    }
  }
};

struct Partial {
  double ll = 0.0;
  Eigen::VectorXd g;
  Eigen::MatrixXd h, meat;
};

// Situations are taken in chunks of this many, small enough for a chunk's columns, utilities and weights to
// stay in cache between the passes over them.
constexpr std::size_t kChunk = 256;

// One chunk of situations [s0, s1) over the prepared differences dx_j = x_j - x_chosen: utilities
// v_j = dx_j' beta (0 for the chosen row; -inf for unavailable rows, which the core segmented softmax gives
// probability exactly 0), log P(chosen) = -log sum_j exp(v_j), and with m_s = sum_{j in s} p_j dx_j
// (= E_P[x] - x_chosen) the score -m_s, the gradient -sum_s m_s, the Hessian
// -(sum_j p_j dx_j dx_j' - sum_s m_s m_s') and the meat sum_s m_s m_s'. The derivative sums run in one pass
// over each situation's rows, unrolled at compile time for K <= 8 regressors.
struct ChunkKernel {
  Eigen::VectorXd v, p, log_z;

  void run(const Design& d, const ClogitData& c, const Eigen::VectorXd& beta, std::size_t s0, std::size_t s1,
           Derivatives der, Partial& out) {
    const auto r0 = d.offsets[s0], r1 = d.offsets[s1];
    const Eigen::Index n = static_cast<Eigen::Index>(r1 - r0), ns = static_cast<Eigen::Index>(s1 - s0);
    v.noalias() = c.dx().middleRows(r0, n) * beta;
    p.resize(n);
    log_z.resize(ns);
    if (!d.available.empty())
      for (Eigen::Index r = 0; r < n; ++r)
        if (!d.available[static_cast<std::size_t>(r0 + r)]) v[r] = -std::numeric_limits<double>::infinity();
    core::softmax_segments<double>(v, d.offsets.data() + s0, ns, p, 1.0, log_z.data());
    out.ll -= log_z.sum();
    if (der == Derivatives::none) return;
    switch (d.k()) {
      case 1: return sums<1>(d, c, s0, s1, der, out);
      case 2: return sums<2>(d, c, s0, s1, der, out);
      case 3: return sums<3>(d, c, s0, s1, der, out);
      case 4: return sums<4>(d, c, s0, s1, der, out);
      case 5: return sums<5>(d, c, s0, s1, der, out);
      case 6: return sums<6>(d, c, s0, s1, der, out);
      case 7: return sums<7>(d, c, s0, s1, der, out);
      case 8: return sums<8>(d, c, s0, s1, der, out);
      default: return sums<Eigen::Dynamic>(d, c, s0, s1, der, out);
    }
  }

  // Adds -sum_s m_s to out.g and, for the Hessian, the lower triangles of sum_s m_s m_s' - sum_j p_j dx_j dx_j'
  // to out.h and of sum_s m_s m_s' to out.meat. The sums live in local arrays (registers when K is fixed).
  template <int K>
  void sums(const Design& d, const ClogitData& c, std::size_t s0, std::size_t s1, Derivatives der, Partial& out) {
    if constexpr (K == Eigen::Dynamic) {
      dynamic_sums(d, c, s0, s1, der, out);
    } else {
      const auto r0 = d.offsets[s0];
      const bool want_h = der == Derivatives::hessian;
      const double* col[K];
      for (int a = 0; a < K; ++a) col[a] = c.dx().col(a).data();
      const double* pr = p.data() - r0;
      double g[K] = {}, moment[K][K] = {}, meat[K][K] = {};
      for (std::size_t s = s0; s < s1; ++s) {
        double m[K] = {};
        const auto b = d.offsets[s], e = d.offsets[s + 1];
        if (want_h) {
          for (auto r = b; r < e; ++r) {
            const double w = pr[r];
            double x[K];
            for (int a = 0; a < K; ++a) x[a] = col[a][r];
            for (int a = 0; a < K; ++a) {
              const double wa = w * x[a];
              m[a] += wa;
              for (int q = 0; q <= a; ++q) moment[a][q] += wa * x[q];
            }
          }
          for (int a = 0; a < K; ++a)
            for (int q = 0; q <= a; ++q) meat[a][q] += m[a] * m[q];
        } else {
          for (auto r = b; r < e; ++r)
            for (int a = 0; a < K; ++a) m[a] += pr[r] * col[a][r];
        }
        for (int a = 0; a < K; ++a) g[a] -= m[a];
      }
      for (int a = 0; a < K; ++a) out.g[a] += g[a];
      if (!want_h) return;
      for (int a = 0; a < K; ++a)
        for (int q = 0; q <= a; ++q) {
          out.h(a, q) += meat[a][q] - moment[a][q];
          out.meat(a, q) += meat[a][q];
        }
    }
  }

  // The same for any K, column by column.
  void dynamic_sums(const Design& d, const ClogitData& c, std::size_t s0, std::size_t s1, Derivatives der,
                    Partial& out) {
    const int k = d.k();
    const auto r0 = d.offsets[s0];
    const Eigen::Index n = static_cast<Eigen::Index>(d.offsets[s1] - r0), ns = static_cast<Eigen::Index>(s1 - s0);
    const auto dx = c.dx().middleRows(r0, n);
    Eigen::MatrixXd m(ns, k);
    Eigen::VectorXd w;
    for (int a = 0; a < k; ++a) {
      w = dx.col(a).cwiseProduct(p);
      for (Eigen::Index i = 0; i < ns; ++i)
        m(i, a) = w.segment(d.offsets[s0 + static_cast<std::size_t>(i)] - r0,
                            d.offsets[s0 + static_cast<std::size_t>(i) + 1] - d.offsets[s0 + static_cast<std::size_t>(i)])
                      .sum();
      out.g[a] -= m.col(a).sum();
      if (der != Derivatives::hessian) continue;
      for (int q = 0; q <= a; ++q) out.h(a, q) -= w.dot(dx.col(q));
    }
    if (der != Derivatives::hessian) return;
    for (int a = 0; a < k; ++a)
      for (int q = 0; q <= a; ++q) {
        const double mm = m.col(a).dot(m.col(q));
        out.meat(a, q) += mm;
        out.h(a, q) += mm;
      }
  }
};

// Exact check of the design's stored differences on a sample of situations (the first of each block and
// the last): catches a design whose x or chosen_row were changed after build_design at the cost of a few
// hundred rows.
bool differences_match(const Design& d) {
  const int k = d.k();
  if (d.differences.rows() != static_cast<Eigen::Index>(d.n_rows()) || d.differences.cols() != k) return false;
  const SituationBlocks blocks(d.n_situations());
  auto situation_matches = [&](std::size_t s) {
    const double* xc = d.x.data() + d.chosen_row[s] * k;
    for (auto r = d.offsets[s]; r < d.offsets[s + 1]; ++r)
      for (int a = 0; a < k; ++a)
        if (d.differences(r, a) != d.x.data()[r * k + a] - xc[a]) return false;
    return true;
  };
  for (std::size_t b = 0; b < blocks.count; ++b)
    if (!situation_matches(blocks.range(b).first)) return false;
  return d.n_situations() == 0 || situation_matches(d.n_situations() - 1);
}

}  // namespace

ClogitData::ClogitData(const Design& d, int threads) {
  if (differences_match(d))
    view_ = &d.differences;
  else
    own_ = chosen_differences(d, threads);
}

LogLikelihood clogit_log_likelihood(const Design& d, const Eigen::VectorXd& beta, Derivatives derivatives,
                                    int threads) {
  check_beta(d, beta);
  return clogit_log_likelihood(d, ClogitData(d, threads), beta, derivatives, threads);
}

LogLikelihood clogit_log_likelihood(const Design& d, const ClogitData& prepared, const Eigen::VectorXd& beta,
                                    Derivatives derivatives, int threads) {
  return clogit_subsample_log_likelihood(d, prepared, beta, 1, derivatives, threads);
}

LogLikelihood clogit_subsample_log_likelihood(const Design& d, const ClogitData& prepared, const Eigen::VectorXd& beta,
                                              int denominator, Derivatives derivatives, int threads) {
  check_beta(d, beta);
  if (denominator < 1) throw std::invalid_argument("conditional logit: subsample denominator must be >= 1");
  if (prepared.dx().rows() != static_cast<Eigen::Index>(d.n_rows()) || prepared.dx().cols() != d.k())
    throw std::invalid_argument("conditional logit: the prepared data does not match the design");
  const int k = d.k();
  const bool want_g = derivatives != Derivatives::none, want_h = derivatives == Derivatives::hessian;
  const SituationBlocks blocks(d.n_situations());
  std::vector<Partial> parts(blocks.count);
  core::parallel_for(blocks.count, threads, [&](std::size_t bi) {
    Partial& out = parts[bi];
    if (want_g) out.g = Eigen::VectorXd::Zero(k);
    if (want_h) out.h = out.meat = Eigen::MatrixXd::Zero(k, k);
    ChunkKernel kernel;
    const auto [s0, s_end] = blocks.range(bi);
    const std::size_t s1 = s0 + (s_end - s0) / static_cast<std::size_t>(denominator);
    for (std::size_t c0 = s0; c0 < s1; c0 += kChunk)
      kernel.run(d, prepared, beta, c0, std::min(s1, c0 + kChunk), derivatives, out);
  });
  LogLikelihood result;
  if (want_g) result.gradient = Eigen::VectorXd::Zero(k);
  if (want_h) result.hessian = result.score_outer_product = Eigen::MatrixXd::Zero(k, k);
  for (const Partial& p : parts) {
    result.value += p.ll;
    if (want_g) result.gradient += p.g;
    if (want_h) {
      result.hessian += p.h;
      result.score_outer_product += p.meat;
    }
  }
  if (want_h) {  // the kernels fill the lower triangles
    result.hessian.triangularView<Eigen::StrictlyUpper>() = result.hessian.transpose();
    result.score_outer_product.triangularView<Eigen::StrictlyUpper>() = result.score_outer_product.transpose();
  }
  return result;
}

Eigen::MatrixXd clogit_scores(const Design& d, const Eigen::VectorXd& beta, int threads) {
  check_beta(d, beta);
  const int k = d.k();
  Eigen::MatrixXd scores(static_cast<Eigen::Index>(d.n_situations()), k);
  const SituationBlocks blocks(d.n_situations());
  core::parallel_for(blocks.count, threads, [&](std::size_t bi) {
    SituationEval ev;
    const auto [s0, s1] = blocks.range(bi);
    for (std::size_t s = s0; s < s1; ++s) {
      ev.run(d, beta, s);
      const auto b = d.offsets[s];
      const XMap x(d.x.data() + b * k, static_cast<Eigen::Index>(d.offsets[s + 1] - b), k);
      scores.row(static_cast<Eigen::Index>(s)) = x.row(d.chosen_row[s] - b) - (x.transpose() * ev.p).transpose();
    }
  });
  return scores;
}

Eigen::VectorXd clogit_probabilities(const Design& d, const Eigen::VectorXd& beta, int threads) {
  check_beta(d, beta);
  Eigen::VectorXd probs(static_cast<Eigen::Index>(d.n_rows()));
  const SituationBlocks blocks(d.n_situations());
  core::parallel_for(blocks.count, threads, [&](std::size_t bi) {
    SituationEval ev;
    const auto [s0, s1] = blocks.range(bi);
    for (std::size_t s = s0; s < s1; ++s) {
      ev.run(d, beta, s);
      probs.segment(d.offsets[s], ev.p.size()) = ev.p;
    }
  });
  return probs;
}

Eigen::VectorXd clogit_logsums(const Design& d, const Eigen::VectorXd& beta, int threads) {
  check_beta(d, beta);
  Eigen::VectorXd out(static_cast<Eigen::Index>(d.n_situations()));
  const SituationBlocks blocks(d.n_situations());
  core::parallel_for(blocks.count, threads, [&](std::size_t bi) {
    const auto [s0, s1] = blocks.range(bi);
    Eigen::VectorXd v;
    for (std::size_t s = s0; s < s1; ++s) {
      const auto b = d.offsets[s], e = d.offsets[s + 1];
      const Eigen::Index n = static_cast<Eigen::Index>(e - b);
      v.noalias() = XMap(d.x.data() + b * d.k(), n, d.k()) * beta;
      if (all_available(d, b, e)) {
        out[static_cast<Eigen::Index>(s)] = core::log_sum_exp<double>(v);
      } else {
        core::Mask mask(n);
        for (Eigen::Index j = 0; j < n; ++j) mask[j] = d.is_available(static_cast<std::size_t>(b + j));
        out[static_cast<Eigen::Index>(s)] = core::masked_log_sum_exp<double>(v, mask);
      }
    }
  });
  return out;
}

}  // namespace arbiter::econ
