#include <catch2/catch.hpp>

#include <cmath>

#include "core/softmax.hpp"
#include "core/softmax_derivatives.hpp"

using namespace arbiter::core;

namespace {

Eigen::VectorXd sample_logits() {
  Eigen::VectorXd x(5);
  x << 0.4, -1.3, 2.2, 0.0, 1.1;
  return x;
}

// Central finite-difference gradient of f at x.
template <class F> Eigen::VectorXd numeric_gradient(F f, Eigen::VectorXd x, double h = 1e-6) {
  Eigen::VectorXd g(x.size());
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    const double xi = x[i];
    x[i] = xi + h;
    const double up = f(x);
    x[i] = xi - h;
    const double down = f(x);
    x[i] = xi;
    g[i] = (up - down) / (2 * h);
  }
  return g;
}

}  // namespace

TEST_CASE("cross-entropy gradient is p - y, weighted by the target's class weight", "[core][derivatives]") {
  const Eigen::VectorXd x = sample_logits();
  Eigen::VectorXd w(5);
  w << 1.0, 2.0, 0.5, 1.0, 3.0;
  for (int y = 0; y < 5; ++y) {
    const Eigen::VectorXd g = cross_entropy_gradient<double>(x, y, w);
    Eigen::VectorXd expected = softmax<double>(x);
    expected[y] -= 1.0;
    expected *= w[y];
    CHECK((g - expected).cwiseAbs().maxCoeff() < 1e-14);
    const auto f = [&](const Eigen::VectorXd& v) { return cross_entropy<double>(v, y, w); };
    CHECK((numeric_gradient(f, x) - g).cwiseAbs().maxCoeff() < 1e-7);
  }
  CHECK(cross_entropy<double>(x, 2) == Approx(-std::log(softmax<double>(x)[2])));
  CHECK_THROWS_AS(cross_entropy<double>(x, 5), std::out_of_range);
}

TEST_CASE("soft-target cross-entropy matches finite differences", "[core][derivatives]") {
  const Eigen::VectorXd x = sample_logits();
  Eigen::VectorXd y(5), w(5);
  y << 0.1, 0.0, 0.6, 0.2, 0.1;
  w << 1.0, 1.0, 2.0, 0.5, 1.0;
  const Eigen::VectorXd g = cross_entropy_gradient<double>(x, y, w);
  const auto f = [&](const Eigen::VectorXd& v) { return cross_entropy<double>(v, y, w); };
  CHECK((numeric_gradient(f, x) - g).cwiseAbs().maxCoeff() < 1e-7);
  const Eigen::VectorXd ones = Eigen::VectorXd::Ones(5);
  CHECK((cross_entropy_gradient<double>(x, y, ones) - (softmax<double>(x) - y)).cwiseAbs().maxCoeff() < 1e-14);
}

TEST_CASE("batched cross-entropy averages the rows", "[core][derivatives]") {
  Batch<double> b(2, 3);
  b << 1, 2, 3, 0, -1, 4;
  Eigen::VectorXi t(2);
  t << 0, 2;
  const double expected = (cross_entropy<double>(Eigen::Vector3d(1, 2, 3), 0) +
                           cross_entropy<double>(Eigen::Vector3d(0, -1, 4), 2)) / 2;
  CHECK(cross_entropy_rows<double>(b, t) == Approx(expected));
  const Batch<double> g = cross_entropy_gradient_rows<double>(b, t);
  CHECK((g.row(1).transpose() - cross_entropy_gradient<double>(Eigen::Vector3d(0, -1, 4), 2) / 2).cwiseAbs().maxCoeff() < 1e-15);
}

TEST_CASE("the Jacobian-vector product and Hessian match finite differences", "[core][derivatives]") {
  const Eigen::VectorXd x = sample_logits();
  Eigen::VectorXd v(5);
  v << 0.3, -0.2, 1.0, 0.5, -0.7;
  for (double T : {0.5, 1.0, 2.0}) {
    const Eigen::VectorXd p = softmax<double>(x, T);
    const double h = 1e-6;
    const Eigen::VectorXd fd = (softmax<double>(x + h * v, T) - softmax<double>(x - h * v, T)) / (2 * h);
    CHECK((softmax_jvp<double>(p, v, T) - fd).cwiseAbs().maxCoeff() < 1e-8);
  }
  const Eigen::VectorXd p = softmax<double>(x);
  const Eigen::MatrixXd H = softmax_hessian<double>(p);
  // The Hessian of log-sum-exp: the Jacobian of its gradient softmax(x).
  for (int j = 0; j < 5; ++j) {
    const double h = 1e-6;
    Eigen::VectorXd e = Eigen::VectorXd::Zero(5);
    e[j] = h;
    const Eigen::VectorXd col = (softmax<double>(x + e) - softmax<double>(x - e)) / (2 * h);
    CHECK((H.col(j) - col).cwiseAbs().maxCoeff() < 1e-8);
  }
  CHECK(H.rowwise().sum().cwiseAbs().maxCoeff() < 1e-15);
}

TEST_CASE("entropy, its gradient, and KL divergence", "[core][derivatives]") {
  Eigen::VectorXd u = Eigen::VectorXd::Constant(4, 0.25);
  CHECK(entropy<double>(u) == Approx(std::log(4.0)));
  Eigen::VectorXd d(3);
  d << 1.0, 0.0, 0.0;
  CHECK(entropy<double>(d) == 0.0);
  const Eigen::VectorXd x = sample_logits();
  for (double T : {0.5, 1.0, 4.0}) {
    const auto f = [&](const Eigen::VectorXd& v) { return entropy_of_logits<double>(v, T); };
    CHECK((numeric_gradient(f, x) - entropy_gradient<double>(x, T)).cwiseAbs().maxCoeff() < 1e-7);
  }
  Eigen::VectorXd p(3), q(3);
  p << 0.5, 0.3, 0.2;
  q << 0.2, 0.5, 0.3;
  CHECK(kl_divergence<double>(p, q) ==
        Approx(0.5 * std::log(2.5) + 0.3 * std::log(0.6) + 0.2 * std::log(0.2 / 0.3)));
  CHECK(kl_divergence<double>(p, p) == 0.0);
  q << 0.5, 0.5, 0.0;
  CHECK(std::isinf(kl_divergence<double>(p, q)));
}

TEST_CASE("masked entries have exactly zero gradient through the Jacobian", "[core][derivatives]") {
  Eigen::VectorXd x = sample_logits();
  Mask m = Mask::Constant(5, true);
  m[2] = false;
  const Eigen::VectorXd p = masked_softmax<double>(x, m);
  const Eigen::VectorXd g = softmax_jvp<double>(p, Eigen::VectorXd::Ones(5) + x);
  CHECK(g[2] == 0.0);
  const Eigen::MatrixXd H = softmax_hessian<double>(p);
  CHECK(H.row(2).cwiseAbs().maxCoeff() == 0.0);
  CHECK(H.col(2).cwiseAbs().maxCoeff() == 0.0);
}
