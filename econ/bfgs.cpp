#include "econ/bfgs.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <utility>

namespace arbiter::econ {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// phi(a) = -f(x + a d), its slope, and the gradient of f there.
struct Trial {
  double a = 0.0, phi = kInf, slope = 0.0;
  Eigen::VectorXd g;
};

class LineSearch {
 public:
  LineSearch(const Objective& f, const Eigen::VectorXd& x, const Eigen::VectorXd& d, int& evaluations, int budget,
             double gradient_tolerance)
      : f_(f), x_(x), d_(d), evaluations_(evaluations), budget_(budget), tolerance_(gradient_tolerance) {}

  Trial at(double a) {
    Trial t;
    t.a = a;
    t.g.resize(x_.size());
    ++evaluations_;
    --budget_;
    try {
      const double v = f_(x_ + a * d_, t.g);
      if (std::isfinite(v) && t.g.allFinite()) {
        t.phi = -v;
        t.slope = -t.g.dot(d_);
      }
    } catch (const std::domain_error&) {
    }
    return t;
  }

  // A step meeting the strong Wolfe conditions, or the best point seen (ok = false when none decreased phi).
  bool search(const Trial& zero, double a1, Trial& out) {
    constexpr double c1 = 1e-4, c2 = 0.9;
    Trial prev = zero;
    double a = a1;
    for (int i = 0; i < 12 && budget_ > 0; ++i) {
      Trial t = at(a);
      if (converged_at(zero, t)) {
        out = t;
        return true;
      }
      if (!std::isfinite(t.phi) || t.phi > zero.phi + c1 * a * zero.slope || (i > 0 && t.phi >= prev.phi))
        return zoom(zero, prev, t, out);
      if (std::abs(t.slope) <= -c2 * zero.slope) {
        out = t;
        return true;
      }
      if (t.slope >= 0) return zoom(zero, t, prev, out);
      prev = t;
      a *= 2.0;
    }
    out = prev;
    return prev.phi < zero.phi;
  }

 private:
  // A trial whose gradient is within the tolerance (a negative one: never) and whose value is the current one to
  // its rounding (near the optimum a Newton-like step can leave f unchanged while the gradient falls): the answer.
  bool converged_at(const Trial& zero, const Trial& t) const {
    return std::isfinite(t.phi) && t.g.cwiseAbs().maxCoeff() <= tolerance_ &&
           t.phi <= zero.phi + 1e-12 * std::max(1.0, std::abs(zero.phi));
  }
  bool zoom(const Trial& zero, Trial lo, Trial hi, Trial& out) {
    constexpr double c1 = 1e-4, c2 = 0.9;
    for (int i = 0; i < 12 && budget_ > 0; ++i) {
      const double width = hi.a - lo.a;
      double a = lo.a + 0.5 * width;
      if (std::isfinite(hi.phi)) {  // the minimum of the quadratic through lo (value, slope) and hi (value)
        const double denom = 2.0 * (hi.phi - lo.phi - lo.slope * width);
        if (denom > 0) a = lo.a - lo.slope * width * width / denom;
      }
      const double lo_end = std::min(lo.a, hi.a), hi_end = std::max(lo.a, hi.a), margin = 0.1 * (hi_end - lo_end);
      if (!(a > lo_end + margin && a < hi_end - margin)) a = lo.a + 0.5 * width;
      Trial t = at(a);
      if (converged_at(zero, t)) {
        out = t;
        return true;
      }
      if (!std::isfinite(t.phi) || t.phi > zero.phi + c1 * a * zero.slope || t.phi >= lo.phi) {
        hi = t;
      } else {
        if (std::abs(t.slope) <= -c2 * zero.slope) {
          out = t;
          return true;
        }
        if (t.slope * (hi.a - lo.a) >= 0) hi = lo;
        lo = t;
      }
      if (std::abs(hi.a - lo.a) < 1e-14 * std::max(1.0, std::abs(lo.a))) break;
    }
    out = lo;
    return lo.a > 0 && lo.phi < zero.phi;
  }

  const Objective& f_;
  const Eigen::VectorXd& x_;
  const Eigen::VectorXd& d_;
  int& evaluations_;
  int budget_;
  double tolerance_;
};

}  // namespace

BfgsMaximiser::BfgsMaximiser(Objective f, const Eigen::VectorXd& x0, const Eigen::MatrixXd& initial_inverse_hessian,
                             const BfgsOptions& options)
    : f_(std::move(f)), options_(options), initial_(initial_inverse_hessian) {
  r_.x = x0;
  r_.gradient.resize(x0.size());
  r_.value = f_(r_.x, r_.gradient);
  r_.evaluations = 1;
  start();
}

