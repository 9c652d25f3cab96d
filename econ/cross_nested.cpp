#include "econ/cross_nested.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/input_error.hpp"
#include "core/parallel_for.hpp"
#include "core/softmax.hpp"
#include "econ/situation_blocks.hpp"

namespace arbiter::econ {

namespace {

using RowMajor = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
constexpr double kInf = std::numeric_limits<double>::infinity();

std::string quoted(const std::string& s) { return "\"" + s + "\""; }

std::string number(double x) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6g", x);
  return buf;
}

}  // namespace

// One situation's working storage: per nest its members (row, alternative, allocation slot), scaled utilities
// a_jm, inclusive values, and the gradients with respect to v_j, log alpha_jm and lambda_m.
struct CrossNestedLogit::Situation {
  struct Member {
    Eigen::Index row;  // within the situation
    int alternative;
  };
  std::vector<std::vector<Member>> members;  // per nest
  std::vector<Eigen::VectorXd> a, q;         // per nest
  Eigen::VectorXd v, inclusive, b, pi, t, w, g_v, g_lambda;
  std::vector<int> active, chosen_nests;
  Eigen::MatrixXd g_log_alpha;  // J x M
};

CrossNestedLogit::CrossNestedLogit(const Design& d, const CrossNestSpec& spec, int threads) : design_(&d), threads_(threads) {
  const std::size_t J = d.alternatives.size();
  members_.assign(J, {});
  for (std::size_t m = 0; m < spec.nests.size(); ++m) {
    const Nest& nest = spec.nests[m];
    const std::string argument = "cross_nests[" + nest.name + "]";
    if (nest.alternatives.empty()) throw core::ArgumentError(argument, "a non-empty list of alternatives", "[]");
    nest_names_.push_back(nest.name);
    for (const auto& alt : nest.alternatives) {
      const auto it = std::find(d.alternatives.begin(), d.alternatives.end(), alt);
      if (it == d.alternatives.end()) {
        std::string all;
        for (const auto& a : d.alternatives) all += (all.empty() ? "" : ", ") + a;
        throw core::ArgumentError(argument, "alternatives of the data (" + all + ")", quoted(alt));
      }
      auto& list = members_[static_cast<std::size_t>(it - d.alternatives.begin())];
      if (!list.empty() && list.back().nest == static_cast<int>(m))
        throw core::ArgumentError(argument, "each alternative once", quoted(alt) + " twice");
      Membership mem;
      mem.nest = static_cast<int>(m);
      mem.name = "alpha." + alt + "." + nest.name;
      list.push_back(mem);
    }
  }
  for (std::size_t j = 0; j < J; ++j)
    if (members_[j].empty())
      throw core::ArgumentError("cross_nests", "every alternative in at least one nest",
                                quoted(d.alternatives[j]) + " in none");

  // beta, then iv.NEST.
  names_ = d.names;
  fixed_ = d.fixed;
  std::vector<double> start(d.start.data(), d.start.data() + d.start.size());
  auto known = [&](const std::string& name) {
    if (name.rfind("iv.", 0) == 0)
      return std::find(nest_names_.begin(), nest_names_.end(), name.substr(3)) != nest_names_.end();
    for (const auto& list : members_)
      for (const auto& mem : list)
        if (mem.name == name) return true;
    return false;
  };
  for (const auto* m : {&spec.start, &spec.fixed})
    for (const auto& [name, value] : *m) {
      const std::string argument = (m == &spec.start ? "start[" : "fixed[") + name + "]";
      if (!known(name)) throw core::ArgumentError(argument, "iv.NEST or alpha.ALT.NEST of the cross-nested model", quoted(name));
      if (name.rfind("alpha.", 0) == 0 && !(value >= 0.0 && value <= 1.0))
        throw core::ArgumentError(argument, "an allocation in [0, 1]", number(value));
    }
  for (std::size_t m = 0; m < nest_names_.size(); ++m) {
    const std::string name = "iv." + nest_names_[m];
    names_.push_back(name);
    double value = 1.0;
    bool fix = false;
    if (auto it = spec.start.find(name); it != spec.start.end()) value = it->second;
    if (auto it = spec.fixed.find(name); it != spec.fixed.end()) value = it->second, fix = true;
    std::size_t count = 0;
    for (const auto& list : members_)
      for (const auto& mem : list) count += mem.nest == static_cast<int>(m) ? 1 : 0;
    if (!fix && count == 1)
      throw IdentificationError("unidentified model: " + name + " belongs to a nest with one alternative, whose " +
                                "log-sum parameter cancels out of the cross-nested logit; fix it (\"fixed\": {\"" + name +
                                "\": 1})");
    fixed_.push_back(fix);
    start.push_back(value);
  }
  // Allocations: fixed ones as given; the free ones share what is left through a softmax over gamma.
  free_scale_.assign(J, 1.0);
  for (std::size_t j = 0; j < J; ++j) {
    auto& list = members_[j];
    double fixed_sum = 0.0;
    int n_free = 0;
    for (auto& mem : list) {
      if (auto it = spec.fixed.find(mem.name); it != spec.fixed.end()) {
        mem.value = it->second;
        fixed_sum += it->second;
      } else if (list.size() == 1) {
        mem.value = 1.0;
        fixed_sum += 1.0;
      } else {
        mem.free = true;
        ++n_free;
      }
    }
    const std::string& first = list.front().name;
    if (n_free == 0 && std::abs(fixed_sum - 1.0) > 1e-9)
      throw core::ArgumentError("fixed[" + first + "]", "allocations of " + d.alternatives[j] + " summing to 1 over its nests",
                                "a sum of " + number(fixed_sum));
    if (n_free > 0 && !(fixed_sum < 1.0))
      throw core::ArgumentError("fixed[" + first + "]",
                                "fixed allocations of " + d.alternatives[j] + " summing to less than 1 (it has free ones)",
                                "a sum of " + number(fixed_sum));
    free_scale_[j] = 1.0 - fixed_sum;
    // Starting shares of the free allocations: as given, the rest equal.
    std::vector<double> share;
    double given = 0.0;
    int unspecified = 0;
    for (const auto& mem : list) {
      if (!mem.free) continue;
      const auto it = spec.start.find(mem.name);
      share.push_back(it != spec.start.end() ? it->second : -1.0);
      if (it != spec.start.end()) given += it->second;
      else ++unspecified;
    }
    for (double& s : share)
      if (s < 0) s = std::max(free_scale_[j] - given, 1e-6) / std::max(unspecified, 1);
    bool reference = true;
    std::size_t f = 0;
    double log_ref = 0.0;
    for (auto& mem : list) {
      if (!mem.free) continue;
      const double sh = std::max(share[f++], 1e-12);
      if (reference) {
        reference = false;
        log_ref = std::log(sh);
        continue;
      }
      if (n_free < 2) continue;
      mem.gamma = static_cast<int>(names_.size());
      names_.push_back("gamma." + mem.name.substr(6));
      fixed_.push_back(false);
      start.push_back(std::log(sh) - log_ref);
    }
  }
  start_ = Eigen::Map<const Eigen::VectorXd>(start.data(), static_cast<Eigen::Index>(start.size()));
}

