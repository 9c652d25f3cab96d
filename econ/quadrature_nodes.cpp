#include "econ/quadrature_nodes.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <Eigen/Eigenvalues>

#include "core/input_error.hpp"

namespace arbiter::econ {
namespace {

// Golub-Welsch for the Legendre weight: the nodes are the eigenvalues of the symmetric tridiagonal Jacobi
// matrix (zero diagonal, off-diagonal k / sqrt(4k^2 - 1)); the weights the squared first components of the
// normalised eigenvectors (they sum to 1: the uniform density's mass).
QuadratureRule legendre(int n) {
  Eigen::MatrixXd J = Eigen::MatrixXd::Zero(n, n);
  for (int k = 1; k < n; ++k) {
    const double kk = static_cast<double>(k);
    J(k - 1, k) = J(k, k - 1) = kk / std::sqrt(4.0 * kk * kk - 1.0);
  }
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(J);
  QuadratureRule rule;
  for (int i = 0; i < n; ++i) {
    rule.nodes.push_back(eig.eigenvalues()[i]);
    rule.weights.push_back(eig.eigenvectors()(0, i) * eig.eigenvectors()(0, i));
  }
  return rule;
}

// `nodes` points over [lo, hi] in max(1, nodes / 8) equal panels (the first nodes % panels panels one point
// more), each a Gauss-Legendre rule, weighted by `density`; appended to `rule` unnormalised.
void add_panels(QuadratureRule& rule, int nodes, double lo, double hi, double (*density)(double)) {
  const int panels = std::max(1, nodes / 8);
  const double h = (hi - lo) / panels;
  for (int k = 0; k < panels; ++k) {
    const int n = nodes / panels + (k < nodes % panels ? 1 : 0);
    const QuadratureRule g = legendre(n);
    const double mid = lo + (k + 0.5) * h;
    for (int i = 0; i < n; ++i) {
      const double t = mid + 0.5 * h * g.nodes[static_cast<std::size_t>(i)];
      rule.nodes.push_back(t);
      rule.weights.push_back(g.weights[static_cast<std::size_t>(i)] * h * density(t));
    }
  }
}

QuadratureRule normalised(QuadratureRule rule) {
  double total = 0.0;
  for (double w : rule.weights) total += w;
  for (double& w : rule.weights) w /= total;
  return rule;
}

void check(int nodes, int least) {
  if (nodes < least)
    throw core::ArgumentError("draws", "at least " + std::to_string(least) + " quadrature node" + (least > 1 ? "s" : ""),
                              std::to_string(nodes));
}

}  // namespace

QuadratureRule gauss_legendre_uniform(int nodes) {
  check(nodes, 1);
  return legendre(nodes);
}

QuadratureRule normal_quadrature(int nodes) {
  check(nodes, 1);
  QuadratureRule rule;
  add_panels(rule, nodes, -9.0, 9.0, [](double t) { return std::exp(-0.5 * t * t); });
  return normalised(std::move(rule));
}

QuadratureRule uniform_quadrature(int nodes) {
  check(nodes, 1);
  QuadratureRule rule;
  add_panels(rule, nodes, -1.0, 1.0, [](double) { return 1.0; });
  return normalised(std::move(rule));
}

QuadratureRule triangular_quadrature(int nodes) {
  check(nodes, 2);
  QuadratureRule rule;
  const auto density = [](double t) { return 1.0 - std::abs(t); };
  add_panels(rule, nodes / 2, -1.0, 0.0, density);
  add_panels(rule, nodes - nodes / 2, 0.0, 1.0, density);
  return normalised(std::move(rule));
}

}  // namespace arbiter::econ
