#include "econ/random_coefficients.hpp"

#include <cmath>
#include <set>
#include <utility>

#include "core/input_error.hpp"

namespace arbiter::econ {
namespace {

bool normal_based(Distribution d) {
  return d == Distribution::normal || d == Distribution::lognormal || d == Distribution::neg_lognormal;
}

}  // namespace

Distribution parse_distribution(std::string_view name, const std::string& argument) {
  for (auto d : {Distribution::fixed, Distribution::normal, Distribution::lognormal, Distribution::neg_lognormal,
                 Distribution::uniform, Distribution::triangular})
    if (name == distribution_name(d)) return d;
  throw core::ArgumentError(argument, "one of fixed, normal, lognormal, neg_lognormal, uniform, triangular",
                            "\"" + std::string(name) + "\"");
}

const char* distribution_name(Distribution d) {
  switch (d) {
    case Distribution::fixed: return "fixed";
    case Distribution::normal: return "normal";
    case Distribution::lognormal: return "lognormal";
    case Distribution::neg_lognormal: return "neg_lognormal";
    case Distribution::uniform: return "uniform";
    case Distribution::triangular: return "triangular";
  }
  return "?";
}

RandomCoefficients::RandomCoefficients(std::vector<CoefficientSpec> coefficients)
    : coefficients_(std::move(coefficients)) {
  std::set<std::string> seen;
  const int K = n_coefficients();
  coefficient_dimension_.assign(static_cast<std::size_t>(K), -1);
  for (int k = 0; k < K; ++k) {
    const auto& c = coefficients_[static_cast<std::size_t>(k)];
    if (!seen.insert(c.name).second) throw core::ArgumentError("coefficient " + c.name, "a unique name", "a duplicate");
    if (c.correlated && !normal_based(c.distribution))
      throw core::ArgumentError("coefficient " + c.name, "a normal, lognormal or neg_lognormal distribution to be correlated",
                                distribution_name(c.distribution));
    names_.push_back(c.name);
    if (c.distribution == Distribution::fixed) {
      fixed_coefficient_.push_back(k);
      continue;
    }
    coefficient_dimension_[static_cast<std::size_t>(k)] = n_dimensions();
    dimension_coefficient_.push_back(k);
    terms_.push_back({k, n_dimensions() - 1, -1});
    if (c.correlated) correlated_dimensions_.push_back(n_dimensions() - 1);
  }
  sd_parameter_.assign(dimension_coefficient_.size(), -1);
  for (int d = 0; d < n_dimensions(); ++d) {
    const auto& c = coefficients_[static_cast<std::size_t>(dimension_coefficient_[static_cast<std::size_t>(d)])];
    if (c.correlated) continue;
    sd_parameter_[static_cast<std::size_t>(d)] = n_parameters();
    terms_.push_back({n_parameters(), d, d});
    names_.push_back("sd." + c.name);
  }
  for (std::size_t i = 0; i < correlated_dimensions_.size(); ++i) {
    chol_first_.push_back(n_parameters());
    const int di = correlated_dimensions_[i];
    for (std::size_t j = 0; j <= i; ++j) {
      const int dj = correlated_dimensions_[j];
      terms_.push_back({n_parameters(), di, dj});
      names_.push_back("chol." + coefficients_[static_cast<std::size_t>(dimension_coefficient_[static_cast<std::size_t>(dj)])].name +
                       "." + coefficients_[static_cast<std::size_t>(dimension_coefficient_[static_cast<std::size_t>(di)])].name);
    }
  }
}

std::vector<StandardDraw> RandomCoefficients::standard_draws() const {
  std::vector<StandardDraw> out;
  for (int k : dimension_coefficient_) {
    const auto d = coefficients_[static_cast<std::size_t>(k)].distribution;
    out.push_back(d == Distribution::uniform      ? StandardDraw::uniform
                  : d == Distribution::triangular ? StandardDraw::triangular
                                                  : StandardDraw::normal);
  }
  return out;
}

bool RandomCoefficients::exponential(int dimension) const {
  const auto d = coefficients_[static_cast<std::size_t>(dimension_coefficient_[static_cast<std::size_t>(dimension)])].distribution;
  return d == Distribution::lognormal || d == Distribution::neg_lognormal;
}

void RandomCoefficients::draw(const Eigen::VectorXd& theta, const double* z, Eigen::Index draws,
                              RowMajorMatrix& beta) const {
  beta.resize(n_dimensions(), draws);
  for (int d = 0; d < n_dimensions(); ++d) draw_dimension(theta, z, draws, d, beta.row(d).data());
}

void RandomCoefficients::draw_dimension(const Eigen::VectorXd& theta, const double* z, Eigen::Index draws, int d,
                                        double* out) const {
  using Row = Eigen::Map<const Eigen::Array<double, 1, Eigen::Dynamic>>;
  const int k = dimension_coefficient_[static_cast<std::size_t>(d)];
  Eigen::Map<Eigen::Array<double, 1, Eigen::Dynamic>> b(out, draws);
  const int sd = sd_parameter_[static_cast<std::size_t>(d)];
  if (sd >= 0) {
    b = theta[k] + theta[sd] * Row(z + d * draws, draws);
  } else {
    std::size_t i = 0;
    while (correlated_dimensions_[i] != d) ++i;
    b.setConstant(theta[k]);
    for (std::size_t j = 0; j <= i; ++j)
      b += theta[chol_first_[i] + static_cast<int>(j)] * Row(z + correlated_dimensions_[j] * draws, draws);
  }
  to_coefficient(coefficients_[static_cast<std::size_t>(k)].distribution, b);
}

Eigen::VectorXd RandomCoefficients::start(const Eigen::VectorXd& means, double sd) const {
  Eigen::VectorXd theta = Eigen::VectorXd::Zero(n_parameters());
  theta.head(n_coefficients()) = means;
  for (int d = 0; d < n_dimensions(); ++d) {
    const int k = dimension_coefficient_[static_cast<std::size_t>(d)];
    const auto dist = coefficients_[static_cast<std::size_t>(k)].distribution;
    // A log-normal coefficient's mean parameter is the log of its magnitude.
    if (dist == Distribution::lognormal) theta[k] = std::log(std::max(means[k], 1e-3));
    if (dist == Distribution::neg_lognormal) theta[k] = std::log(std::max(-means[k], 1e-3));
    if (sd_parameter_[static_cast<std::size_t>(d)] >= 0) theta[sd_parameter_[static_cast<std::size_t>(d)]] = sd;
  }
  for (std::size_t i = 0; i < correlated_dimensions_.size(); ++i) theta[chol_first_[i] + static_cast<int>(i)] = sd;
  return theta;
}

std::vector<ImpliedParameter> implied_covariance(const RandomCoefficients& rc, const Eigen::VectorXd& theta,
                                                 const Eigen::MatrixXd& covariance) {
  // The correlated block's Cholesky parameters are the last m(m+1)/2 parameters.
  std::vector<int> dims;
  for (int d = 0; d < rc.n_dimensions(); ++d)
    if (rc.coefficients()[static_cast<std::size_t>(rc.dimension_coefficients()[static_cast<std::size_t>(d)])].correlated)
      dims.push_back(d);
  const int m = static_cast<int>(dims.size());
  if (m == 0) return {};
  const int q = m * (m + 1) / 2, first = rc.n_parameters() - q;
  auto name = [&](int i) {
    return rc.coefficients()[static_cast<std::size_t>(rc.dimension_coefficients()[static_cast<std::size_t>(dims[static_cast<std::size_t>(i)])])].name;
  };
  auto implied = [&](const Eigen::VectorXd& l) {
    Eigen::MatrixXd L = Eigen::MatrixXd::Zero(m, m);
    for (int i = 0, p = 0; i < m; ++i)
      for (int j = 0; j <= i; ++j) L(i, j) = l[p++];
    const Eigen::MatrixXd S = L * L.transpose();
    Eigen::VectorXd out(m + m * (m - 1) / 2);
    for (int i = 0; i < m; ++i) out[i] = std::sqrt(S(i, i));
    for (int i = 0, p = m; i < m; ++i)
      for (int j = i + 1; j < m; ++j) out[p++] = S(i, j) / (out[i] * out[j]);
    return out;
  };
  const Eigen::VectorXd l = theta.segment(first, q);
  const Eigen::VectorXd value = implied(l);
  Eigen::MatrixXd J(value.size(), q);
  for (int p = 0; p < q; ++p) {
    const double h = 1e-6 * std::max(1.0, std::abs(l[p]));
    Eigen::VectorXd up = l, down = l;
    up[p] += h;
    down[p] -= h;
    J.col(p) = (implied(up) - implied(down)) / (2.0 * h);
  }
  Eigen::MatrixXd V = Eigen::MatrixXd::Constant(value.size(), value.size(), std::nan(""));
  if (covariance.rows() == rc.n_parameters()) V = J * covariance.block(first, first, q, q) * J.transpose();
  std::vector<ImpliedParameter> out;
  for (int i = 0; i < m; ++i) out.push_back({"sd." + name(i), value[i], std::sqrt(V(i, i))});
  for (int i = 0, p = m; i < m; ++i)
    for (int j = i + 1; j < m; ++j, ++p) out.push_back({"cor." + name(i) + "." + name(j), value[p], std::sqrt(V(p, p))});
  return out;
}

}  // namespace arbiter::econ