Eigen::VectorXd CrossNestedLogit::start(const Eigen::VectorXd& beta) const {
  Eigen::VectorXd t = start_;
  t.head(design_->k()) = beta;
  return t;
}

// log alpha (J x M, -inf outside a nest), for free allocations their share of the free part, and (when asked)
// alpha itself.
void CrossNestedLogit::fill_log_alpha(const Eigen::VectorXd& theta, Eigen::MatrixXd& log_alpha, Eigen::MatrixXd& share,
                                      Eigen::MatrixXd* alpha) const {
  const Eigen::Index J = static_cast<Eigen::Index>(members_.size()), M = n_nests();
  log_alpha.setConstant(J, M, -kInf);
  share.setZero(J, M);
  if (alpha) alpha->setZero(J, M);
  Eigen::VectorXd gamma;
  for (Eigen::Index j = 0; j < J; ++j) {
    const auto& list = members_[static_cast<std::size_t>(j)];
    int n_free = 0;
    for (const auto& mem : list) n_free += mem.free ? 1 : 0;
    gamma.resize(n_free);
    int f = 0;
    for (const auto& mem : list)
      if (mem.free) gamma[f++] = mem.gamma >= 0 ? theta[mem.gamma] : 0.0;
    const Eigen::VectorXd sh = n_free > 0 ? core::softmax<double>(gamma) : Eigen::VectorXd();
    const Eigen::VectorXd log_sh = n_free > 0 ? core::log_softmax<double>(gamma) : Eigen::VectorXd();
    f = 0;
    for (const auto& mem : list) {
      if (mem.free) {
        share(j, mem.nest) = sh[f];
        log_alpha(j, mem.nest) = std::log(free_scale_[static_cast<std::size_t>(j)]) + log_sh[f];
        if (alpha) (*alpha)(j, mem.nest) = free_scale_[static_cast<std::size_t>(j)] * sh[f];
        ++f;
      } else if (mem.value > 0.0) {
        log_alpha(j, mem.nest) = std::log(mem.value);
        if (alpha) (*alpha)(j, mem.nest) = mem.value;
      }
    }
  }
}

