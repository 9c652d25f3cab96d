// Random taste coefficients of a mixed logit and their parameters. Each coefficient is fixed (beta = mean) or
// random: normal (mean + sd z), lognormal (exp(mean + sd z)), neg_lognormal (-exp(mean + sd z)), uniform
// (mean + sd v, v uniform on [-1, 1]) or triangular (mean + sd t, t triangular on [-1, 1]). Normal-based
// coefficients marked correlated share a lower-triangular Cholesky factor L: their underlying normals are
// mean + L z (lognormal ones then exponentiated). Parameters, in order: the means (named as the coefficients),
// "sd.NAME" for each uncorrelated random coefficient, then "chol.A.B" (L's row B, column A; A at or before B)
// row by row (mlogit's chol.A:B order). Throws core::ArgumentError naming the coefficient for a duplicate
// name, a correlated coefficient that is not normal-based, or an unknown distribution name.
#pragma once
#include <cmath>
#include <string>
#include <string_view>
#include <vector>
#include <Eigen/Core>

#include "econ/simulation_draws.hpp"

namespace arbiter::econ {

enum class Distribution { fixed, normal, lognormal, neg_lognormal, uniform, triangular };

// "fixed", "normal", "lognormal", "neg_lognormal", "uniform", "triangular"; throws core::ArgumentError naming
// `argument` for anything else.
Distribution parse_distribution(std::string_view name, const std::string& argument = "distribution");
const char* distribution_name(Distribution d);

// The coefficient an underlying value b = mean + sd z gives: exp(b) for lognormal, -exp(b) for neg_lognormal, b
// itself otherwise; in place, on a double or an Eigen array (one transform for the fit and the simulator).
template <class T>
void to_coefficient(Distribution d, T& b) {
  using std::exp;
  if (d == Distribution::lognormal) b = exp(b);
  if (d == Distribution::neg_lognormal) b = -exp(b);
}

struct CoefficientSpec {
  std::string name;
  Distribution distribution = Distribution::fixed;
  bool correlated = false;
};

using RowMajorMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

class RandomCoefficients {
 public:
  explicit RandomCoefficients(std::vector<CoefficientSpec> coefficients);

  const std::vector<CoefficientSpec>& coefficients() const { return coefficients_; }
  const std::vector<std::string>& parameter_names() const { return names_; }
  int n_coefficients() const { return static_cast<int>(coefficients_.size()); }
  int n_parameters() const { return static_cast<int>(names_.size()); }
  // One simulation dimension per random coefficient, in coefficient order (Halton prime 2 for the first).
  int n_dimensions() const { return static_cast<int>(dimension_coefficient_.size()); }
  const std::vector<int>& dimension_coefficients() const { return dimension_coefficient_; }
  const std::vector<int>& fixed_coefficients() const { return fixed_coefficient_; }
  std::vector<StandardDraw> standard_draws() const;

  // d beta_dim / d theta_parameter = scale(dim, r) * (source < 0 ? 1 : z(source, r)), where scale is the
  // coefficient itself for (neg_)lognormal coefficients and 1 otherwise.
  struct Term {
    int parameter, dimension, source;
  };
  const std::vector<Term>& terms() const { return terms_; }
  bool exponential(int dimension) const;
  // The dimension's sd parameter (-1 for a correlated dimension).
  int sd_parameter(int dimension) const { return sd_parameter_[static_cast<std::size_t>(dimension)]; }
  // Uncorrelated and not exponential: beta = mean + sd z, linear in its draw.
  bool linear(int dimension) const { return sd_parameter(dimension) >= 0 && !exponential(dimension); }

  // One person's coefficient draws: beta (D x R) from the standard draws z (D x R, row d contiguous at
  // z + d * R) at theta (n_parameters entries).
  void draw(const Eigen::VectorXd& theta, const double* z, Eigen::Index draws, RowMajorMatrix& beta) const;
  // Row `dimension` of that into out (draws entries).
  void draw_dimension(const Eigen::VectorXd& theta, const double* z, Eigen::Index draws, int dimension,
                      double* out) const;

  // The conditional-logit start: means from beta (one per coefficient), spreads `sd` (the Cholesky
  // diagonal `sd`, off-diagonals 0).
  Eigen::VectorXd start(const Eigen::VectorXd& means, double sd) const;

 private:
  std::vector<CoefficientSpec> coefficients_;
  std::vector<std::string> names_;
  std::vector<int> dimension_coefficient_, fixed_coefficient_, coefficient_dimension_;
  std::vector<int> sd_parameter_;           // per dimension: its sd parameter (-1: correlated)
  std::vector<int> correlated_dimensions_;  // dimensions of the correlated block, in order
  std::vector<int> chol_first_;             // per correlated dimension i: parameter of L(i, 0)
  std::vector<Term> terms_;
};

// The implied covariance of the correlated block: standard deviations "sd.NAME" and correlations
// "cor.A.B" (A before B), each with a delta-method standard error from the covariance of theta (central
// differences of the map from the Cholesky parameters).
struct ImpliedParameter {
  std::string name;
  double value = 0.0, std_error = 0.0;
};
std::vector<ImpliedParameter> implied_covariance(const RandomCoefficients& rc, const Eigen::VectorXd& theta,
                                                 const Eigen::MatrixXd& covariance);

}  // namespace arbiter::econ
