// InfoNCE on correlated Gaussians (ml/infonce.hpp): the closed-form information, the loss's limits, its gradient,
// the optimal critic as a log density ratio, and the bound log N - L <= min(I, log N) approached as N grows.
#include <catch2/catch.hpp>

#include <cmath>

#include "core/input_error.hpp"
#include "ml/infonce.hpp"

using namespace arbiter;

TEST_CASE("InfoNCE: I = -d/2 log(1 - rho^2)", "[ml][infonce]") {
  CHECK(ml::gaussian_pair_mutual_information(2, 0.9) == Approx(-std::log(0.19)).epsilon(1e-15));
  CHECK(ml::gaussian_pair_mutual_information(1, 0.0) == 0.0);
  CHECK(ml::gaussian_pair_mutual_information(3, -0.5) == Approx(-1.5 * std::log(0.75)).epsilon(1e-15));
  CHECK_THROWS_AS(ml::gaussian_pair_mutual_information(1, 1.0), core::ArgumentError);
  CHECK_THROWS_AS(ml::gaussian_pair_mutual_information(1, -1.0), core::ArgumentError);
}

TEST_CASE("InfoNCE: equal scores give L = log N, a dominant diagonal gives L -> 0 (estimate capped at log N)",
          "[ml][infonce]") {
  for (int n : {2, 5, 64}) {
    CHECK(ml::infonce_loss(Eigen::MatrixXd::Zero(n, n)) == Approx(std::log(n)).epsilon(1e-14));
    const Eigen::MatrixXd sharp = 1000.0 * Eigen::MatrixXd::Identity(n, n);
    CHECK(ml::infonce_loss(sharp) == Approx(0.0).margin(1e-300));
  }
  // A 2 x 2 case by hand: rows (1, 0) and (0, 2): L = -(log sigmoid(1) + log sigmoid(2)) / 2.
  Eigen::MatrixXd s(2, 2);
  s << 1, 0, 0, 2;
  CHECK(ml::infonce_loss(s) == Approx(0.5 * (std::log1p(std::exp(-1.0)) + std::log1p(std::exp(-2.0)))).epsilon(1e-14));
}

TEST_CASE("InfoNCE: dL/dS = (softmax_rows(S) - I) / N matches finite differences", "[ml][infonce]") {
  core::RandomStream rng(4, 0);
  Eigen::MatrixXd s(4, 4);
  for (Eigen::Index i = 0; i < s.size(); ++i) s.data()[i] = rng.normal();
  const Eigen::MatrixXd g = ml::infonce_loss_gradient(s);
  for (Eigen::Index i = 0; i < 4; ++i)
    for (Eigen::Index j = 0; j < 4; ++j) {
      Eigen::MatrixXd up = s, down = s;
      up(i, j) += 1e-6;
      down(i, j) -= 1e-6;
      CHECK(g(i, j) == Approx((ml::infonce_loss(up) - ml::infonce_loss(down)) / 2e-6).margin(1e-9));
    }
}

TEST_CASE("InfoNCE: the optimal critic is log p(y | x) - log p(y) of the Gaussians", "[ml][infonce]") {
  core::RandomStream rng(8, 0);
  const double rho = 0.7;
  const auto b = ml::draw_gaussian_pairs(5, 3, rho, rng);
  const Eigen::MatrixXd s = ml::optimal_critic_scores(b, rho);
  const double v = 1 - rho * rho;
  for (int i = 0; i < 5; ++i)
    for (int j = 0; j < 5; ++j) {
      const Eigen::VectorXd x = b.x.row(i).transpose(), y = b.y.row(j).transpose();
      const double log_cond = -1.5 * std::log(2 * M_PI * v) - (y - rho * x).squaredNorm() / (2 * v);
      const double log_marg = -1.5 * std::log(2 * M_PI) - y.squaredNorm() / 2;
      CHECK(s(i, j) == Approx(log_cond - log_marg).epsilon(1e-12).margin(1e-12));
    }
  // Its mean on positive pairs is the mutual information.
  const auto many = ml::draw_gaussian_pairs(40000, 3, rho, rng);
  double mean = 0;
  for (int i = 0; i < 40000; ++i) {
    const ml::GaussianPairs one{many.x.row(i), many.y.row(i)};
    mean += ml::optimal_critic_scores(one, rho)(0, 0) / 40000;
  }
  CHECK(mean == Approx(ml::gaussian_pair_mutual_information(3, rho)).margin(0.03));
}

TEST_CASE("InfoNCE: with the optimal critic log N - L stays below log N and approaches I from below as N grows",
          "[ml][infonce]") {
  const double rho = 0.8, mi = ml::gaussian_pair_mutual_information(1, rho);  // 0.511 nats
  core::RandomStream rng(21, 0);
  double previous = -1.0;
  for (int n : {2, 16, 256}) {
    double est = 0;
    const int batches = 16384 / n;
    for (int b = 0; b < batches; ++b) {
      const auto batch = ml::draw_gaussian_pairs(n, 1, rho, rng);
      const double e = std::log(n) - ml::infonce_loss(ml::optimal_critic_scores(batch, rho));
      CHECK(e <= std::log(n) + 1e-12);
      est += e / batches;
    }
    CHECK(est > previous);
    CHECK(est < mi + 0.02);
    previous = est;
  }
  CHECK(previous == Approx(mi).margin(0.05));
}

TEST_CASE("InfoNCE: a bilinear critic trained with Adam learns a positive diagonal and a positive estimate",
          "[ml][infonce]") {
  core::RandomStream rng(2, 0);
  ml::BilinearCritic critic(2, 0.05);
  double first = 0, last = 0;
  for (int t = 0; t < 300; ++t) {
    const double loss = critic.train_step(ml::draw_gaussian_pairs(64, 2, 0.9, rng));
    if (t == 0) first = loss;
    if (t >= 250) last += loss / 50;
  }
  CHECK(first == Approx(std::log(64.0)).epsilon(1e-14));  // W = 0: every score equal
  CHECK(last < first - 0.6);
  CHECK(critic.weights().diagonal().minCoeff() > 1.0);
  CHECK(std::abs(critic.weights()(0, 1)) < 0.5 * critic.weights()(0, 0));
}
