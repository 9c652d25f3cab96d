#include "econ/mixed_logit_estimation.hpp"

#include <algorithm>
#include <chrono>
#include <exception>
#include <cmath>
#include <limits>
#include <memory>
#include <utility>
#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>

#include "core/input_error.hpp"
#include "core/random_stream.hpp"
#include "econ/bfgs.hpp"
#include "econ/hessian_inverse.hpp"

namespace arbiter::econ {
namespace {

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Free entries of a full vector and back.
struct FreeMap {
  std::vector<int> index;
  Eigen::VectorXd full;
  Eigen::VectorXd free_of(const Eigen::VectorXd& v) const {
    Eigen::VectorXd out(static_cast<Eigen::Index>(index.size()));
    for (std::size_t i = 0; i < index.size(); ++i) out[static_cast<Eigen::Index>(i)] = v[index[i]];
    return out;
  }
  Eigen::VectorXd full_of(const Eigen::VectorXd& v) const {
    Eigen::VectorXd out = full;
    for (std::size_t i = 0; i < index.size(); ++i) out[index[i]] = v[static_cast<Eigen::Index>(i)];
    return out;
  }
  Eigen::MatrixXd expand(const Eigen::MatrixXd& m, double fill) const {
    Eigen::MatrixXd out = Eigen::MatrixXd::Constant(full.size(), full.size(), fill);
    for (std::size_t i = 0; i < index.size(); ++i)
      for (std::size_t j = 0; j < index.size(); ++j)
        out(index[i], index[j]) = m(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j));
    return out;
  }
};

// Thrown by Evaluations::get when a step's slice is spent before the evaluation asked for is complete: the piece
// of work that asked is abandoned (its state restored) and replayed at the next step. Not a std::exception, so
// nothing on the way (the BFGS line search catches std::domain_error) takes it for a failed evaluation.
struct Suspended {};

// Every evaluation of the model the estimation makes. Without slicing, straight calls. With it (options.slices,
// and an evaluation of more than options.slice_work situation-draws), each is computed a slice of chunks at a time,
// one slice per step (new_step()); the finished ones (and the failures) are kept until forget(), so the piece of
// work that asked for them can be replayed until it gets through.
class Evaluations {
 public:
  enum class Kind { value, gradient, scores, single };
  Evaluations(const MixedLogit& model, const MixedLogitOptions& o) : model_(model), o_(o) {
    if (!o.slices || !o.slices->slices()) return;
    const double work = static_cast<double>(model.n_situations()) * model.draws();
    const std::size_t chunks = model.n_chunks();
    if (work > o.slice_work && chunks > 1)
      per_slice_ = std::max<std::size_t>(1, static_cast<std::size_t>(static_cast<double>(chunks) * o.slice_work / work));
  }
  bool sliced() const { return per_slice_ > 0; }
  void new_step() { budget_ = 1; }
  void forget() { kept_.clear(); }

  SimulatedLogLikelihood get(Kind kind, const Eigen::VectorXd& theta) {
    if (!sliced()) return evaluate(kind, theta);
    for (const Kept& k : kept_)
      if (k.kind == kind && k.theta.size() == theta.size() && k.theta == theta) {
        if (k.failure) std::rethrow_exception(k.failure);
        return k.result;
      }
    if (!pending_ || pending_kind_ != kind || pending_theta_.size() != theta.size() || pending_theta_ != theta) {
      pending_ = true;
      pending_kind_ = kind;
      pending_theta_ = theta;
      next_chunk_ = 0;
    }
    const std::size_t chunks = model_.n_chunks();
    while (true) {
      if (budget_ == 0) throw Suspended{};
      --budget_;
      const std::size_t last = std::min(chunks, next_chunk_ + per_slice_);
      o_.slices->set_slice(next_chunk_, last);
      SimulatedLogLikelihood r;
      try {
        r = evaluate(kind, theta);
      } catch (...) {
        o_.slices->whole();
        pending_ = false;
        kept_.push_back({kind, theta, {}, std::current_exception()});
        throw;
      }
      o_.slices->whole();  // any other evaluation of the model between slices is whole
      next_chunk_ = last;
      if (last < chunks) continue;
      pending_ = false;
      kept_.push_back({kind, theta, r, nullptr});
      return r;
    }
  }

