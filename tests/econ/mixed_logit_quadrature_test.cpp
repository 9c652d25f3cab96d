// Quadrature in place of simulation draws (one random coefficient): the composite Gauss-Legendre rules integrate the
// moments; the mixed logit's log-likelihood with 256 nodes equals an adaptive Gauss-Kronrod integration of every
// person's likelihood (written here independently) to 1e-6, for a normal, lognormal, uniform and triangular
// coefficient; its analytic gradient agrees with central differences; more than one random coefficient is refused.
#include <catch2/catch.hpp>
#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <string>
#include <vector>
#include <boost/math/quadrature/gauss_kronrod.hpp>

#include "core/input_error.hpp"
#include "econ/choice_data.hpp"
#include "econ/mixed_logit.hpp"
#include "econ/quadrature_nodes.hpp"
#include "tests/econ/electricity_panel.hpp"

using namespace arbiter::econ;

namespace {

const auto& kVars = arbiter::test_econ::kElectricityVariables;

// The first 40 people of Train's Electricity panel.
const MixedLogitData& electricity40() {
  static const MixedLogitData data = arbiter::test_econ::first_people(arbiter::test_econ::electricity_panel(), 40);
  return data;
}

double expectation(const QuadratureRule& q, double (*f)(double)) {
  double s = 0.0;
  for (std::size_t i = 0; i < q.nodes.size(); ++i) s += q.weights[i] * f(q.nodes[i]);
  return s;
}

// The panel log-likelihood with the first coefficient random (b_0 = transform(mean + sd t), t of density
// `density` on [lo, hi]) and the others fixed at theta, each person's integral by adaptive Gauss-Kronrod.
double exact_log_likelihood(const MixedLogitData& d, const Eigen::VectorXd& theta, Distribution dist) {
  const int K = static_cast<int>(d.x.cols());
  double ll = 0.0;
  for (std::size_t n = 0; n + 1 < d.person_offsets.size(); ++n) {
    auto person = [&](double t) {
      Eigen::VectorXd b = theta.head(K);
      double v = theta[0] + theta[K] * t;
      if (dist == Distribution::lognormal) v = std::exp(v);
      b[0] = v;
      double lik = 1.0;
      for (auto s = d.person_offsets[n]; s < d.person_offsets[n + 1]; ++s) {
        const auto r0 = d.offsets[static_cast<std::size_t>(s)], r1 = d.offsets[static_cast<std::size_t>(s) + 1];
        const Eigen::VectorXd u = d.x.middleRows(r0, r1 - r0) * b;
        const double m = u.maxCoeff();
        lik *= std::exp(u[d.chosen_row[static_cast<std::size_t>(s)] - r0] - m) / (u.array() - m).exp().sum();
      }
      const double density = dist == Distribution::uniform      ? 0.5
                             : dist == Distribution::triangular ? 1.0 - std::abs(t)
                                                                 : std::exp(-0.5 * t * t) / std::sqrt(2.0 * std::numbers::pi);
      return lik * density;
    };
    using GK = boost::math::quadrature::gauss_kronrod<double, 61>;
    double integral = 0.0;
    if (dist == Distribution::uniform) {
      integral = GK::integrate(person, -1.0, 1.0, 12, 1e-14);
    } else if (dist == Distribution::triangular) {
      integral = GK::integrate(person, -1.0, 0.0, 12, 1e-14) + GK::integrate(person, 0.0, 1.0, 12, 1e-14);
    } else {
      integral = GK::integrate(person, -12.0, 12.0, 12, 1e-14);
    }
    ll += std::log(integral);
  }
  return ll;
}

DrawOptions quadrature(int nodes) {
  DrawOptions o;
  o.method = DrawMethod::quadrature;
  o.draws = nodes;
  return o;
}

}  // namespace