Eigen::MatrixXd CrossNestedLogit::allocations(const Eigen::VectorXd& theta) const {
  Eigen::MatrixXd log_alpha, share, alpha;
  fill_log_alpha(theta, log_alpha, share, &alpha);
  return alpha;
}

// log P(chosen) of situation s. With t_m = a_cm - I_m + b_m over the nests holding the chosen alternative c,
// w = softmax(t), pi = softmax(b) and q_jm = P(j | m), the coefficient of d a_jm is
// G_jm = [j = c] w_m + (w_m (lambda_m - 1) - pi_m lambda_m) q_jm, and lambda_m also enters b_m = lambda_m I_m
// directly: dL/d lambda_m = (w_m - pi_m) I_m - sum_j G_jm a_jm / lambda_m, dL/dv_j = dL/d log alpha_jm summed =
// sum_m G_jm / lambda_m.
double CrossNestedLogit::situation(const Eigen::VectorXd& theta, const Eigen::MatrixXd& log_alpha, std::size_t s,
                                   Situation& w, bool gradient) const {
  const Design& d = *design_;
  const int K = d.k(), M = n_nests();
  const auto r0 = d.offsets[s], r1 = d.offsets[s + 1];
  const Eigen::Index n = static_cast<Eigen::Index>(r1 - r0);
  Eigen::Map<const RowMajor> x(d.x.data() + r0 * K, n, K);
  w.v.noalias() = x * theta.head(K);
  w.members.assign(static_cast<std::size_t>(M), {});
  for (Eigen::Index j = 0; j < n; ++j) {
    if (!d.is_available(static_cast<std::size_t>(r0 + j))) continue;
    const int alt = d.alternative[static_cast<std::size_t>(r0 + j)];
    for (int m = 0; m < M; ++m)
      if (std::isfinite(log_alpha(alt, m))) w.members[static_cast<std::size_t>(m)].push_back({j, alt});
  }
  const Eigen::Index c = static_cast<Eigen::Index>(d.chosen_row[s] - r0);
  w.active.clear();
  w.chosen_nests.clear();
  w.a.resize(static_cast<std::size_t>(M));
  w.q.resize(static_cast<std::size_t>(M));
  w.inclusive.setZero(M);
  w.b.setZero(M);
  for (int m = 0; m < M; ++m) {
    const auto& mem = w.members[static_cast<std::size_t>(m)];
    if (mem.empty()) continue;
    const double lambda = theta[K + m];
    if (!(lambda > 0.0)) return -kInf;
    auto& a = w.a[static_cast<std::size_t>(m)];
    a.resize(static_cast<Eigen::Index>(mem.size()));
    for (std::size_t i = 0; i < mem.size(); ++i)
      a[static_cast<Eigen::Index>(i)] = (w.v[mem[i].row] + log_alpha(mem[i].alternative, m)) / lambda;
    w.inclusive[m] = core::log_sum_exp<double>(a);
    w.b[m] = lambda * w.inclusive[m];
    if (gradient) w.q[static_cast<std::size_t>(m)] = core::softmax<double>(a);
    w.active.push_back(m);
    for (const auto& e : mem)
      if (e.row == c) w.chosen_nests.push_back(m);
  }
  Eigen::VectorXd b_active(static_cast<Eigen::Index>(w.active.size()));
  for (std::size_t i = 0; i < w.active.size(); ++i) b_active[static_cast<Eigen::Index>(i)] = w.b[w.active[i]];
  w.t.resize(static_cast<Eigen::Index>(w.chosen_nests.size()));
  for (std::size_t i = 0; i < w.chosen_nests.size(); ++i) {
    const int m = w.chosen_nests[i];
    const auto& mem = w.members[static_cast<std::size_t>(m)];
    Eigen::Index pos = 0;
    while (mem[static_cast<std::size_t>(pos)].row != c) ++pos;
    w.t[static_cast<Eigen::Index>(i)] = w.a[static_cast<std::size_t>(m)][pos] - w.inclusive[m] + w.b[m];
  }
  const double ll = core::log_sum_exp<double>(w.t) - core::log_sum_exp<double>(b_active);
  if (!gradient) return ll;

  const Eigen::VectorXd pi_active = core::softmax<double>(b_active), w_chosen = core::softmax<double>(w.t);
  w.pi.setZero(M);
  w.w.setZero(M);
  for (std::size_t i = 0; i < w.active.size(); ++i) w.pi[w.active[i]] = pi_active[static_cast<Eigen::Index>(i)];
  for (std::size_t i = 0; i < w.chosen_nests.size(); ++i) w.w[w.chosen_nests[i]] = w_chosen[static_cast<Eigen::Index>(i)];
  w.g_v.setZero(n);
  w.g_lambda.setZero(M);
  w.g_log_alpha.setZero(static_cast<Eigen::Index>(members_.size()), M);
  for (int m : w.active) {
    const double lambda = theta[K + m];
    const auto& mem = w.members[static_cast<std::size_t>(m)];
    const auto& a = w.a[static_cast<std::size_t>(m)];
    const auto& q = w.q[static_cast<std::size_t>(m)];
    const double common = w.w[m] * (lambda - 1.0) - w.pi[m] * lambda;
    double g_lambda = (w.w[m] - w.pi[m]) * w.inclusive[m];
    for (std::size_t i = 0; i < mem.size(); ++i) {
      const Eigen::Index ii = static_cast<Eigen::Index>(i);
      const double G = (mem[i].row == c ? w.w[m] : 0.0) + common * q[ii];
      w.g_v[mem[i].row] += G / lambda;
      w.g_log_alpha(mem[i].alternative, m) += G / lambda;
      g_lambda -= G * a[ii] / lambda;
    }
    w.g_lambda[m] = g_lambda;
  }
  return ll;
}