 private:
  SimulatedLogLikelihood evaluate(Kind kind, const Eigen::VectorXd& theta) const {
    switch (kind) {
      case Kind::value: return model_.evaluate(theta, false, false, o_.threads);
      case Kind::gradient: return model_.evaluate(theta, true, false, o_.threads);
      case Kind::scores: return model_.evaluate(theta, true, true, o_.threads);
      case Kind::single: break;
    }
    return model_.evaluate_single(theta, true, o_.threads);
  }
  struct Kept {
    Kind kind;
    Eigen::VectorXd theta;
    SimulatedLogLikelihood result;
    std::exception_ptr failure;
  };
  const MixedLogit& model_;
  const MixedLogitOptions& o_;
  std::size_t per_slice_ = 0;  // chunks per slice (0: whole evaluations)
  int budget_ = 1;             // slices this step may still compute
  std::vector<Kept> kept_;
  bool pending_ = false;
  Kind pending_kind_ = Kind::value;
  Eigen::VectorXd pending_theta_;
  std::size_t next_chunk_ = 0;
};

// The free columns of an evaluation's unit scores.
Eigen::MatrixXd free_scores(const SimulatedLogLikelihood& e, const FreeMap& map) {
  Eigen::MatrixXd S(e.unit_scores.rows(), static_cast<Eigen::Index>(map.index.size()));
  for (std::size_t i = 0; i < map.index.size(); ++i)
    S.col(static_cast<Eigen::Index>(i)) = e.unit_scores.col(map.index[i]);
  return S;
}

// One fit from one start, an iteration per step(): BFGS from the start's value and gradient, the BHHH inverse
// Hessian there scaling the first steps. With single_precision_gradient > 0, single precision while the gradient
// is large: the first kBhhhSteps iterations BHHH steps (the BHHH inverse Hessian taken again at each iterate:
// one evaluation with unit scores, a step() of its own), then BFGS until max |gradient| reaches
// kRefreshGradient, a BHHH inverse Hessian there in place of BFGS's (the early steps' curvature is far from the
// optimum's), BFGS on until single_precision_gradient, then double precision from that iterate and inverse
// Hessian, so the estimates are those of the exact likelihood and its gradient tolerance. With `evaluations`
// (the estimated model's), every evaluation goes through it; a step() it suspends leaves the fit as it was.
class Fit {
 public:
  // model, map, o and evaluations must outlive the fit.
  Fit(const MixedLogit& model, const FreeMap& map, const Eigen::VectorXd& start, const MixedLogitOptions& o,
      Evaluations* evaluations = nullptr)
      : model_(model), map_(map), o_(o), evaluations_(evaluations) {
    const auto e0 = scores_at(start);
    const Eigen::MatrixXd S = free_scores(e0, map);
    const Eigen::MatrixXd H0 = inverse_of_positive(S.transpose() * S);
    bo_.max_iterations = o.max_iterations;
    bo_.gradient_tolerance = o.gradient_tolerance;
    bo_.cancel = o.cancel;
    bo_.take_converged_trial = true;
    const Eigen::VectorXd x0 = map.free_of(start), g0 = map.free_of(e0.gradient);
    if (o.single_precision_gradient > 0) {
      stage_ = Stage::single;
      refresh_ = kRefreshGradient > std::max(o.single_precision_gradient, o.gradient_tolerance);
      bhhh_steps_ = refresh_ ? kBhhhSteps : 0;
      bfgs_ = std::make_unique<BfgsMaximiser>(objective(true), x0, e0.value, g0, H0, single_options());
    } else {
      bfgs_ = std::make_unique<BfgsMaximiser>(objective(false), x0, e0.value, g0, H0, bo_);
    }
  }
  void step() {
    if (stage_ == Stage::done) return;
    if (stage_ == Stage::refresh) return refresh();
    if (evaluations_ && evaluations_->sliced()) {
      BfgsMaximiser before = *bfgs_;
      try {
        bfgs_->step();
      } catch (const Suspended&) {
        *bfgs_ = std::move(before);
        throw;
      }
    } else {
      bfgs_->step();
    }
    if (!bfgs_->done()) return;
    const BfgsResult& r = bfgs_->result();
    if (stage_ == Stage::single) {
      // The double-precision BFGS first (its evaluation may suspend the step: nothing changed yet).
      BfgsOptions next = bo_;
      next.max_iterations = std::max(0, bo_.max_iterations - r.iterations);
      // A BHHH step's phase ends at its iteration limit of 1 (when it stepped and the gradient is still large).
      const bool bhhh_step = bhhh_steps_ > 0 && r.iterations == 1 && !r.converged && next.max_iterations > 0;
      const bool refresh = bhhh_step || (refresh_ && r.converged);
      std::unique_ptr<BfgsMaximiser> exact;
      if (!refresh) exact = std::make_unique<BfgsMaximiser>(objective(false), r.x, r.inverse_hessian, next);
      iterations_ += r.iterations;
      evaluations_count_ += r.evaluations;
      single_evaluations_ += r.evaluations;
      bo_ = next;
      if (bhhh_step) {
        --bhhh_steps_;
      } else {
        bhhh_steps_ = 0;
        refresh_ = false;
      }
      if (refresh) {
        base_ = r;
        stage_ = Stage::refresh;
      } else {
        stage_ = Stage::exact;
        bfgs_ = std::move(exact);
      }
      return;
    }
    result_ = r;
    result_.iterations += iterations_;
    result_.evaluations += evaluations_count_;
    stage_ = Stage::done;
  }
  bool done() const { return stage_ == Stage::done; }
  int iterations() const {
    return iterations_ + (stage_ == Stage::single || stage_ == Stage::exact ? bfgs_->result().iterations : 0);
  }
  // The objective at the current iterate (in the single-precision phase, its single-precision value).
  double current_value() const {
    return stage_ == Stage::done ? result_.value : stage_ == Stage::refresh ? base_.value : bfgs_->result().value;
  }
  const BfgsResult& result() const { return result_; }
  int single_evaluations() const { return single_evaluations_; }

