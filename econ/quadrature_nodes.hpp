// Quadrature rules for the expectation of a function of one standard random value, E[f(Z)] ~ sum_r w_r f(x_r)
// with weights summing to 1: composite Gauss-Legendre, panels of at most 8 points (the R nodes spread over
// max(1, R / 8) equal panels), on [-9, 9] against the standard normal density (the mass beyond is 2e-19), on
// [-1, 1] for the uniform and on each half of [-1, 1] for the triangular density 1 - |t|. Panels rather than one
// Gauss-Hermite rule: a person's panel likelihood is close to a step in the coefficient, which one polynomial
// rule resolves slowly (Gauss-Hermite needs more than 128 nodes for 1e-2 on Train's Electricity panel; these
// rules reach 1e-9 with 256). Throws core::ArgumentError naming "draws" for fewer than 1 node (2 for triangular).
#pragma once
#include <vector>

namespace arbiter::econ {

struct QuadratureRule {
  std::vector<double> nodes, weights;  // ascending nodes; weights > 0 summing to 1
};

// The R-point Gauss-Legendre rule on [-1, 1] for the uniform density 1/2 (Golub-Welsch).
QuadratureRule gauss_legendre_uniform(int nodes);
QuadratureRule normal_quadrature(int nodes);
QuadratureRule uniform_quadrature(int nodes);
QuadratureRule triangular_quadrature(int nodes);

}  // namespace arbiter::econ
