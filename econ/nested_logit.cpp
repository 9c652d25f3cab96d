#include "econ/nested_logit.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "core/input_error.hpp"
#include "core/parallel_for.hpp"
#include "core/softmax.hpp"
#include "econ/situation_blocks.hpp"

namespace arbiter::econ {

NestStructure build_nests(const Design& d, const ModelSpec& spec) {
  NestStructure ns;
  ns.form = spec.nest_form;
  ns.nest_of.assign(d.alternatives.size(), -1);
  for (std::size_t m = 0; m < spec.nests.size(); ++m) {
    const Nest& nest = spec.nests[m];
    const std::string argument = "nests[" + nest.name + "]";
    if (nest.alternatives.empty()) throw core::ArgumentError(argument, "a non-empty list of alternatives", "[]");
    ns.names.push_back(nest.name);
    for (const auto& alt : nest.alternatives) {
      const auto it = std::find(d.alternatives.begin(), d.alternatives.end(), alt);
      if (it == d.alternatives.end())
        throw core::ArgumentError(argument, "alternatives of the data", "\"" + alt + "\"");
      int& slot = ns.nest_of[static_cast<std::size_t>(it - d.alternatives.begin())];
      if (slot >= 0)
        throw core::ArgumentError(argument, "each alternative in at most one nest",
                                  "\"" + alt + "\" also in nest " + ns.names[static_cast<std::size_t>(slot)]);
      slot = static_cast<int>(m);
    }
  }
  const Eigen::Index m = static_cast<Eigen::Index>(ns.names.size());
  ns.start = Eigen::VectorXd::Ones(m);
  ns.fixed.assign(ns.names.size(), false);
  for (Eigen::Index i = 0; i < m; ++i) {
    const std::string name = "iv." + ns.names[static_cast<std::size_t>(i)];
    if (auto it = spec.start.find(name); it != spec.start.end()) ns.start[i] = it->second;
    if (auto it = spec.fixed.find(name); it != spec.fixed.end()) {
      ns.start[i] = it->second;
      ns.fixed[static_cast<std::size_t>(i)] = true;
    }
    if (ns.form == NestForm::rum && !ns.fixed[static_cast<std::size_t>(i)] &&
        spec.nests[static_cast<std::size_t>(i)].alternatives.size() == 1)
      throw IdentificationError("unidentified model: " + name + " belongs to a nest with one alternative, whose " +
                                "log-sum parameter cancels out of the RUM-consistent nested logit; fix it (\"fixed\": {\"" +
                                name + "\": 1}) or use the unscaled form");
  }
  return ns;
}

namespace {

using RowMajor = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// log P(chosen) of one situation and, if asked, its score and Hessian with respect to theta = (beta, lambda).
// Written generically over the P = K + M parameters: with a_j the scaled utility of row j, I_n the inclusive
// value of group n, b_n = lambda_n I_n and L = a_c - I_g + b_g - log sum_n exp(b_n),
//   grad I_n = sum_j q_j grad a_j,  Hess I_n = sum_j q_j (Hess a_j + grad a_j grad a_j') - grad I_n grad I_n',
//   grad b_n = lambda_n grad I_n + I_n e_n,  Hess b_n = lambda_n Hess I_n + e_n grad I_n' + grad I_n e_n',
//   Hess LSE = sum_n pi_n (Hess b_n + grad b_n grad b_n') - grad LSE grad LSE',
// where q_j = P(j | n), pi_n = P(n) and e_n is the unit vector of lambda_n (absent for a one-alternative group
// outside every nest, whose lambda is fixed at 1). In the RUM form a_j = v_j / lambda_n, so grad a_j has
// -v_j / lambda_n^2 in lambda_n's slot and Hess a_j has -x_j / lambda_n^2 (beta, lambda_n) and 2 v_j / lambda_n^3.
struct NestedSituation {
  std::vector<int> group_of_row, groups;
  std::vector<Eigen::Index> members;
  Eigen::VectorXd v, a, pc, b, pg, inclusive, am, pm, g_lse;
  Eigen::MatrixXd ga, gi_mat, gb, h_i, h_lse, h_b;