ScoredLikelihood CrossNestedLogit::evaluate(const Eigen::VectorXd& theta, bool unit_scores) const {
  if (theta.size() != n_parameters())
    throw core::ArgumentError("theta", std::to_string(n_parameters()) + " values", std::to_string(theta.size()));
  const Design& d = *design_;
  const int K = d.k(), M = n_nests();
  const Eigen::Index P = n_parameters();
  Eigen::MatrixXd log_alpha, share;
  fill_log_alpha(theta, log_alpha, share);
  const SituationBlocks blocks(d.n_situations());
  std::vector<double> block_ll(blocks.count, 0.0);
  std::vector<Eigen::VectorXd> block_g(blocks.count, Eigen::VectorXd::Zero(P));
  ScoredLikelihood out;
  if (unit_scores) out.unit_scores = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(d.n_situations()), P);
  core::parallel_for(blocks.count, threads_, [&](std::size_t bi) {
    Situation w;
    Eigen::VectorXd score(P);
    const auto [s0, s1] = blocks.range(bi);
    for (std::size_t s = s0; s < s1; ++s) {
      const double ll = situation(theta, log_alpha, s, w, true);
      block_ll[bi] += ll;
      if (!std::isfinite(ll)) return;
      const auto r0 = d.offsets[s];
      Eigen::Map<const RowMajor> x(d.x.data() + r0 * K, d.offsets[s + 1] - r0, K);
      score.setZero();
      score.head(K).noalias() = x.transpose() * w.g_v;
      score.segment(K, M) = w.g_lambda;
      // d log alpha_jm / d gamma_jk = [m = k] - share_jk over the alternative's free allocations.
      for (std::size_t j = 0; j < members_.size(); ++j) {
        const auto& list = members_[j];
        double total = 0.0;
        for (const auto& mem : list)
          if (mem.free) total += w.g_log_alpha(static_cast<Eigen::Index>(j), mem.nest);
        if (total == 0.0 && list.size() < 2) continue;
        for (const auto& mem : list)
          if (mem.gamma >= 0)
            score[mem.gamma] += w.g_log_alpha(static_cast<Eigen::Index>(j), mem.nest) -
                                share(static_cast<Eigen::Index>(j), mem.nest) * total;
      }
      block_g[bi] += score;
      if (unit_scores) out.unit_scores.row(static_cast<Eigen::Index>(s)) = score.transpose();
    }
  });
  out.gradient = Eigen::VectorXd::Zero(P);
  for (std::size_t bi = 0; bi < blocks.count; ++bi) {
    out.value += block_ll[bi];
    out.gradient += block_g[bi];
  }
  if (!std::isfinite(out.value)) {
    out.value = -kInf;
    out.gradient.setZero();
  }
  return out;
}

