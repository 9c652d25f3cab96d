#include "econ/latent_class.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/input_error.hpp"
#include "core/parallel_for.hpp"
#include "core/softmax.hpp"
#include "econ/situation_blocks.hpp"

namespace arbiter::econ {

using RowMajor = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// Per-unit working storage: class log-likelihoods and their gradients (K x C), membership, posteriors.
struct LatentClassLogit::Unit {
  Eigen::VectorXd v, p, log_l, z, log_pi, pi, post, chosen_minus_mean;
  Eigen::MatrixXd g;  // K x C
  std::vector<Eigen::Index> rows;
};

LatentClassLogit::LatentClassLogit(const Design& design, LatentClassSpec spec, std::vector<std::int64_t> unit_offsets,
                                   Eigen::MatrixXd membership, int threads)
    : design_(&design), spec_(std::move(spec)), units_(std::move(unit_offsets)), membership_(std::move(membership)),
      threads_(threads) {
  const int C = n_classes(), K = design.k();
  if (C == 0) throw core::ArgumentError("classes", "at least one class name", "[]");
  for (int c = 0; c < C; ++c) {
    const auto& name = spec_.classes[static_cast<std::size_t>(c)];
    if (name.empty()) throw core::ArgumentError("classes[" + std::to_string(c) + "]", "a class name", "\"\"");
    if (std::find(spec_.classes.begin(), spec_.classes.begin() + c, name) != spec_.classes.begin() + c)
      throw core::ArgumentError("classes[" + std::to_string(c) + "]", "each class name once", "\"" + name + "\" twice");
  }
  std::vector<bool> specific(static_cast<std::size_t>(K), false);
  for (std::size_t i = 0; i < spec_.specific.size(); ++i) {
    const auto& name = spec_.specific[i];
    const auto it = std::find(design.names.begin(), design.names.end(), name);
    if (it == design.names.end()) {
      std::string all;
      for (const auto& n : design.names) all += (all.empty() ? "" : ", ") + n;
      throw core::ArgumentError("specific[" + std::to_string(i) + "]", "a coefficient of the model (one of " + all + ")",
                                "\"" + name + "\"");
    }
    const std::size_t k = static_cast<std::size_t>(it - design.names.begin());
    if (specific[k]) throw core::ArgumentError("specific[" + std::to_string(i) + "]", "each coefficient once", "\"" + name + "\" twice");
    specific[k] = true;
  }
  if (units_.empty())
    for (std::size_t s = 0; s <= design.n_situations(); ++s) units_.push_back(static_cast<std::int64_t>(s));
  if (units_.size() < 2 || units_.front() != 0 || units_.back() != static_cast<std::int64_t>(design.n_situations()) ||
      !std::is_sorted(units_.begin(), units_.end()))
    throw core::ArgumentError("units", "offsets from 0 to the number of situations", std::to_string(units_.size()) + " offsets");
  const Eigen::Index V = static_cast<Eigen::Index>(spec_.membership.size());
  if (membership_.size() == 0 && V == 0) membership_ = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(n_units()), 0);
  if (membership_.rows() != static_cast<Eigen::Index>(n_units()) || membership_.cols() != V)
    throw core::ArgumentError("membership", std::to_string(n_units()) + " x " + std::to_string(V) + " values",
                              std::to_string(membership_.rows()) + " x " + std::to_string(membership_.cols()));

  // Parameters: the design's coefficients in order, a specific one once per class; then the membership logit.
  std::vector<double> values;
  slot_.assign(static_cast<std::size_t>(K), std::vector<int>(static_cast<std::size_t>(C), 0));
  for (int k = 0; k < K; ++k) {
    const auto& name = design.names[static_cast<std::size_t>(k)];
    const bool fix = design.fixed[static_cast<std::size_t>(k)];
    for (int c = 0; c < C; ++c) {
      if (specific[static_cast<std::size_t>(k)] || c == 0) {
        names_.push_back(specific[static_cast<std::size_t>(k)] ? name + "." + spec_.classes[static_cast<std::size_t>(c)] : name);
        fixed_.push_back(fix);
        values.push_back(design.start[k]);
      }
      slot_[static_cast<std::size_t>(k)][static_cast<std::size_t>(c)] = static_cast<int>(names_.size()) - 1;
    }
  }
  membership_first_ = static_cast<int>(names_.size());
  for (int c = 1; c < C; ++c) {
    const std::string cls = "class." + spec_.classes[static_cast<std::size_t>(c)];
    names_.push_back(cls);
    for (const auto& var : spec_.membership) names_.push_back(cls + "." + var);
  }
  fixed_.resize(names_.size(), false);
  values.resize(names_.size(), 0.0);
  for (const auto& [name, value] : spec_.fixed) {
    const auto it = std::find(names_.begin(), names_.end(), name);
    const std::size_t i = static_cast<std::size_t>(it - names_.begin());
    const bool allowed = it != names_.end() && (static_cast<int>(i) >= membership_first_ ||
                                                std::find(design.names.begin(), design.names.end(), name) == design.names.end());
    if (!allowed) {
      std::string all;
      for (std::size_t j = 0; j < names_.size(); ++j)
        if (static_cast<int>(j) >= membership_first_ ||
            std::find(design.names.begin(), design.names.end(), names_[j]) == design.names.end())
          all += (all.empty() ? "" : ", ") + names_[j];
      throw core::ArgumentError("fixed[" + name + "]",
                                "a class-specific or membership parameter" + (all.empty() ? std::string() : " (one of " + all + ")"),
                                "\"" + name + "\"");
    }
    fixed_[i] = true;
    values[i] = value;
  }
  fixed_values_ = Eigen::Map<const Eigen::VectorXd>(values.data(), static_cast<Eigen::Index>(values.size()));
}

