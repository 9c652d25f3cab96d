#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "core/softmax.hpp"

using namespace arbiter::core;

TEST_CASE("softmax matches exp(x)/sum exp(x) on a small vector", "[core][softmax]") {
  Eigen::VectorXd x(3);
  x << 1.0, 2.0, 3.0;
  const Eigen::VectorXd p = softmax<double>(x);
  const double z = std::exp(1.0) + std::exp(2.0) + std::exp(3.0);
  CHECK(p[0] == Approx(std::exp(1.0) / z).epsilon(1e-14));
  CHECK(p[1] == Approx(std::exp(2.0) / z).epsilon(1e-14));
  CHECK(p[2] == Approx(std::exp(3.0) / z).epsilon(1e-14));
}

TEST_CASE("temperature divides the logits", "[core][softmax]") {
  Eigen::VectorXd x(4);
  x << 0.3, -1.2, 2.5, 0.0;
  const Eigen::VectorXd a = softmax<double>(x, 2.5);
  const Eigen::VectorXd b = softmax<double>(x / 2.5);
  CHECK((a - b).cwiseAbs().maxCoeff() < 1e-15);
}

TEST_CASE("huge finite logits give finite probabilities summing to 1", "[core][softmax]") {
  Eigen::VectorXd x(4);
  x << 1e30, -1e30, 1e30, 5.0;
  const Eigen::VectorXd p = softmax<double>(x);
  CHECK(p.allFinite());
  CHECK(p.sum() == Approx(1.0));
  CHECK(p[0] == 0.5);
  CHECK(p[1] == 0.0);
  CHECK(log_sum_exp<double>(x) == Approx(1e30 + std::log(2.0)));

  Eigen::VectorXf xf(3);
  xf << 1e4f, -1e4f, 9999.0f;
  const Eigen::VectorXf pf = softmax<float>(xf);
  CHECK(pf.allFinite());
  CHECK(pf.sum() == Approx(1.0f));
  CHECK(pf[0] == Approx(1.0 / (1.0 + std::exp(-1.0))).epsilon(1e-6));
}

TEST_CASE("temperature to zero is argmax with ties split, infinity is uniform", "[core][softmax]") {
  Eigen::VectorXd x(4);
  x << 1.0, 3.0, 3.0, -2.0;
  const Eigen::VectorXd cold = softmax<double>(x, 1e-300);
  CHECK(cold[0] == 0.0);
  CHECK(cold[1] == 0.5);
  CHECK(cold[2] == 0.5);
  CHECK(cold[3] == 0.0);
  CHECK((cold - argmax_distribution<double>(x)).cwiseAbs().maxCoeff() == 0.0);
  const Eigen::VectorXd hot = softmax<double>(x, std::numeric_limits<double>::infinity());
  for (int i = 0; i < 4; ++i) CHECK(hot[i] == 0.25);
  CHECK(log_sum_exp<double>(x, std::numeric_limits<double>::infinity()) == Approx(std::log(4.0)));
}

TEST_CASE("bad temperatures and NaN logits are rejected with a message", "[core][softmax]") {
  Eigen::VectorXd x(2);
  x << 1.0, 2.0;
  CHECK_THROWS_AS(softmax<double>(x, 0.0), std::invalid_argument);
  CHECK_THROWS_AS(softmax<double>(x, -1.0), std::invalid_argument);
  CHECK_THROWS_AS(softmax<double>(x, std::nan("")), std::invalid_argument);
  x[1] = std::nan("");
  CHECK_THROWS_WITH(softmax<double>(x), Catch::Contains("logit 1 is NaN"));
  CHECK_THROWS_AS(log_sum_exp<double>(x), std::domain_error);
  CHECK_THROWS_AS(softmax<double>(Eigen::VectorXd()), std::invalid_argument);
}

TEST_CASE("log_softmax equals log of softmax and log_sum_exp is its normaliser", "[core][softmax]") {
  Eigen::VectorXd x(5);
  x << -3.0, 0.5, 7.25, 7.0, 1.0;
  for (double T : {0.1, 1.0, 3.0}) {
    const Eigen::VectorXd lp = log_softmax<double>(x, T);
    const Eigen::VectorXd p = softmax<double>(x, T);
    for (int i = 0; i < 5; ++i) CHECK(lp[i] == Approx(std::log(p[i])).epsilon(1e-12));
    double z = 0;
    for (int i = 0; i < 5; ++i) z += std::exp(x[i] / T);
    CHECK(log_sum_exp<double>(x, T) == Approx(std::log(z)).epsilon(1e-14));
  }
}