 private:
  enum class Stage { single, refresh, exact, done };
  // Where the single-precision BFGS takes the BHHH inverse Hessian (max |gradient|), and how many BHHH steps
  // come first (while max |gradient| is above that).
  static constexpr double kRefreshGradient = 30.0;
  static constexpr int kBhhhSteps = 4;

  BfgsOptions single_options() const {
    BfgsOptions fast = bo_;
    const double until = refresh_ ? kRefreshGradient : o_.single_precision_gradient;
    fast.gradient_tolerance = std::max(until, o_.gradient_tolerance);
    fast.restart_after_failed_search = false;  // rounding noise: hand over to double precision at once
    fast.line_search_evaluations = 4;
    if (bhhh_steps_ > 0) fast.max_iterations = std::min(fast.max_iterations, 1);
    return fast;
  }
  // The BHHH inverse Hessian at the single-precision iterate (BFGS's when the scores are degenerate), and
  // single-precision BFGS (or the next BHHH step) on from there.
  void refresh() {
    const Eigen::MatrixXd S = free_scores(scores_at(map_.full_of(base_.x)), map_);
    ++evaluations_count_;
    Eigen::MatrixXd inverse = inverse_of_positive(S.transpose() * S);
    if (inverse.size() == 0) inverse = base_.inverse_hessian;
    stage_ = Stage::single;
    bfgs_ = std::make_unique<BfgsMaximiser>(objective(true), base_.x, base_.value, base_.gradient, inverse,
                                            single_options());
  }
  SimulatedLogLikelihood scores_at(const Eigen::VectorXd& theta) const {
    return evaluations_ ? evaluations_->get(Evaluations::Kind::scores, theta)
                        : model_.evaluate(theta, true, true, o_.threads);
  }
  Objective objective(bool single) const {
    return [this, single](const Eigen::VectorXd& x, Eigen::VectorXd& g) {
      const Eigen::VectorXd theta = map_.full_of(x);
      const auto e = evaluations_ ? evaluations_->get(single ? Evaluations::Kind::single : Evaluations::Kind::gradient, theta)
                     : single     ? model_.evaluate_single(theta, true, o_.threads)
                                  : model_.evaluate(theta, true, false, o_.threads);
      g = map_.free_of(e.gradient);
      return e.value;
    };
  }
  const MixedLogit& model_;
  const FreeMap& map_;
  const MixedLogitOptions& o_;
  Evaluations* evaluations_;
  BfgsOptions bo_;
  std::unique_ptr<BfgsMaximiser> bfgs_;
  Stage stage_ = Stage::exact;
  bool refresh_ = false;  // the single-precision phase still stops at kRefreshGradient
  int bhhh_steps_ = 0;    // BHHH steps still to take
  BfgsResult base_;       // the single-precision iterate the BHHH refresh is taken at
  int iterations_ = 0, evaluations_count_ = 1, single_evaluations_ = 0;
  BfgsResult result_;
};

}  // namespace


