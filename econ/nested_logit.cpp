#include "econ/nested_logit.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "core/config_error.hpp"
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
    const std::string path = "/model/nests/" + nest.name;
    if (nest.alternatives.empty()) throw core::ConfigError("", path, "a non-empty list of alternatives", "[]");
    ns.names.push_back(nest.name);
    for (const auto& alt : nest.alternatives) {
      const auto it = std::find(d.alternatives.begin(), d.alternatives.end(), alt);
      if (it == d.alternatives.end())
        throw core::ConfigError("", path, "alternatives of the data", "\"" + alt + "\"");
      int& slot = ns.nest_of[static_cast<std::size_t>(it - d.alternatives.begin())];
      if (slot >= 0)
        throw core::ConfigError("", path, "each alternative in at most one nest",
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
      throw core::ConfigError("unidentified model: " + name + " belongs to a nest with one alternative, whose " +
                              "log-sum parameter cancels out of the RUM-consistent nested logit; fix it (\"fixed\": {\"" +
                              name + "\": 1}) or use the unscaled form");
  }
  return ns;
}

namespace {

using RowMajor = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// log P(chosen) of one situation and, if asked, its score with respect to theta = (beta, lambda).
struct NestedSituation {
  std::vector<int> group_of_row, groups;
  Eigen::VectorXd v, a, pc, b, pg;

  double run(const Design& d, const NestStructure& ns, const Eigen::VectorXd& theta, std::size_t s,
             Eigen::VectorXd* score) {
    const int k = d.k(), m = static_cast<int>(ns.names.size());
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
    auto lambda = [&](int gi) { const int g = groups[static_cast<std::size_t>(gi)]; return g < m ? theta[k + g] : 1.0; };
    for (Eigen::Index gi = 0; gi < ng; ++gi)
      if (rum && !(lambda(static_cast<int>(gi)) > 0.0)) return -std::numeric_limits<double>::infinity();
    a.resize(n);
    pc.setZero(n);
    b.resize(ng);
    Eigen::VectorXd inclusive(ng), vbar(ng);
    Eigen::MatrixXd xbar(ng, k);
    std::vector<Eigen::Index> members;
    Eigen::VectorXd am, pm;
    for (Eigen::Index gi = 0; gi < ng; ++gi) {
      const double lam = lambda(static_cast<int>(gi)), sc = rum ? 1.0 / lam : 1.0;
      members.clear();
      for (Eigen::Index j = 0; j < n; ++j)
        if (group_of_row[static_cast<std::size_t>(j)] == gi) members.push_back(j);
      am.resize(static_cast<Eigen::Index>(members.size()));
      for (std::size_t t = 0; t < members.size(); ++t) am[static_cast<Eigen::Index>(t)] = a[members[t]] = sc * v[members[t]];
      inclusive[gi] = core::log_sum_exp<double>(am);
      pm = core::softmax<double>(am);
      xbar.row(gi).setZero();
      vbar[gi] = 0.0;
      for (std::size_t t = 0; t < members.size(); ++t) {
        const Eigen::Index j = members[t];
        pc[j] = pm[static_cast<Eigen::Index>(t)];
        xbar.row(gi) += pc[j] * x.row(j);
        vbar[gi] += pc[j] * v[j];
      }
      b[gi] = lam * inclusive[gi];
    }
    const double lse_b = core::log_sum_exp<double>(b);
    pg = core::softmax<double>(b);
    const Eigen::Index c = static_cast<Eigen::Index>(d.chosen_row[s] - r0);
    const int gc = group_of_row[static_cast<std::size_t>(c)];
    const double ll = a[c] - inclusive[gc] + b[gc] - lse_b;
    if (!score) return ll;
    score->setZero(k + m);
    auto sc_of = [&](int gi) { return rum ? 1.0 / lambda(gi) : 1.0; };
    const double lc = lambda(gc), sc = sc_of(gc);
    Eigen::VectorXd gb = sc * (x.row(c).transpose() - xbar.row(gc).transpose()) + lc * sc * xbar.row(gc).transpose();
    for (Eigen::Index gi = 0; gi < ng; ++gi)
      gb -= pg[gi] * lambda(static_cast<int>(gi)) * sc_of(static_cast<int>(gi)) * xbar.row(gi).transpose();
    score->head(k) = gb;
    for (Eigen::Index gi = 0; gi < ng; ++gi) {
      const int g = groups[static_cast<std::size_t>(gi)];
      if (g >= m) continue;
      const double lam = lambda(static_cast<int>(gi));
      const double db = rum ? inclusive[gi] - vbar[gi] / lam : inclusive[gi];
      double s_l = -pg[gi] * db;
      if (gi == gc) {
        const double da = rum ? -v[c] / (lam * lam) : 0.0;
        const double di = rum ? -vbar[gi] / (lam * lam) : 0.0;
        s_l += da - di + db;
      }
      (*score)[k + g] = s_l;
    }
    return ll;
  }
};

struct Partial {
  double ll = 0.0;
  Eigen::VectorXd g;
};

void check_theta(const Design& d, const NestStructure& ns, const Eigen::VectorXd& theta) {
  if (theta.size() != d.k() + static_cast<Eigen::Index>(ns.names.size()))
    throw std::invalid_argument("nested logit: theta has " + std::to_string(theta.size()) + " entries for " +
                                std::to_string(d.k() + static_cast<int>(ns.names.size())) + " parameters");
}

LogLikelihood value_and_gradient(const Design& d, const NestStructure& ns, const Eigen::VectorXd& theta,
                                 bool want_g, int threads) {
  const SituationBlocks blocks(d.n_situations());
  const Eigen::Index p = theta.size();
  std::vector<Partial> parts(blocks.count);
  core::parallel_for(blocks.count, threads, [&](std::size_t bi) {
    NestedSituation ev;
    Eigen::VectorXd sc(p);
    Partial& out = parts[bi];
    if (want_g) out.g = Eigen::VectorXd::Zero(p);
    const auto [s0, s1] = blocks.range(bi);
    for (std::size_t s = s0; s < s1; ++s) {
      out.ll += ev.run(d, ns, theta, s, want_g ? &sc : nullptr);
      if (want_g && std::isfinite(out.ll)) out.g += sc;
    }
  });
  LogLikelihood r;
  if (want_g) r.gradient = Eigen::VectorXd::Zero(p);
  for (const auto& part : parts) {
    r.value += part.ll;
    if (want_g) r.gradient += part.g;
  }
  return r;
}

}  // namespace