TEST_CASE("the quadrature rules integrate the normal, uniform and triangular moments", "[mixed_logit][quadrature]") {
  const QuadratureRule h = normal_quadrature(256);  // 32 panels of 8 points over [-9, 9]
  CHECK(expectation(h, [](double) { return 1.0; }) == Approx(1.0).epsilon(1e-13));
  CHECK(expectation(h, [](double z) { return z; }) == Approx(0.0).margin(1e-14));
  CHECK(expectation(h, [](double z) { return z * z; }) == Approx(1.0).epsilon(1e-13));
  CHECK(expectation(h, [](double z) { return std::pow(z, 4); }) == Approx(3.0).epsilon(1e-13));
  CHECK(expectation(h, [](double z) { return std::pow(z, 10); }) == Approx(945.0).epsilon(1e-11));  // 9!!
  const QuadratureRule u = uniform_quadrature(6);  // one Gauss-Legendre panel: exact to degree 11
  CHECK(expectation(u, [](double x) { return x * x; }) == Approx(1.0 / 3.0).epsilon(1e-14));
  CHECK(expectation(u, [](double x) { return std::pow(x, 10); }) == Approx(1.0 / 11.0).epsilon(1e-13));
  const QuadratureRule t = triangular_quadrature(8);  // 4 points a half: (1 - |t|) t^k exact to k = 6
  CHECK(expectation(t, [](double x) { return x * x; }) == Approx(1.0 / 6.0).epsilon(1e-14));
  CHECK(expectation(t, [](double x) { return std::pow(x, 4); }) == Approx(1.0 / 15.0).epsilon(1e-13));
  CHECK(expectation(t, [](double x) { return std::abs(x); }) == Approx(1.0 / 3.0).epsilon(1e-14));
  for (const auto* q : {&h, &u, &t}) {
    double total = 0.0;
    for (double w : q->weights) {
      CHECK(w > 0.0);
      total += w;
    }
    CHECK(total == Approx(1.0).epsilon(1e-13));
    CHECK(std::is_sorted(q->nodes.begin(), q->nodes.end()));
  }
  CHECK(normal_quadrature(20).nodes.size() == 20);  // 2 panels of 10
  CHECK_THROWS_AS(normal_quadrature(0), arbiter::core::ArgumentError);
  CHECK_THROWS_AS(triangular_quadrature(1), arbiter::core::ArgumentError);
}

TEST_CASE("with 256 quadrature nodes the mixed logit's log-likelihood is the exact integral to 1e-6",
          "[mixed_logit][quadrature]") {
  const MixedLogitData& d = electricity40();
  for (Distribution dist : {Distribution::normal, Distribution::lognormal, Distribution::uniform, Distribution::triangular}) {
    std::vector<CoefficientSpec> spec;
    for (const auto& v : kVars) spec.push_back({v, v == "pf" ? dist : Distribution::fixed, false});
    const RandomCoefficients rc(spec);
    Eigen::VectorXd theta(rc.n_parameters());
    theta << (dist == Distribution::lognormal ? -0.2 : -0.6), -0.15, 1.5, 1.2, -6.0, -6.0, 0.4;
    if (dist == Distribution::lognormal) {  // a negative price coefficient: -exp(...) through a negated column
      MixedLogitData neg = d;
      neg.x.col(0) *= -1.0;
      const MixedLogit m(neg, rc, quadrature(256), true);
      INFO("lognormal");
      const double exact = exact_log_likelihood(neg, theta, dist);
      CHECK(m.evaluate(theta, false).value == Approx(exact).margin(1e-6).epsilon(0));
      continue;
    }
    const MixedLogit m(d, rc, quadrature(256), true);
    INFO(distribution_name(dist));
    const double exact = exact_log_likelihood(d, theta, dist);
    CHECK(m.evaluate(theta, false).value == Approx(exact).margin(1e-6).epsilon(0));
  }
}

TEST_CASE("the quadrature log-likelihood's analytic gradient matches central differences", "[mixed_logit][quadrature]") {
  const MixedLogitData& d = electricity40();
  std::vector<CoefficientSpec> spec;
  for (const auto& v : kVars) spec.push_back({v, v == "cl" ? Distribution::normal : Distribution::fixed, false});
  const RandomCoefficients rc(spec);
  for (bool panel : {true, false}) {
    const MixedLogit m(d, rc, quadrature(24), panel);
    Eigen::VectorXd theta(rc.n_parameters());
    theta << -0.6, -0.15, 1.5, 1.2, -6.0, -6.0, 0.3;
    const auto e = m.evaluate(theta, true);
    for (Eigen::Index i = 0; i < theta.size(); ++i) {
      const double h = 1e-5 * std::max(1.0, std::abs(theta[i]));
      Eigen::VectorXd up = theta, down = theta;
      up[i] += h;
      down[i] -= h;
      const double fd = (m.evaluate(up, false).value - m.evaluate(down, false).value) / (2.0 * h);
      INFO("parameter " << i << (panel ? ", panel" : ""));
      CHECK(e.gradient[i] == Approx(fd).margin(2e-5).epsilon(1e-6));
    }
  }
}

TEST_CASE("quadrature takes exactly one random coefficient and no antithetic draws", "[mixed_logit][quadrature]") {
  CHECK_THROWS_AS(make_simulation_draws(3, {StandardDraw::normal, StandardDraw::normal}, quadrature(10)),
                  arbiter::core::ArgumentError);
  DrawOptions anti = quadrature(10);
  anti.antithetic = true;
  CHECK_THROWS_AS(make_simulation_draws(3, {StandardDraw::normal}, anti), arbiter::core::ArgumentError);
  const SimulationDraws q = make_simulation_draws(3, {StandardDraw::uniform}, quadrature(5));
  REQUIRE(q.weights.size() == 5);
  CHECK(q.row(2, 0)[4] == q.row(0, 0)[4]);  // every person the same nodes
}
