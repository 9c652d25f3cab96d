#include "econ/likelihood_maximiser.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <utility>
#include <Eigen/Cholesky>

#include "core/config_error.hpp"

namespace arbiter::econ {
namespace {

void check_finite(const LogLikelihood& l, int iteration, const std::vector<std::string>& names,
                  const Eigen::VectorXd& theta) {
  bool ok = std::isfinite(l.value);
  for (Eigen::Index i = 0; ok && i < l.gradient.size(); ++i) ok = std::isfinite(l.gradient[i]);
  if (ok) return;
  std::ostringstream m;
  m << "estimation failed: the log-likelihood or its gradient is not finite at iteration " << iteration
    << " (parameters:";
  for (std::size_t i = 0; i < names.size(); ++i) m << " " << names[i] << "=" << theta[static_cast<Eigen::Index>(i)];
  m << ")";
  throw core::RunError(m.str());
}

}  // namespace

Eigen::VectorXd take(const Eigen::VectorXd& v, const std::vector<int>& idx) {
  Eigen::VectorXd out(static_cast<Eigen::Index>(idx.size()));
  for (std::size_t i = 0; i < idx.size(); ++i) out[static_cast<Eigen::Index>(i)] = v[idx[i]];
  return out;
}

Eigen::MatrixXd take(const Eigen::MatrixXd& m, const std::vector<int>& idx) {
  const Eigen::Index n = static_cast<Eigen::Index>(idx.size());
  Eigen::MatrixXd out(n, n);
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < n; ++j) out(i, j) = m(idx[static_cast<std::size_t>(i)], idx[static_cast<std::size_t>(j)]);
  return out;
}

LikelihoodMaximiser::LikelihoodMaximiser(Objective f, Eigen::VectorXd theta, const std::vector<bool>& fixed,
                                         const std::vector<std::string>& names, const EstimationOptions& options,
                                         bool allow_bfgs)
    : f_(std::move(f)), theta_(std::move(theta)), names_(names), opt_(options), allow_bfgs_(allow_bfgs) {
  for (std::size_t i = 0; i < fixed.size(); ++i)
    if (!fixed[i]) free_.push_back(static_cast<int>(i));
  cur_ = f_(theta_, Derivatives::hessian);
  check_finite(cur_, 0, names_, theta_);
}

void LikelihoodMaximiser::step() {
  if (done_) return;
  const Eigen::Index nf = static_cast<Eigen::Index>(free_.size());
  const int it = it_++;
  auto finish = [&] {
    o_.theta = theta_;
    o_.at = cur_;
    done_ = true;
  };
  const Eigen::VectorXd g = take(cur_.gradient, free_);
  const Eigen::MatrixXd neg_h = -take(cur_.hessian, free_);
  Eigen::VectorXd dir;
  Eigen::LLT<Eigen::MatrixXd> llt(neg_h);
  bool newton = llt.info() == Eigen::Success;
  if (newton) {
    dir = llt.solve(g);
    newton = dir.allFinite() && g.dot(dir) >= 0.0;
  }
  if (!newton) {
    if (hinv_.size() == 0) {
      hinv_ = Eigen::MatrixXd::Zero(nf, nf);
      for (Eigen::Index i = 0; i < nf; ++i) hinv_(i, i) = 1.0 / std::max(std::abs(neg_h(i, i)), 1e-8);
    }
    if (!allow_bfgs_) {
      // Levenberg-style: add a multiple of the diagonal until -H is positive definite.
      double mu = 1e-8;
      for (; mu < 1e8; mu *= 10.0) {
        Eigen::MatrixXd reg = neg_h;
        reg.diagonal() += mu * neg_h.diagonal().cwiseAbs().cwiseMax(1e-12);
        Eigen::LLT<Eigen::MatrixXd> l2(reg);
        if (l2.info() == Eigen::Success) {
          dir = l2.solve(g);
          break;
        }
      }
      if (dir.size() == 0) dir = hinv_ * g;
    } else {
      dir = hinv_ * g;
      o_.used_bfgs = true;
    }
  }
  const double scaled = g.dot(dir);
  o_.history.push_back({it, cur_.value, scaled, 0.0});
  if (newton && scaled < opt_.tolerance) {
    o_.converged = true;
    return finish();
  }
  if (it >= opt_.max_iterations || (opt_.cancel && opt_.cancel->load())) return finish();
  double t = 1.0;
  LogLikelihood next;
  Eigen::VectorXd trial;
  bool accepted = false;
  const double slack = 1e-13 * std::max(1.0, std::abs(cur_.value));
  for (int ls = 0; ls < 60; ++ls, t *= 0.5) {
    trial = theta_;
    for (Eigen::Index i = 0; i < nf; ++i) trial[free_[static_cast<std::size_t>(i)]] += t * dir[i];
    next = f_(trial, Derivatives::hessian);
    if (std::isfinite(next.value) && next.value >= cur_.value + 1e-4 * t * scaled - slack && next.gradient.allFinite()) {
      accepted = true;
      break;
    }
  }
  if (!accepted) return finish();
  if (hinv_.size() != 0) {
    const Eigen::VectorXd s = take(trial, free_) - take(theta_, free_);
    const Eigen::VectorXd y = g - take(next.gradient, free_);
    const double sy = s.dot(y);
    if (sy > 1e-300) {
      const Eigen::MatrixXd id = Eigen::MatrixXd::Identity(nf, nf);
      hinv_ = (id - s * y.transpose() / sy) * hinv_ * (id - y * s.transpose() / sy) + s * s.transpose() / sy;
    }
  }
  theta_ = trial;
  cur_ = next;
  o_.iterations = it + 1;
  o_.history.back().step = t;
}

Optimum maximise(const Objective& f, Eigen::VectorXd theta, const std::vector<bool>& fixed,
                 const std::vector<std::string>& names, const EstimationOptions& options, bool allow_bfgs) {
  LikelihoodMaximiser m(f, std::move(theta), fixed, names, options, allow_bfgs);
  while (!m.done()) m.step();
  return m.optimum();
}

}  // namespace arbiter::econ