LogLikelihood nested_log_likelihood(const Design& d, const NestStructure& ns, const Eigen::VectorXd& theta,
                                    Derivatives derivatives, int threads) {
  check_theta(d, ns, theta);
  LogLikelihood r = value_and_gradient(d, ns, theta, derivatives != Derivatives::none, threads);
  if (derivatives != Derivatives::hessian || !std::isfinite(r.value)) return r;
  const Eigen::Index p = theta.size();
  Eigen::VectorXd scale = Eigen::VectorXd::Ones(p);
  for (int j = 0; j < d.k(); ++j) scale[j] = std::max(1.0, d.x.col(j).cwiseAbs().maxCoeff());
  r.hessian.resize(p, p);
  for (Eigen::Index i = 0; i < p; ++i) {
    const double h = 1e-5 * std::max(std::abs(theta[i]), 1.0 / scale[i]);
    Eigen::VectorXd up = theta, down = theta;
    up[i] += h;
    down[i] -= h;
    const LogLikelihood gu = value_and_gradient(d, ns, up, true, threads);
    const LogLikelihood gd = value_and_gradient(d, ns, down, true, threads);
    r.hessian.col(i) = (gu.gradient - gd.gradient) / (2.0 * h);
  }
  r.hessian = (0.5 * (r.hessian + r.hessian.transpose())).eval();
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