Eigen::MatrixXd simulated_hessian(const MixedLogit& model, const Eigen::VectorXd& theta, const std::vector<bool>& free,
                                  int threads) {
  const int P = model.n_parameters();
  Eigen::MatrixXd H = Eigen::MatrixXd::Zero(P, P);
  for (int i = 0; i < P; ++i) {
    if (!free[static_cast<std::size_t>(i)]) continue;
    const double h = 1e-5 * std::max(1.0, std::abs(theta[i]));
    Eigen::VectorXd up = theta, down = theta;
    up[i] += h;
    down[i] -= h;
    H.col(i) = (model.evaluate(up, true, false, threads).gradient - model.evaluate(down, true, false, threads).gradient) /
               (2.0 * h);
  }
  for (int i = 0; i < P; ++i)
    if (!free[static_cast<std::size_t>(i)]) H.row(i).setZero();
  return 0.5 * (H + H.transpose());
}

struct MixedLogitEstimation::State {
  enum class Phase { conditional_logit, prepare, fitting, next_start, standard_errors, done };
  const MixedLogit& model;
  MixedLogitOptions options;
  Phase phase = Phase::prepare;
  MixedLogitEstimate out;
  Clock::time_point t = Clock::now();
  Evaluations evaluations;
  // The conditional logit for the start.
  std::unique_ptr<MixedLogit> clogit;
  FreeMap cmap;
  MixedLogitOptions coptions;
  // The fits: the free parameters, the start, the current fit, the best so far, the next start once drawn.
  Eigen::VectorXd start, first, perturbed;
  FreeMap map;
  std::vector<bool> free;
  std::unique_ptr<Fit> fit;
  BfgsResult best;
  arbiter::core::RandomStream stream;
  bool timed_start = false;

  State(const MixedLogit& m, MixedLogitOptions o)
      : model(m), options(std::move(o)), evaluations(model, options), stream(options.seed, 0) {}
  void step();
  void conditional_logit_step();
  void prepare();
  void fitting_step();
  void next_start();
  void finish_fit();
  void standard_errors();
};

void MixedLogitEstimation::State::conditional_logit_step() {
  const auto& rc = model.coefficients();
  if (!fit) {
    clogit = std::make_unique<MixedLogit>(model.conditional_logit());
    cmap.full = Eigen::VectorXd::Zero(rc.n_coefficients());
    for (int k = 0; k < rc.n_coefficients(); ++k) cmap.index.push_back(k);
    coptions = options;
    coptions.gradient_tolerance = std::min(options.gradient_tolerance, 1e-6);
    coptions.single_precision_gradient = 0.0;
    fit = std::make_unique<Fit>(*clogit, cmap, cmap.full, coptions);
    return;
  }
  fit->step();
  if (!fit->done()) return;
  out.start_iterations = fit->result().iterations;
  start = rc.start(fit->result().x, options.start_sd);
  fit.reset();
  clogit.reset();
  phase = Phase::prepare;
}

// Replayed whole while its evaluations are suspended: sets only what it sets again.
void MixedLogitEstimation::State::prepare() {
  const int P = model.n_parameters();
  map.full = start;
  map.index.clear();
  free.assign(static_cast<std::size_t>(P), true);
  for (int i = 0; i < P; ++i) {
    if (!options.fixed.empty() && options.fixed[static_cast<std::size_t>(i)]) free[static_cast<std::size_t>(i)] = false;
    if (free[static_cast<std::size_t>(i)]) map.index.push_back(i);
  }
  if (!timed_start) {
    out.start_seconds = since(t);
    t = Clock::now();
    timed_start = true;
  }
  out.start_log_likelihood = evaluations.get(Evaluations::Kind::value, start).value;
  fit = std::make_unique<Fit>(model, map, start, options, &evaluations);
  phase = Phase::fitting;
}

void MixedLogitEstimation::State::fitting_step() {
  fit->step();
  if (!fit->done()) return;
  const BfgsResult& rs = fit->result();
  const bool first_start = out.start_log_likelihoods.empty();
  out.start_log_likelihoods.push_back(rs.value);
  out.single_evaluations += fit->single_evaluations();
  out.evaluations += rs.evaluations;
  if (first_start) {
    best = rs;
    first = map.full_of(rs.x);
  } else if (rs.value > best.value && (rs.converged || !best.converged)) {
    best = rs;
  }
  fit.reset();
  if (static_cast<int>(out.start_log_likelihoods.size()) < options.starts) {
    perturbed.resize(0);
    phase = Phase::next_start;
  } else {
    finish_fit();
  }
}