  double run(const Design& d, const NestStructure& ns, const Eigen::VectorXd& theta, std::size_t s,
             Eigen::VectorXd* score, Eigen::MatrixXd* hessian = nullptr) {
    const int k = d.k(), m = static_cast<int>(ns.names.size());
    const Eigen::Index P = k + m;
    const bool rum = ns.form == NestForm::rum;
    const auto r0 = d.offsets[s], r1 = d.offsets[s + 1];
    const Eigen::Index n = static_cast<Eigen::Index>(r1 - r0);
    Eigen::Map<const RowMajor> x(d.x.data() + r0 * k, n, k);
    v.noalias() = x * theta.head(k);
    group_of_row.assign(static_cast<std::size_t>(n), -1);
    groups.clear();
    for (Eigen::Index j = 0; j < n; ++j) {
      if (!d.is_available(static_cast<std::size_t>(r0 + j))) continue;
      const int alt = d.alternative[static_cast<std::size_t>(r0 + j)];
      const int nest = ns.nest_of[static_cast<std::size_t>(alt)];
      const int g = nest >= 0 ? nest : m + alt;
      auto it = std::find(groups.begin(), groups.end(), g);
      if (it == groups.end()) {
        groups.push_back(g);
        it = groups.end() - 1;
      }
      group_of_row[static_cast<std::size_t>(j)] = static_cast<int>(it - groups.begin());
    }
    const Eigen::Index ng = static_cast<Eigen::Index>(groups.size());
    auto real_nest = [&](Eigen::Index gi) { return groups[static_cast<std::size_t>(gi)] < m; };
    auto lambda = [&](Eigen::Index gi) { return real_nest(gi) ? theta[k + groups[static_cast<std::size_t>(gi)]] : 1.0; };
    auto slot = [&](Eigen::Index gi) { return static_cast<Eigen::Index>(k + groups[static_cast<std::size_t>(gi)]); };
    for (Eigen::Index gi = 0; gi < ng; ++gi)
      if (rum && !(lambda(gi) > 0.0)) return -std::numeric_limits<double>::infinity();
    a.resize(n);
    pc.setZero(n);
    b.resize(ng);
    inclusive.resize(ng);
    for (Eigen::Index gi = 0; gi < ng; ++gi) {
      const double lam = lambda(gi), sc = rum ? 1.0 / lam : 1.0;
      members.clear();
      for (Eigen::Index j = 0; j < n; ++j)
        if (group_of_row[static_cast<std::size_t>(j)] == gi) members.push_back(j);
      am.resize(static_cast<Eigen::Index>(members.size()));
      for (std::size_t t = 0; t < members.size(); ++t) am[static_cast<Eigen::Index>(t)] = a[members[t]] = sc * v[members[t]];
      inclusive[gi] = core::log_sum_exp<double>(am);
      pm = core::softmax<double>(am);
      for (std::size_t t = 0; t < members.size(); ++t) pc[members[t]] = pm[static_cast<Eigen::Index>(t)];
      b[gi] = lam * inclusive[gi];
    }
    const double lse_b = core::log_sum_exp<double>(b);
    pg = core::softmax<double>(b);
    const Eigen::Index c = static_cast<Eigen::Index>(d.chosen_row[s] - r0);
    const Eigen::Index gc = group_of_row[static_cast<std::size_t>(c)];
    const double ll = a[c] - inclusive[gc] + b[gc] - lse_b;
    if (!score && !hessian) return ll;

    // Gradients of a_j (columns), of I_n and b_n (columns), and of the log-sum over groups.
    ga.setZero(P, n);
    gi_mat.setZero(P, ng);
    for (Eigen::Index j = 0; j < n; ++j) {
      const int gi = group_of_row[static_cast<std::size_t>(j)];
      if (gi < 0) continue;
      const double lam = lambda(gi), sc = rum ? 1.0 / lam : 1.0;
      ga.col(j).head(k) = sc * x.row(j).transpose();
      if (rum && real_nest(gi)) ga(slot(gi), j) = -v[j] / (lam * lam);
      gi_mat.col(gi) += pc[j] * ga.col(j);
    }
    gb = gi_mat;
    for (Eigen::Index gi = 0; gi < ng; ++gi) {
      gb.col(gi) *= lambda(gi);
      if (real_nest(gi)) gb(slot(gi), gi) += inclusive[gi];
    }
    g_lse.noalias() = gb * pg;
    if (score) *score = ga.col(c) - gi_mat.col(gc) + gb.col(gc) - g_lse;
    if (!hessian) return ll;

    h_lse.setZero(P, P);
    for (Eigen::Index gi = 0; gi < ng; ++gi) {
      const double lam = lambda(gi);
      h_i.setZero(P, P);
      for (Eigen::Index j = 0; j < n; ++j) {
        if (group_of_row[static_cast<std::size_t>(j)] != gi) continue;
        h_i.noalias() += pc[j] * ga.col(j) * ga.col(j).transpose();
        if (rum && real_nest(gi)) {
          const Eigen::Index l = slot(gi);
          const Eigen::VectorXd cross = -pc[j] / (lam * lam) * x.row(j).transpose();
          h_i.col(l).head(k) += cross;
          h_i.row(l).head(k) += cross.transpose();
          h_i(l, l) += pc[j] * 2.0 * v[j] / (lam * lam * lam);
        }
      }
      h_i.noalias() -= gi_mat.col(gi) * gi_mat.col(gi).transpose();
      h_b = lam * h_i;
      if (real_nest(gi)) {
        h_b.col(slot(gi)) += gi_mat.col(gi);
        h_b.row(slot(gi)) += gi_mat.col(gi).transpose();
      }
      h_lse.noalias() += pg[gi] * (h_b + gb.col(gi) * gb.col(gi).transpose());
      if (gi == gc) *hessian += h_b - h_i;  // + Hess b_g - Hess I_g
    }
    h_lse.noalias() -= g_lse * g_lse.transpose();
    *hessian -= h_lse;
    const int gcn = real_nest(gc) ? 1 : 0;
    if (rum && gcn) {  // Hess a_c
      const double lam = lambda(gc);
      const Eigen::Index l = slot(gc);
      hessian->col(l).head(k) -= x.row(c).transpose() / (lam * lam);
      hessian->row(l).head(k) -= x.row(c) / (lam * lam);
      (*hessian)(l, l) += 2.0 * v[c] / (lam * lam * lam);
    }
    return ll;
  }
};

struct Partial {
  double ll = 0.0;
  Eigen::VectorXd g;
  Eigen::MatrixXd h;
};

void check_theta(const Design& d, const NestStructure& ns, const Eigen::VectorXd& theta) {
  if (theta.size() != d.k() + static_cast<Eigen::Index>(ns.names.size()))
    throw std::invalid_argument("nested logit: theta has " + std::to_string(theta.size()) + " entries for " +
                                std::to_string(d.k() + static_cast<int>(ns.names.size())) + " parameters");
}

}  // namespace

LogLikelihood nested_log_likelihood(const Design& d, const NestStructure& ns, const Eigen::VectorXd& theta,
                                    Derivatives derivatives, int threads) {
  check_theta(d, ns, theta);
  const bool want_g = derivatives != Derivatives::none, want_h = derivatives == Derivatives::hessian;
  const SituationBlocks blocks(d.n_situations());
  const Eigen::Index p = theta.size();
  std::vector<Partial> parts(blocks.count);
  core::parallel_for(blocks.count, threads, [&](std::size_t bi) {
    NestedSituation ev;
    Eigen::VectorXd sc(p);
    Partial& out = parts[bi];
    if (want_g) out.g = Eigen::VectorXd::Zero(p);
    if (want_h) out.h = Eigen::MatrixXd::Zero(p, p);
    const auto [s0, s1] = blocks.range(bi);
    for (std::size_t s = s0; s < s1; ++s) {
      out.ll += ev.run(d, ns, theta, s, want_g ? &sc : nullptr, want_h ? &out.h : nullptr);
      if (!std::isfinite(out.ll)) return;
      if (want_g) out.g += sc;
    }
  });
  LogLikelihood r;
  if (want_g) r.gradient = Eigen::VectorXd::Zero(p);
  if (want_h) r.hessian = Eigen::MatrixXd::Zero(p, p);
  for (const auto& part : parts) {
    r.value += part.ll;
    if (want_g) r.gradient += part.g;
    if (want_h) r.hessian += part.h;
  }
  if (want_h) r.hessian = (0.5 * (r.hessian + r.hessian.transpose())).eval();  // exact symmetry
  return r;
}

Eigen::MatrixXd nested_scores(const Design& d, const NestStructure& ns, const Eigen::VectorXd& theta, int threads) {
  check_theta(d, ns, theta);
  Eigen::MatrixXd scores(static_cast<Eigen::Index>(d.n_situations()), theta.size());
  const SituationBlocks blocks(d.n_situations());
  core::parallel_for(blocks.count, threads, [&](std::size_t bi) {
    NestedSituation ev;
    Eigen::VectorXd sc(theta.size());
    const auto [s0, s1] = blocks.range(bi);
    for (std::size_t s = s0; s < s1; ++s) {
      ev.run(d, ns, theta, s, &sc);
      scores.row(static_cast<Eigen::Index>(s)) = sc.transpose();
    }
  });
  return scores;
}

Eigen::VectorXd nested_probabilities(const Design& d, const NestStructure& ns, const Eigen::VectorXd& theta,
                                     int threads) {
  check_theta(d, ns, theta);
  if (ns.form == NestForm::rum)
    for (Eigen::Index i = d.k(); i < theta.size(); ++i)
      if (!(theta[i] > 0.0)) throw std::domain_error("nested logit: log-sum parameters must be > 0 in the RUM form");
  Eigen::VectorXd probs = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(d.n_rows()));
  const SituationBlocks blocks(d.n_situations());
  core::parallel_for(blocks.count, threads, [&](std::size_t bi) {
    NestedSituation ev;
    const auto [s0, s1] = blocks.range(bi);
    for (std::size_t s = s0; s < s1; ++s) {
      ev.run(d, ns, theta, s, nullptr);
      // P(j) = P(j | nest) P(nest), from the conditional and nest probabilities just computed.
      for (Eigen::Index j = 0; j < ev.pc.size(); ++j) {
        const int gi = ev.group_of_row[static_cast<std::size_t>(j)];
        probs[d.offsets[s] + j] = gi >= 0 ? ev.pc[j] * ev.pg[gi] : 0.0;
      }
    }
  });
  return probs;
}

}  // namespace arbiter::econ
