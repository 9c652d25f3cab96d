// Willingness to pay of the mixed logit (the ratio of population means) and its delta-method standard error:
// the analytic gradient of -E[b_attr] / E[b_cost] in the model's parameters matches central finite
// differences for normal, uniform, lognormal, neg_lognormal and correlated lognormal coefficients with a fixed
// and with a random cost; the means are the closed forms; and with every coefficient fixed it is the logit's
// -b_attr / b_cost with the logit's standard error.
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "econ/random_coefficients.hpp"
#include "econ/willingness_to_pay.hpp"

using namespace arbiter::econ;

namespace {

// Central differences of ratio_of_means in every parameter.
Eigen::VectorXd numeric_gradient(const RandomCoefficients& rc, const Eigen::VectorXd& theta, int a, int c) {
  Eigen::VectorXd g(theta.size());
  for (Eigen::Index p = 0; p < theta.size(); ++p) {
    const double h = 1e-6 * std::max(1.0, std::abs(theta[p]));
    Eigen::VectorXd up = theta, down = theta;
    up[p] += h;
    down[p] -= h;
    g[p] = (ratio_of_means(rc, up, a, c).value - ratio_of_means(rc, down, a, c).value) / (2.0 * h);
  }
  return g;
}

}  // namespace

TEST_CASE("mixed-logit WTP: the delta-method gradient of the ratio of means matches finite differences",
          "[mixed_logit][wtp]") {
  // cost, time (normal), comfort (uniform), wifi (lognormal), noise (neg_lognormal, correlated with seats),
  // seats (lognormal, correlated), price2 (normal: a random cost).
  const RandomCoefficients rc({{"cost", Distribution::fixed, false},
                               {"time", Distribution::normal, false},
                               {"comfort", Distribution::uniform, false},
                               {"wifi", Distribution::lognormal, false},
                               {"noise", Distribution::neg_lognormal, true},
                               {"seats", Distribution::lognormal, true},
                               {"price2", Distribution::normal, false}});
  REQUIRE(rc.n_parameters() == 7 + 4 + 3);
  Eigen::VectorXd theta(rc.n_parameters());
  // means; sd.time, sd.comfort, sd.wifi, sd.price2; chol.noise.noise, chol.noise.seats, chol.seats.seats
  theta << -0.8, -0.05, 0.4, -0.7, -1.1, 0.2, -1.3, 0.03, 0.5, 0.6, 0.4, 0.35, -0.25, 0.45;
  for (int cost : {0, 6}) {
    for (int a : {1, 2, 3, 4, 5}) {
      const auto r = ratio_of_means(rc, theta, a, cost);
      const Eigen::VectorXd fd = numeric_gradient(rc, theta, a, cost);
      INFO("attribute " << a << ", cost " << cost);
      CHECK((r.gradient - fd).norm() < 1e-7 * std::max(1.0, fd.norm()));
      CHECK(r.gradient.norm() > 0.0);
    }
  }
  // Closed-form means: exp(mu + s^2 / 2), with s^2 the squared Cholesky row for a correlated coefficient.
  CHECK(coefficient_mean(rc, theta, 3).value == Approx(std::exp(-0.7 + 0.5 * 0.6 * 0.6)).epsilon(1e-14));
  CHECK(coefficient_mean(rc, theta, 4).value == Approx(-std::exp(-1.1 + 0.5 * 0.35 * 0.35)).epsilon(1e-14));
  CHECK(coefficient_mean(rc, theta, 5).value == Approx(std::exp(0.2 + 0.5 * (0.25 * 0.25 + 0.45 * 0.45))).epsilon(1e-14));
  CHECK(coefficient_mean(rc, theta, 1).value == -0.05);
  CHECK(ratio_of_means(rc, theta, 1, 0).value == Approx(-0.05 / 0.8).epsilon(1e-15));
  CHECK(ratio_of_means(rc, theta, 1, 6).value == Approx(-0.05 / 1.3).epsilon(1e-15));
}

TEST_CASE("mixed-logit WTP with fixed coefficients is the logit's ratio with the logit's delta-method error",
          "[mixed_logit][wtp]") {
  const RandomCoefficients rc({{"cost", Distribution::fixed, false}, {"time", Distribution::fixed, false},
                               {"wifi", Distribution::normal, false}});
  Eigen::VectorXd theta(4);
  theta << -0.5, -0.02, 0.3, 0.2;
  Eigen::MatrixXd V(4, 4);
  V << 0.010, 0.002, 0.001, 0.0, 0.002, 0.004, 0.0005, 0.0, 0.001, 0.0005, 0.02, 0.001, 0.0, 0.0, 0.001, 0.03;
  const auto r = ratio_of_means(rc, theta, 1, 0);
  const auto logit = willingness_to_pay(-0.02, -0.5, V(1, 1), V(0, 0), V(0, 1));
  CHECK(r.value == Approx(logit.value).epsilon(1e-15));
  CHECK(delta_method_std_error(r.gradient, V) == Approx(logit.std_error).epsilon(1e-12));
  // The spread does not move the mean of a normal coefficient: its gradient entry is 0.
  CHECK(ratio_of_means(rc, theta, 2, 0).gradient[3] == 0.0);
  CHECK_THROWS_AS(delta_method_std_error(r.gradient, V.topLeftCorner(3, 3)), std::invalid_argument);
  Eigen::VectorXd zero_cost = theta;
  zero_cost[0] = 0.0;
  CHECK_THROWS_AS(ratio_of_means(rc, zero_cost, 1, 0), std::invalid_argument);
}

TEST_CASE("the named WTP's delta-method error (the latent-class per-class ratio) matches a finite-difference gradient",
          "[mixed_logit][wtp]") {
  // Parameters as a latent class names them: a shared attribute and a class-specific cost.
  const std::vector<std::string> names = {"loc", "pf.a", "pf.b", "class.b"};
  Eigen::VectorXd theta(4);
  theta << 2.1, -0.9, -0.6, 0.3;
  Eigen::MatrixXd V(4, 4);
  V << 0.04, 0.003, 0.002, 0.001, 0.003, 0.01, 0.001, 0.0, 0.002, 0.001, 0.02, 0.002, 0.001, 0.0, 0.002, 0.05;
  for (const char* cost : {"pf.a", "pf.b"}) {
    const auto w = willingness_to_pay(names, theta, V, "loc", cost);
    const Eigen::Index c = std::string(cost) == "pf.a" ? 1 : 2;
    Eigen::VectorXd g = Eigen::VectorXd::Zero(4);
    for (Eigen::Index p : {Eigen::Index{0}, c}) {
      const double h = 1e-6;
      Eigen::VectorXd up = theta, down = theta;
      up[p] += h;
      down[p] -= h;
      g[p] = (-up[0] / up[c] + down[0] / down[c]) / (2.0 * h);
    }
    CHECK(w.value == Approx(-theta[0] / theta[c]).epsilon(1e-15));
    CHECK(w.std_error == Approx(std::sqrt(g.dot(V * g))).epsilon(1e-7));
  }
}
