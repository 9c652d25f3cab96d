#include "econ/bfgs_estimation.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>

#include "core/config_error.hpp"
#include "core/input_error.hpp"
#include "econ/bfgs.hpp"
#include "econ/hessian_inverse.hpp"

namespace arbiter::econ {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

}  // namespace

struct BfgsEstimation::State {
  enum class Phase { fitting, optimum, hessian, covariance, done };
  ScoredLikelihoodFunction f;
  Eigen::VectorXd start;
  std::vector<bool> fixed;
  std::vector<std::string> names;
  bool standard_errors = true;
  std::vector<Eigen::Index> free;
  Phase phase = Phase::fitting;
  std::unique_ptr<BfgsMaximiser> bfgs;  // null when no parameter is free
  BfgsEstimate out;
  ScoredLikelihood at;  // at the optimum, with unit scores
  Eigen::MatrixXd H;    // free x free, filled a column per step
  Eigen::Index column = 0;

  Eigen::Index n_free() const { return static_cast<Eigen::Index>(free.size()); }
  Eigen::VectorXd full_of(const Eigen::VectorXd& x) const {
    Eigen::VectorXd t = start;
    for (Eigen::Index i = 0; i < n_free(); ++i) t[free[static_cast<std::size_t>(i)]] = x[i];
    return t;
  }
  Eigen::VectorXd free_of(const Eigen::VectorXd& v) const {
    Eigen::VectorXd o(n_free());
    for (Eigen::Index i = 0; i < n_free(); ++i) o[i] = v[free[static_cast<std::size_t>(i)]];
    return o;
  }
  Eigen::MatrixXd free_scores(const Eigen::MatrixXd& sc) const {
    Eigen::MatrixXd o(sc.rows(), n_free());
    for (Eigen::Index i = 0; i < n_free(); ++i) o.col(i) = sc.col(free[static_cast<std::size_t>(i)]);
    return o;
  }
  void optimum();
  void hessian_column();
  void covariance();
};

BfgsEstimation::BfgsEstimation(ScoredLikelihoodFunction f, const Eigen::VectorXd& start, std::vector<bool> fixed,
                               std::vector<std::string> names, const BfgsEstimationOptions& options,
                               bool standard_errors)
    : state_(std::make_unique<State>()) {
  State& st = *state_;
  const Eigen::Index P = start.size();
  if (fixed.size() != static_cast<std::size_t>(P))
    throw core::ArgumentError("fixed", std::to_string(P) + " flags", std::to_string(fixed.size()));
  if (names.size() != static_cast<std::size_t>(P))
    throw core::ArgumentError("names", std::to_string(P) + " names", std::to_string(names.size()));
  st.f = std::move(f);
  st.start = start;
  st.fixed = std::move(fixed);
  st.names = std::move(names);
  st.standard_errors = standard_errors;
  for (Eigen::Index i = 0; i < P; ++i)
    if (!st.fixed[static_cast<std::size_t>(i)]) st.free.push_back(i);

  const ScoredLikelihood s0 = st.f(start, true);
  if (!std::isfinite(s0.value) || !s0.gradient.allFinite())
    throw core::RunError("estimation failed: the log-likelihood or its gradient is not finite at the start");
  st.out.start_log_likelihood = s0.value;
  if (st.n_free() == 0) {
    st.phase = State::Phase::optimum;
    return;
  }
  const Eigen::MatrixXd S0 = st.free_scores(s0.unit_scores);
  const Eigen::MatrixXd H0 = inverse_of_positive(S0.transpose() * S0);
  State* self = &st;
  const Objective objective = [self](const Eigen::VectorXd& x, Eigen::VectorXd& g) {
    const ScoredLikelihood l = self->f(self->full_of(x), false);
    g = self->free_of(l.gradient);
    return l.value;
  };
  BfgsOptions bo;
  bo.max_iterations = options.max_iterations;
  bo.gradient_tolerance = options.gradient_tolerance;
  bo.cancel = options.cancel;
  st.bfgs = std::make_unique<BfgsMaximiser>(objective, st.free_of(start), H0, bo);
}

BfgsEstimation::~BfgsEstimation() = default;