BfgsMaximiser::BfgsMaximiser(Objective f, const Eigen::VectorXd& x0, double value0, const Eigen::VectorXd& gradient0,
                             const Eigen::MatrixXd& initial_inverse_hessian, const BfgsOptions& options)
    : f_(std::move(f)), options_(options), initial_(initial_inverse_hessian) {
  r_.x = x0;
  r_.value = value0;
  r_.gradient = gradient0;
  start();
}

void BfgsMaximiser::start() {
  const Eigen::Index n = r_.x.size();
  if (!std::isfinite(r_.value) || r_.gradient.size() != n || !r_.gradient.allFinite())
    throw std::domain_error("BFGS: the objective is not finite at the starting point");
  given_ = initial_.rows() == n;
  H_ = given_ ? initial_ : Eigen::MatrixXd::Identity(n, n);
  scale_first_ = !given_;
}

void BfgsMaximiser::step() {
  if (done_) return;
  const Eigen::Index n = r_.x.size();
  BfgsResult& r = r_;
  Eigen::MatrixXd& H = H_;
  auto finish = [&] {
    r.inverse_hessian = H;
    done_ = true;
  };
  if (r.gradient.cwiseAbs().maxCoeff() <= options_.gradient_tolerance) {
    r.converged = true;
    r.message = "gradient below tolerance";
    return finish();
  }
  if (r.iterations >= options_.max_iterations) {
    r.message = "iteration limit reached";
    return finish();
  }
  if (options_.cancel && options_.cancel->load()) {
    r.message = "cancelled";
    return finish();
  }
  // Minimise phi = -f: the descent direction of -f is H * g.
  Eigen::VectorXd d = H * r.gradient;
  Trial zero;
  zero.phi = -r.value;
  zero.slope = -r.gradient.dot(d);
  if (!(zero.slope < 0)) {  // H lost positive definiteness: steepest ascent
    H = Eigen::MatrixXd::Identity(n, n) / std::max(1.0, r.gradient.norm());
    d = H * r.gradient;
    zero.slope = -r.gradient.dot(d);
  }
  const double take_at = options_.take_converged_trial ? options_.gradient_tolerance : -1.0;
  LineSearch ls(f_, r.x, d, r.evaluations, options_.line_search_evaluations, take_at);
  Trial t;
  const double a1 = scale_first_ ? std::min(1.0, 1.0 / std::max(1e-300, d.cwiseAbs().maxCoeff())) : 1.0;
  const bool ok = ls.search(zero, a1, t);
  if (!ok || !(t.phi < zero.phi || t.g.cwiseAbs().maxCoeff() <= take_at)) {
    if (reset_ || !options_.restart_after_failed_search || -zero.slope < options_.gain_tolerance) {
      // No step increases f: at the optimum to the precision of f when the predicted gain g'Hg is tiny.
      r.converged = -zero.slope < options_.gain_tolerance;
      r.message = r.converged ? "no further increase possible (predicted gain below tolerance)"
                              : "line search found no better point";
      return finish();
    }
    H = given_ ? initial_ : Eigen::MatrixXd::Identity(n, n);
    scale_first_ = !given_;
    reset_ = true;
    return;
  }
  reset_ = false;
  const Eigen::VectorXd s = t.a * d;
  const Eigen::VectorXd y = r.gradient - t.g;  // gradient change of -f
  r.x += s;
  r.value = -t.phi;
  r.gradient = t.g;
  ++r.iterations;
  const double sy = s.dot(y);
  if (sy > 1e-12 * s.norm() * y.norm()) {
    if (scale_first_) {
      H *= sy / y.squaredNorm();
      scale_first_ = false;
    }
    const double rho = 1.0 / sy;
    const Eigen::VectorXd Hy = H * y;
    H += (rho * rho * y.dot(Hy) + rho) * s * s.transpose() - rho * (Hy * s.transpose() + s * Hy.transpose());
  }
}

BfgsResult maximize_bfgs(const Objective& f, const Eigen::VectorXd& x0, const Eigen::MatrixXd& initial_inverse_hessian,
                         const BfgsOptions& options) {
  BfgsMaximiser m(f, x0, initial_inverse_hessian, options);
  while (!m.done()) m.step();
  return m.result();
}

}  // namespace arbiter::econ
