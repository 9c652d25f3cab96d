#include "econ/conditional_logit.hpp"

#include <cmath>
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
  Eigen::MatrixXd h;
};

}  // namespace

LogLikelihood clogit_log_likelihood(const Design& d, const Eigen::VectorXd& beta, Derivatives derivatives,
                                    int threads) {
  check_beta(d, beta);
  const int k = d.k();
  const SituationBlocks blocks(d.n_situations());
  std::vector<Partial> parts(blocks.count);
  core::parallel_for(blocks.count, threads, [&](std::size_t bi) {
    Partial& out = parts[bi];
    const bool want_g = derivatives != Derivatives::none, want_h = derivatives == Derivatives::hessian;
    if (want_g) out.g = Eigen::VectorXd::Zero(k);
    Eigen::MatrixXd h = Eigen::MatrixXd::Zero(want_h ? k : 0, want_h ? k : 0);
    Eigen::VectorXd xbar(k), dev(k);
    SituationEval ev;
    const auto [s0, s1] = blocks.range(bi);
    double ll = 0.0;
    for (std::size_t s = s0; s < s1; ++s) {
      ev.run(d, beta, s);
      ll += ev.log_p_chosen;
      if (!want_g) continue;
      const auto b = d.offsets[s];
      const Eigen::Index n = static_cast<Eigen::Index>(d.offsets[s + 1] - b);
      const XMap x(d.x.data() + b * k, n, k);
      xbar.noalias() = x.transpose() * ev.p;
      out.g += x.row(d.chosen_row[s] - b).transpose() - xbar;
      if (!want_h) continue;
      for (Eigen::Index j = 0; j < n; ++j) {
        const double pj = ev.p[j];
        if (pj == 0.0) continue;
        const double* xj = x.data() + j * k;
        for (int a = 0; a < k; ++a) dev[a] = xj[a] - xbar[a];
        for (int a = 0; a < k; ++a) {
          const double w = pj * dev[a];
          for (int c = 0; c <= a; ++c) h(a, c) -= w * dev[c];
        }
      }
    }
    out.ll = ll;
    if (want_h) out.h = h;
  });
  LogLikelihood result;
  if (derivatives != Derivatives::none) result.gradient = Eigen::VectorXd::Zero(k);
  if (derivatives == Derivatives::hessian) result.hessian = Eigen::MatrixXd::Zero(k, k);
  for (const Partial& p : parts) {
    result.value += p.ll;
    if (derivatives != Derivatives::none) result.gradient += p.g;
    if (derivatives == Derivatives::hessian) result.hessian += p.h;
  }
  if (derivatives == Derivatives::hessian)
    result.hessian = result.hessian.selfadjointView<Eigen::Lower>();
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