void BfgsEstimation::State::optimum() {
  const Eigen::Index P = start.size(), F = n_free();
  const BfgsResult r = F > 0 ? bfgs->result() : BfgsResult{};
  out.theta = F > 0 ? full_of(r.x) : start;
  out.iterations = r.iterations;
  out.evaluations = r.evaluations + 1;
  out.converged = F > 0 ? r.converged : true;
  out.message = F > 0 ? r.message : "no free parameters";
  bfgs.reset();
  at = f(out.theta, true);
  out.log_likelihood = at.value;
  out.gradient = at.gradient;
  if (!standard_errors) {
    phase = Phase::done;
    return;
  }
  const Eigen::VectorXd nan = Eigen::VectorXd::Constant(P, kNaN);
  out.std_error = out.robust_std_error = nan;
  out.hessian = out.covariance = out.robust_covariance = Eigen::MatrixXd::Zero(P, P);
  H.resize(F, F);
  column = 0;
  phase = F == 0 ? Phase::done : Phase::hessian;
}

void BfgsEstimation::State::hessian_column() {
  const Eigen::Index i = column;
  const Eigen::Index p = free[static_cast<std::size_t>(i)];
  const double h = 1e-5 * std::max(1.0, std::abs(out.theta[p]));
  Eigen::VectorXd up = out.theta, down = out.theta;
  up[p] += h;
  down[p] -= h;
  H.col(i) = (free_of(f(up, false).gradient) - free_of(f(down, false).gradient)) / (2.0 * h);
  if (++column == n_free()) phase = Phase::covariance;
}

void BfgsEstimation::State::covariance() {
  const Eigen::Index F = n_free();
  phase = Phase::done;
  H = (0.5 * (H + H.transpose())).eval();
  const Eigen::MatrixXd S = free_scores(at.unit_scores);
  const Eigen::MatrixXd meat = S.transpose() * S;
  const Eigen::MatrixXd Hinv = H.allFinite() ? inverse_of_positive(-H) : Eigen::MatrixXd();
  for (Eigen::Index i = 0; i < F; ++i)
    for (Eigen::Index j = 0; j < F; ++j) out.hessian(free[static_cast<std::size_t>(i)], free[static_cast<std::size_t>(j)]) = H(i, j);
  if (Hinv.size() == 0) {
    std::vector<std::string> free_names;
    for (Eigen::Index i = 0; i < F; ++i)
      free_names.push_back(names[static_cast<std::size_t>(free[static_cast<std::size_t>(i)])]);
    out.warnings.push_back(singular_hessian_warning(-H, free_names));
    return;
  }
  const Eigen::MatrixXd robust = Hinv * meat * Hinv;
  for (Eigen::Index i = 0; i < F; ++i) {
    const Eigen::Index p = free[static_cast<std::size_t>(i)];
    out.std_error[p] = std::sqrt(Hinv(i, i));
    out.robust_std_error[p] = std::sqrt(robust(i, i));
    for (Eigen::Index j = 0; j < F; ++j) {
      out.covariance(p, free[static_cast<std::size_t>(j)]) = Hinv(i, j);
      out.robust_covariance(p, free[static_cast<std::size_t>(j)]) = robust(i, j);
    }
  }
}

void BfgsEstimation::step() {
  State& st = *state_;
  switch (st.phase) {
    case State::Phase::fitting:
      st.bfgs->step();
      if (st.bfgs->done()) st.phase = State::Phase::optimum;
      return;
    case State::Phase::optimum: return st.optimum();
    case State::Phase::hessian: return st.hessian_column();
    case State::Phase::covariance: return st.covariance();
    case State::Phase::done: return;
  }
}

bool BfgsEstimation::done() const { return state_->phase == State::Phase::done; }

void BfgsEstimation::add_standard_errors() {
  State& st = *state_;
  if (st.standard_errors || st.phase != State::Phase::done) {
    st.standard_errors = true;
    return;
  }
  const Eigen::Index P = st.start.size(), F = st.n_free();
  st.standard_errors = true;
  const Eigen::VectorXd nan = Eigen::VectorXd::Constant(P, kNaN);
  st.out.std_error = st.out.robust_std_error = nan;
  st.out.hessian = st.out.covariance = st.out.robust_covariance = Eigen::MatrixXd::Zero(P, P);
  st.H.resize(F, F);
  st.column = 0;
  st.phase = F == 0 ? State::Phase::done : State::Phase::hessian;
}

int BfgsEstimation::iterations() const {
  const State& st = *state_;
  return st.bfgs ? st.bfgs->result().iterations : st.out.iterations;
}

const BfgsEstimate& BfgsEstimation::result() const { return state_->out; }

BfgsEstimate estimate_by_bfgs(const ScoredLikelihoodFunction& f, const Eigen::VectorXd& start,
                              const std::vector<bool>& fixed, const std::vector<std::string>& names,
                              const BfgsEstimationOptions& options) {
  BfgsEstimation e(f, start, fixed, names, options);
  while (!e.done()) e.step();
  return e.result();
}

}  // namespace arbiter::econ