// Further starts: the means moved by 10% of their size, the free spreads of random sign and of 0.5 to 1.5
// times the first fit's size (the simulated likelihood has a local maximum per sign pattern of the spreads).
// The point is drawn once; building its fit is replayed while its evaluations are suspended.
void MixedLogitEstimation::State::next_start() {
  const auto& rc = model.coefficients();
  if (perturbed.size() == 0) {
    perturbed = start;
    for (int k = 0; k < rc.n_coefficients(); ++k) perturbed[k] += 0.1 * std::abs(start[k]) * stream.normal();
    for (int p = rc.n_coefficients(); p < model.n_parameters(); ++p) {
      if (!free[static_cast<std::size_t>(p)] || start[p] == 0.0) continue;
      perturbed[p] = (stream.bernoulli(0.5) ? 1.0 : -1.0) * stream.uniform(0.5, 1.5) * std::max(std::abs(first[p]), 0.1);
    }
  }
  fit = std::make_unique<Fit>(model, map, perturbed, options, &evaluations);
  phase = Phase::fitting;
}

void MixedLogitEstimation::State::finish_fit() {
  const int P = model.n_parameters();
  const BfgsResult& r = best;
  for (double v : out.start_log_likelihoods) out.starts_at_best += std::abs(v - r.value) <= 1e-4 ? 1 : 0;
  out.theta = map.full_of(r.x);
  out.log_likelihood = r.value;
  out.gradient = Eigen::VectorXd::Zero(P);
  for (std::size_t i = 0; i < map.index.size(); ++i) out.gradient[map.index[i]] = r.gradient[static_cast<Eigen::Index>(i)];
  out.iterations = r.iterations;
  out.evaluations += 1;
  out.converged = r.converged;
  out.message = r.message;
  out.fit_seconds = since(t);
  const Eigen::VectorXd nan = Eigen::VectorXd::Constant(P, kNaN);
  out.std_error = out.bhhh_std_error = out.robust_std_error = out.clustered_std_error = nan;
  t = Clock::now();
  phase = options.standard_errors ? Phase::standard_errors : Phase::done;
}

void MixedLogitEstimation::State::standard_errors() {
  const auto& rc = model.coefficients();
  const int P = model.n_parameters();
  const Eigen::VectorXd nan = Eigen::VectorXd::Constant(P, kNaN);
  // simulated_hessian's differences, through the evaluations (replayed whole while they are suspended).
  Eigen::MatrixXd hessian = Eigen::MatrixXd::Zero(P, P);
  for (int i = 0; i < P; ++i) {
    if (!free[static_cast<std::size_t>(i)]) continue;
    const double h = 1e-5 * std::max(1.0, std::abs(out.theta[i]));
    Eigen::VectorXd up = out.theta, down = out.theta;
    up[i] += h;
    down[i] -= h;
    hessian.col(i) = (evaluations.get(Evaluations::Kind::gradient, up).gradient -
                      evaluations.get(Evaluations::Kind::gradient, down).gradient) /
                     (2.0 * h);
  }
  for (int i = 0; i < P; ++i)
    if (!free[static_cast<std::size_t>(i)]) hessian.row(i).setZero();
  out.hessian = 0.5 * (hessian + hessian.transpose());
  const auto e = evaluations.get(Evaluations::Kind::scores, out.theta);
  const Eigen::Index F = static_cast<Eigen::Index>(map.index.size());
  Eigen::MatrixXd H(F, F), S(e.unit_scores.rows(), F);
  for (Eigen::Index i = 0; i < F; ++i) {
    S.col(i) = e.unit_scores.col(map.index[static_cast<std::size_t>(i)]);
    for (Eigen::Index j = 0; j < F; ++j) H(i, j) = out.hessian(map.index[static_cast<std::size_t>(i)], map.index[static_cast<std::size_t>(j)]);
  }
  // Clustered: the scores of each person's units summed.
  const auto& person = model.unit_person();
  const Eigen::Index people = person.empty() ? 0 : person.back() + 1;
  Eigen::MatrixXd C = Eigen::MatrixXd::Zero(people, F);
  for (Eigen::Index u = 0; u < S.rows(); ++u) C.row(person[static_cast<std::size_t>(u)]) += S.row(u);
  const Eigen::MatrixXd meat = S.transpose() * S, cluster_meat = C.transpose() * C;
  const Eigen::MatrixXd Hinv = inverse_of_positive(-H), Binv = inverse_of_positive(meat);
  auto se = [&](const Eigen::MatrixXd& cov) {
    Eigen::VectorXd v = nan;
    for (Eigen::Index i = 0; i < F; ++i) v[map.index[static_cast<std::size_t>(i)]] = std::sqrt(cov(i, i));
    return v;
  };
  if (Hinv.size() != 0) {
    out.covariance = map.expand(Hinv, 0.0);
    out.robust_covariance = map.expand(Hinv * meat * Hinv, 0.0);
    out.clustered_covariance = map.expand(Hinv * cluster_meat * Hinv, 0.0);
    out.std_error = se(Hinv);
    out.robust_std_error = se(Hinv * meat * Hinv);
    out.clustered_std_error = se(Hinv * cluster_meat * Hinv);
  } else {
    std::vector<std::string> free_names;
    for (Eigen::Index i = 0; i < F; ++i)
      free_names.push_back(out.names[static_cast<std::size_t>(map.index[static_cast<std::size_t>(i)])]);
    out.warnings.push_back(singular_hessian_warning(-H, free_names));
  }
  if (Binv.size() != 0) {
    out.bhhh_covariance = map.expand(Binv, 0.0);
    out.bhhh_std_error = se(Binv);
  }
  out.implied = implied_covariance(rc, out.theta, out.covariance);
  out.std_error_seconds = since(t);
  phase = Phase::done;
}