CrossNestedLogit::Reported CrossNestedLogit::reported(const Eigen::VectorXd& theta) const {
  const int K = design_->k(), M = n_nests();
  Eigen::MatrixXd log_alpha, share, alphas;
  fill_log_alpha(theta, log_alpha, share, &alphas);
  Reported r;
  for (int i = 0; i < K + M; ++i) {
    r.names.push_back(names_[static_cast<std::size_t>(i)]);
    r.fixed.push_back(fixed_[static_cast<std::size_t>(i)]);
  }
  std::vector<double> values(theta.data(), theta.data() + K + M);
  std::vector<std::vector<std::pair<int, double>>> rows;  // per alpha: (gamma parameter, derivative)
  for (std::size_t j = 0; j < members_.size(); ++j) {
    const auto& list = members_[j];
    int n_free = 0;
    for (const auto& mem : list) n_free += mem.free ? 1 : 0;
    for (const auto& mem : list) {
      r.names.push_back(mem.name);
      const double alpha = alphas(static_cast<Eigen::Index>(j), mem.nest);
      values.push_back(alpha);
      r.fixed.push_back(!mem.free || n_free < 2);
      std::vector<std::pair<int, double>> row;
      if (mem.free && n_free >= 2)  // alpha_m = scale share_m: d / d gamma_k = scale share_m ([m = k] - share_k)
        for (const auto& other : list)
          if (other.gamma >= 0)
            row.emplace_back(other.gamma, alpha * ((other.nest == mem.nest ? 1.0 : 0.0) -
                                                   share(static_cast<Eigen::Index>(j), other.nest)));
      rows.push_back(std::move(row));
    }
  }
  r.values = Eigen::Map<const Eigen::VectorXd>(values.data(), static_cast<Eigen::Index>(values.size()));
  r.jacobian = Eigen::MatrixXd::Zero(r.values.size(), n_parameters());
  for (int i = 0; i < K + M; ++i) r.jacobian(i, i) = 1.0;
  for (std::size_t a = 0; a < rows.size(); ++a)
    for (const auto& [p, dv] : rows[a]) r.jacobian(K + M + static_cast<Eigen::Index>(a), p) = dv;
  return r;
}

}  // namespace arbiter::econ
