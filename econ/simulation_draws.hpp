// Simulation draws for mixed logit: for each person (the unit that keeps its draws), dimension and draw, one
// standard value (a standard normal z, a uniform on [-1, 1] or a triangular on [-1, 1], per dimension).
// Halton draws are built exactly as mlogit and xlogit build them (dimension d uses the d-th prime 2, 3, 5, ...;
// the radical-inverse sequence 0, 1/p, 2/p, ... drops its first `drop` elements and person n takes elements
// n R .. n R + R - 1); MLHS and pseudo-random draws come from core::RandomStream(seed, person), so they do not
// depend on the thread count. Each person's draws depend on nothing but the person's index, so the draws of
// people [first, last) alone (one MPI rank's block) are exactly those rows of the draws of everyone. Quadrature (one dimension only): the R nodes of the dimension's Gaussian rule
// (econ/quadrature_nodes.hpp), the same for every person, with their weights. Throws core::ArgumentError naming
// the argument (draws < 1, an odd number of antithetic draws, too many dimensions for the prime table; for
// quadrature "dimensions" unless exactly one, "antithetic" when asked).
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace arbiter::econ {

enum class DrawMethod { halton, mlhs, pseudo, quadrature };

// What a dimension's standard value is: z = Phi^-1(u); 2u - 1; or the inverse CDF of the triangular
// distribution on [-1, 1] at u.
enum class StandardDraw { normal, uniform, triangular };

struct DrawOptions {
  DrawMethod method = DrawMethod::halton;
  int draws = 100;          // R per person, >= 1
  bool antithetic = false;  // draws R/2 + r mirror draw r (u -> 1 - u); R must be even
  std::uint64_t seed = 0;   // mlhs and pseudo
  int drop = 100;           // halton: leading elements dropped
};

// The draws of people [first_person, first_person + people): values[((person - first_person) * dimensions + d)
// * draws + r], each (person, dimension) holding its R draws contiguously.
struct SimulationDraws {
  std::size_t first_person = 0, people = 0, dimensions = 0, draws = 0;
  std::vector<double> values;
  std::vector<double> weights;  // quadrature: each draw's weight (summing to 1); empty: every draw 1 / R
  // Person `person`'s R draws of dimension d (person in [first_person, first_person + people)).
  const double* row(std::size_t person, std::size_t d) const {
    return values.data() + ((person - first_person) * dimensions + d) * draws;
  }
};

// The draws of people 0 .. people - 1.
SimulationDraws make_simulation_draws(std::size_t people, const std::vector<StandardDraw>& dimensions,
                                      const DrawOptions& options, int threads = 0);
// The draws of people [first, last) only, the same numbers as those rows of the draws of everyone; none of
// the people before `first` is generated. Throws core::ArgumentError naming "people" when last < first.
SimulationDraws make_simulation_draws(std::size_t first, std::size_t last, const std::vector<StandardDraw>& dimensions,
                                      const DrawOptions& options, int threads = 0);

// The k-th prime (k = 0: 2); throws core::ArgumentError past the table (the first 100 primes).
int halton_prime(std::size_t k);
// Element `index` of the radical-inverse sequence in base `prime` (index 0 gives 0), summed digit by digit from
// the most significant place of the result, as mlogit's level-by-level construction sums it.
double radical_inverse(std::uint64_t index, int prime);
// Phi^-1(u) for u in (0, 1) (Wichura's AS 241, the algorithm of R's qnorm; relative error near 1e-16);
// -inf at 0, +inf at 1.
double inverse_normal_cdf(double u);
// The inverse CDF of the symmetric triangular distribution on [-1, 1].
double triangular_quantile(double u);

}  // namespace arbiter::econ