Eigen::VectorXd LatentClassLogit::start(const Eigen::VectorXd& clogit, const Eigen::VectorXd& se, double spread) const {
  const int C = n_classes(), K = design_->k();
  Eigen::VectorXd theta = fixed_values_;
  for (int k = 0; k < K; ++k)
    for (int c = 0; c < C; ++c) {
      const int p = slot_[static_cast<std::size_t>(k)][static_cast<std::size_t>(c)];
      if (fixed_[static_cast<std::size_t>(p)]) continue;
      const bool per_class = C > 1 && (c > 0 ? slot_[static_cast<std::size_t>(k)][0] != p
                                             : slot_[static_cast<std::size_t>(k)][1] != p);
      const double d = per_class ? spread * (-1.0 + 2.0 * c / (C - 1)) : 0.0;
      const double s = std::isfinite(se[k]) ? se[k] : 0.0;
      theta[p] = clogit[k] + d * (0.5 * std::abs(clogit[k]) + s);
    }
  return theta;
}

Eigen::MatrixXd LatentClassLogit::class_coefficients(const Eigen::VectorXd& theta) const {
  if (theta.size() != n_parameters())
    throw core::ArgumentError("theta", std::to_string(n_parameters()) + " values", std::to_string(theta.size()));
  const int C = n_classes(), K = design_->k();
  Eigen::MatrixXd b(K, C);
  for (int k = 0; k < K; ++k)
    for (int c = 0; c < C; ++c) b(k, c) = theta[slot_[static_cast<std::size_t>(k)][static_cast<std::size_t>(c)]];
  return b;
}

// Unit u's log-likelihood; with `gradient`, w.g holds each class's score and w.post, w.pi the posteriors and
// the membership probabilities.
double LatentClassLogit::unit(const Eigen::VectorXd& theta, const Eigen::MatrixXd& betas, std::size_t u, Unit& w,
                              bool gradient) const {
  const Design& d = *design_;
  const int C = n_classes(), K = d.k();
  const Eigen::Index V = membership_.cols();
  w.log_l.setZero(C);
  if (gradient) w.g.setZero(K, C);
  for (auto s = units_[u]; s < units_[u + 1]; ++s) {
    const auto r0 = d.offsets[static_cast<std::size_t>(s)], r1 = d.offsets[static_cast<std::size_t>(s) + 1];
    w.rows.clear();
    Eigen::Index chosen = -1;
    for (auto r = r0; r < r1; ++r) {
      if (!d.is_available(static_cast<std::size_t>(r))) continue;
      if (r == d.chosen_row[static_cast<std::size_t>(s)]) chosen = static_cast<Eigen::Index>(w.rows.size());
      w.rows.push_back(static_cast<Eigen::Index>(r));
    }
    const Eigen::Index n = static_cast<Eigen::Index>(w.rows.size());
    Eigen::Map<const RowMajor> x(d.x.data() + r0 * K, r1 - r0, K);
    for (int c = 0; c < C; ++c) {
      w.v.resize(n);
      for (Eigen::Index j = 0; j < n; ++j) w.v[j] = x.row(w.rows[static_cast<std::size_t>(j)] - r0).dot(betas.col(c));
      w.log_l[c] += w.v[chosen] - core::log_sum_exp<double>(w.v);
      if (!gradient) continue;
      w.p = core::softmax<double>(w.v);
      w.chosen_minus_mean = x.row(w.rows[static_cast<std::size_t>(chosen)] - r0).transpose();
      for (Eigen::Index j = 0; j < n; ++j) w.chosen_minus_mean -= w.p[j] * x.row(w.rows[static_cast<std::size_t>(j)] - r0).transpose();
      w.g.col(c) += w.chosen_minus_mean;
    }
  }
  w.z.setZero(C);
  for (int c = 1; c < C; ++c) {
    const int p = membership_first_ + (c - 1) * static_cast<int>(1 + V);
    w.z[c] = theta[p];
    for (Eigen::Index v = 0; v < V; ++v) w.z[c] += theta[p + 1 + v] * membership_(static_cast<Eigen::Index>(u), v);
  }
  w.log_pi = core::log_softmax<double>(w.z);
  w.post = w.log_pi + w.log_l;
  const double ll = core::log_sum_exp<double>(w.post);
  if (gradient) {
    w.pi = core::softmax<double>(w.z);
    w.post = core::softmax<double>(Eigen::VectorXd(w.log_pi + w.log_l));
  }
  return ll;
}

