// econ::BfgsMaximiser: it reaches the maximum of Rosenbrock's function (1, 1); started from a value and
// gradient already known it takes the same steps as the one that evaluates them, with one evaluation fewer; and
// with take_converged_trial, a step to a point whose gradient is within the tolerance is taken even when the
// value there equals the current one to its rounding (without, the search ends "line search found no better
// point", not converged).
#include <catch2/catch.hpp>

#include <cstring>
#include <limits>
#include <stdexcept>

#include "econ/bfgs.hpp"

using namespace arbiter::econ;

namespace {

// -Rosenbrock: maximum 0 at (1, 1).
double neg_rosenbrock(const Eigen::VectorXd& x, Eigen::VectorXd& g) {
  const double a = 1.0 - x[0], b = x[1] - x[0] * x[0];
  g[0] = 2.0 * a + 400.0 * x[0] * b;
  g[1] = -200.0 * b;
  return -(a * a + 100.0 * b * b);
}

bool same_bits(const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
  return a.size() == b.size() &&
         std::memcmp(a.data(), b.data(), static_cast<std::size_t>(a.size()) * sizeof(double)) == 0;
}

}  // namespace

TEST_CASE("BFGS from a known value and gradient takes the evaluating maximiser's steps, one evaluation fewer",
          "[econ][bfgs]") {
  const Eigen::Vector2d x0(-1.2, 1.0);
  BfgsOptions o;
  o.gradient_tolerance = 1e-8;
  const BfgsResult evaluating = maximize_bfgs(neg_rosenbrock, x0, Eigen::MatrixXd(), o);
  REQUIRE(evaluating.converged);
  CHECK(evaluating.x[0] == Approx(1.0).epsilon(1e-7));
  CHECK(evaluating.x[1] == Approx(1.0).epsilon(1e-7));
  CHECK(evaluating.value == Approx(0.0).margin(1e-14));

  Eigen::VectorXd g0(2);
  const double v0 = neg_rosenbrock(x0, g0);
  BfgsMaximiser known(neg_rosenbrock, x0, v0, g0, Eigen::MatrixXd(), o);
  CHECK(known.result().evaluations == 0);
  while (!known.done()) known.step();
  const BfgsResult& r = known.result();
  CHECK(r.converged);
  CHECK(r.iterations == evaluating.iterations);
  CHECK(r.evaluations == evaluating.evaluations - 1);
  CHECK(same_bits(r.x, evaluating.x));
  CHECK(same_bits(r.gradient, evaluating.gradient));

  Eigen::VectorXd bad(2);
  bad << 1.0, std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_AS(BfgsMaximiser(neg_rosenbrock, x0, v0, bad, Eigen::MatrixXd(), o), std::domain_error);
}

TEST_CASE("with take_converged_trial, a step to a point within the gradient tolerance is taken at the same value",
          "[econ][bfgs]") {
  // f = 1e8 - a x^2 with a x0^2 = 5e-9, below half an ulp of 1e8 (7.45e-9): f(0) == f(x0) in double, while the
  // gradient -2 a x falls from 1e-8 to 0 and the predicted gain g' H g = 1e-8 is above gain_tolerance.
  constexpr double a = 5e-9;
  const Objective f = [](const Eigen::VectorXd& x, Eigen::VectorXd& g) {
    g[0] = -2.0 * a * x[0];
    return 1e8 - a * x[0] * x[0];
  };
  const Eigen::VectorXd x0 = Eigen::VectorXd::Constant(1, 1.0);
  Eigen::VectorXd g(1);
  REQUIRE(f(Eigen::VectorXd::Zero(1), g) == f(x0, g));
  BfgsOptions o;
  o.gradient_tolerance = 1e-9;
  const Eigen::MatrixXd newton = Eigen::MatrixXd::Constant(1, 1, 1.0 / (2.0 * a));  // (-f'')^-1
  const BfgsResult without = maximize_bfgs(f, x0, newton, o);  // the default: the search fails
  CHECK_FALSE(without.converged);
  CHECK(without.message == "line search found no better point");
  CHECK(without.x[0] == 1.0);
  o.take_converged_trial = true;
  const BfgsResult r = maximize_bfgs(f, x0, newton, o);
  CHECK(r.converged);
  CHECK(r.message == "gradient below tolerance");
  CHECK(r.iterations == 1);
  CHECK(r.evaluations == 2);
  CHECK(r.x[0] == 0.0);
  CHECK(r.gradient[0] == 0.0);
}