TEST_CASE("long vectors use blocks and agree with a direct double computation", "[core][softmax]") {
  const int n = 100003;
  Eigen::VectorXf x(n);
  for (int i = 0; i < n; ++i) x[i] = static_cast<float>(std::sin(0.37 * i) * 40.0 + (i == 77777 ? 60.0 : 0.0));
  const Eigen::VectorXf p = softmax<float>(x);
  const Eigen::VectorXd xd = x.cast<double>();
  const double m = xd.maxCoeff();
  double z = 0;
  for (int i = 0; i < n; ++i) z += std::exp(xd[i] - m);
  CHECK(p.cast<double>().sum() == Approx(1.0).epsilon(1e-5));
  // Probabilities below the smallest normal float are flushed to 0, so they match to that absolute margin.
  for (int i : {0, 1, 2047, 2048, 77777, n - 1})
    CHECK(p[i] == Approx(std::exp(xd[i] - m) / z).epsilon(1e-4).margin(std::numeric_limits<float>::min()));
  CHECK(log_sum_exp<float>(x) == Approx(m + std::log(z)).epsilon(1e-6));
}

TEST_CASE("row-wise batches equal per-row softmax", "[core][softmax]") {
  Batch<double> b(3, 4);
  b << 1, 2, 3, 4, -1, 0, 0, 1, 100, -100, 50, 0;
  const Batch<double> p = softmax_rows<double>(b, 0.7);
  const Eigen::VectorXd lse = log_sum_exp_rows<double>(b, 0.7);
  const Batch<double> lp = log_softmax_rows<double>(b, 0.7);
  for (int r = 0; r < 3; ++r) {
    const Eigen::VectorXd row = b.row(r).transpose();
    CHECK((p.row(r).transpose() - softmax<double>(row, 0.7)).cwiseAbs().maxCoeff() < 1e-15);
    CHECK(lse[r] == Approx(log_sum_exp<double>(row, 0.7)));
    CHECK((lp.row(r).transpose() - log_softmax<double>(row, 0.7)).cwiseAbs().maxCoeff() < 1e-12);
  }
}

TEST_CASE("masked entries get exactly zero and a fully masked row is an error", "[core][softmax]") {
  Eigen::VectorXd x(4);
  x << 2.0, 50.0, -1.0, 0.5;
  Mask m(4);
  m << true, false, true, true;
  const Eigen::VectorXd p = masked_softmax<double>(x, m);
  CHECK(p[1] == 0.0);
  Eigen::VectorXd kept(3);
  kept << 2.0, -1.0, 0.5;
  const Eigen::VectorXd q = softmax<double>(kept);
  CHECK(p[0] == Approx(q[0]));
  CHECK(p[2] == Approx(q[1]));
  CHECK(p[3] == Approx(q[2]));
  CHECK(std::isinf(masked_log_softmax<double>(x, m)[1]));
  CHECK(masked_log_sum_exp<double>(x, m) == Approx(log_sum_exp<double>(kept)));
  CHECK_THROWS_AS(masked_softmax<double>(x, Mask::Constant(4, false)), std::domain_error);
  // A masked NaN does not matter.
  x[1] = std::nan("");
  CHECK(masked_softmax<double>(x, m).allFinite());
}

TEST_CASE("sigmoid is the two-class softmax and Boltzmann factors are exp(-beta dE)", "[core][softmax]") {
  for (double v : {-30.0, -1.0, 0.0, 2.0, 40.0}) {
    Eigen::VectorXd two(2);
    two << v, 0.0;
    CHECK(sigmoid(v) == Approx(softmax<double>(two)[0]).epsilon(1e-14));
  }
  CHECK(sigmoid(-800.0) == 0.0);
  CHECK(sigmoid(800.0) == 1.0);
  CHECK(boltzmann_factor(2.0, 0.5) == Approx(std::exp(-1.0)));
  CHECK(boltzmann_factor(0.0, std::numeric_limits<double>::infinity()) == 1.0);
  CHECK(boltzmann_factor(1e6, 1.0) == 0.0);
}