void MixedLogitEstimation::State::step() {
  evaluations.new_step();
  try {
    switch (phase) {
      case Phase::conditional_logit: conditional_logit_step(); break;
      case Phase::prepare: prepare(); break;
      case Phase::fitting: fitting_step(); break;
      case Phase::next_start: next_start(); break;
      case Phase::standard_errors: standard_errors(); break;
      case Phase::done: return;
    }
  } catch (const Suspended&) {
    return;  // the piece of work is replayed at the next step, with the evaluations finished so far
  }
  evaluations.forget();
}

MixedLogitEstimation::MixedLogitEstimation(const MixedLogit& model, MixedLogitOptions options) {
  const int P = model.n_parameters();
  if (options.start.size() != 0 && options.start.size() != P)
    throw core::ArgumentError("start", std::to_string(P) + " values", std::to_string(options.start.size()));
  if (!options.fixed.empty() && static_cast<int>(options.fixed.size()) != P)
    throw core::ArgumentError("fixed", std::to_string(P) + " flags", std::to_string(options.fixed.size()));
  state_ = std::make_unique<State>(model, std::move(options));
  state_->out.names = model.coefficients().parameter_names();
  state_->start = state_->options.start;
  if (state_->start.size() == 0) state_->phase = State::Phase::conditional_logit;
}

MixedLogitEstimation::~MixedLogitEstimation() = default;

void MixedLogitEstimation::step() { state_->step(); }

bool MixedLogitEstimation::done() const { return state_->phase == State::Phase::done; }

std::optional<MixedLogitEstimation::Iterate> MixedLogitEstimation::current() const {
  const State& s = *state_;
  if (s.phase != State::Phase::fitting || !s.fit) return std::nullopt;
  return Iterate{static_cast<int>(s.out.start_log_likelihoods.size()), s.fit->iterations(), s.fit->current_value()};
}

double MixedLogitEstimation::progress() const {
  using Phase = State::Phase;
  const State& s = *state_;
  if (s.phase == Phase::done) return 1.0;
  if (s.phase == Phase::standard_errors) return 0.95;
  if (s.phase != Phase::fitting && s.phase != Phase::next_start) return 0.0;
  const double starts = std::max(1, s.options.starts);
  const double iterations = s.fit ? s.fit->iterations() : 0.0;
  return 0.95 * (static_cast<double>(s.out.start_log_likelihoods.size()) + iterations / (iterations + 20.0)) / starts;
}

const MixedLogitEstimate& MixedLogitEstimation::result() const { return state_->out; }

MixedLogitEstimate estimate_mixed_logit(const MixedLogit& model, const MixedLogitOptions& options) {
  MixedLogitEstimation e(model, options);
  while (!e.done()) e.step();
  return e.result();
}

}  // namespace arbiter::econ