ScoredLikelihood LatentClassLogit::evaluate(const Eigen::VectorXd& theta, bool unit_scores) const {
  const Eigen::MatrixXd betas = class_coefficients(theta);
  const int C = n_classes(), K = design_->k();
  const Eigen::Index P = n_parameters(), V = membership_.cols();
  const std::size_t U = n_units();
  const SituationBlocks blocks(U);
  std::vector<double> block_ll(blocks.count, 0.0);
  std::vector<Eigen::VectorXd> block_g(blocks.count, Eigen::VectorXd::Zero(P));
  ScoredLikelihood out;
  if (unit_scores) out.unit_scores = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(U), P);
  core::parallel_for(blocks.count, threads_, [&](std::size_t b) {
    Unit w;
    Eigen::VectorXd score(P);
    const auto [u0, u1] = blocks.range(b);
    for (std::size_t u = u0; u < u1; ++u) {
      block_ll[b] += unit(theta, betas, u, w, true);
      score.setZero();
      for (int k = 0; k < K; ++k)
        for (int c = 0; c < C; ++c) score[slot_[static_cast<std::size_t>(k)][static_cast<std::size_t>(c)]] += w.post[c] * w.g(k, c);
      for (int c = 1; c < C; ++c) {
        const int p = membership_first_ + (c - 1) * static_cast<int>(1 + V);
        const double e = w.post[c] - w.pi[c];
        score[p] += e;
        for (Eigen::Index v = 0; v < V; ++v) score[p + 1 + v] += e * membership_(static_cast<Eigen::Index>(u), v);
      }
      block_g[b] += score;
      if (unit_scores) out.unit_scores.row(static_cast<Eigen::Index>(u)) = score.transpose();
    }
  });
  out.gradient = Eigen::VectorXd::Zero(P);
  for (std::size_t b = 0; b < blocks.count; ++b) {
    out.value += block_ll[b];
    out.gradient += block_g[b];
  }
  if (!std::isfinite(out.value)) out.value = -std::numeric_limits<double>::infinity();
  return out;
}

Eigen::MatrixXd LatentClassLogit::priors(const Eigen::VectorXd& theta) const {
  const Eigen::MatrixXd betas = class_coefficients(theta);
  Eigen::MatrixXd out(static_cast<Eigen::Index>(n_units()), n_classes());
  Unit w;
  for (std::size_t u = 0; u < n_units(); ++u) {
    unit(theta, betas, u, w, true);
    out.row(static_cast<Eigen::Index>(u)) = w.pi.transpose();
  }
  return out;
}

Eigen::MatrixXd LatentClassLogit::posteriors(const Eigen::VectorXd& theta) const {
  const Eigen::MatrixXd betas = class_coefficients(theta);
  Eigen::MatrixXd out(static_cast<Eigen::Index>(n_units()), n_classes());
  Unit w;
  for (std::size_t u = 0; u < n_units(); ++u) {
    unit(theta, betas, u, w, true);
    out.row(static_cast<Eigen::Index>(u)) = w.post.transpose();
  }
  return out;
}

Eigen::MatrixXd unit_variables(const ChoiceData& data, const std::vector<std::string>& variables,
                               const std::vector<std::int64_t>& unit_offsets) {
  std::vector<std::int64_t> units = unit_offsets;
  if (units.empty())
    for (std::size_t s = 0; s <= data.n_situations(); ++s) units.push_back(static_cast<std::int64_t>(s));
  const Eigen::Index U = static_cast<Eigen::Index>(units.size()) - 1;
  Eigen::MatrixXd out(U, static_cast<Eigen::Index>(variables.size()));
  for (std::size_t i = 0; i < variables.size(); ++i) {
    const std::string argument = "membership[" + std::to_string(i) + "]";
    if (data.column_index(variables[i]) < 0)
      throw core::ArgumentError(argument, "a numeric column of the data", "\"" + variables[i] + "\"");
    const auto& col = data.column(variables[i]);
    for (Eigen::Index u = 0; u < U; ++u) {
      const auto r0 = data.offsets[static_cast<std::size_t>(units[static_cast<std::size_t>(u)])];
      const auto r1 = data.offsets[static_cast<std::size_t>(units[static_cast<std::size_t>(u) + 1])];
      const double value = col[static_cast<std::size_t>(r0)];
      for (auto r = r0; r < r1; ++r)
        if (col[static_cast<std::size_t>(r)] != value)
          throw core::ArgumentError(argument, "a variable constant within each decision maker",
                                    "\"" + variables[i] + "\" varying within situation " +
                                        data.situation_ids[static_cast<std::size_t>(units[static_cast<std::size_t>(u)])] +
                                        (data.line.empty() ? std::string() : " (line " + std::to_string(data.line[static_cast<std::size_t>(r)]) + ")"));
      out(u, static_cast<Eigen::Index>(i)) = value;
    }
  }
  return out;
}

}  // namespace arbiter::econ
