#include "econ/market_model.hpp"

#include <algorithm>

#include "core/input_error.hpp"
#include "core/random_stream.hpp"

namespace arbiter::econ {
namespace {

// Consumer i's taste deviations (price first, then attributes), from RandomStream(seed, i).
Eigen::VectorXd taste_deviation(const MarketModel& s, int i) {
  const auto V = static_cast<Eigen::Index>(s.variable_names.size());
  Eigen::VectorXd z = Eigen::VectorXd::Zero(V);
  if (s.consumers > 0) {
    core::RandomStream rng(s.seed, static_cast<std::uint64_t>(i));
    for (Eigen::Index v = 0; v < V; ++v) z[v] = rng.normal(0.0, s.variable_sd[v]);  // variable - mean
  }
  return s.interactions * z;
}

// The mixture's consumers at the market's coefficients.
MixtureConsumers mixture_consumers(const MarketModel& s) {
  Eigen::VectorXd means(1 + s.attribute_coefficients.size());
  means << s.price_coefficient, s.attribute_coefficients;
  return mixture_tastes(s.mixture, means);
}

}  // namespace

Eigen::MatrixXd consumer_attribute_tastes(const MarketModel& s) {
  if (!s.mixture.empty()) return mixture_consumers(s).coefficients.rightCols(s.attribute_coefficients.size());
  const int N = std::max(s.consumers, 1);
  const auto A = static_cast<Eigen::Index>(s.attribute_names.size());
  Eigen::MatrixXd out(N, A);
  for (int i = 0; i < N; ++i) out.row(i) = (s.attribute_coefficients + taste_deviation(s, i).tail(A)).transpose();
  return out;
}

LogitDemand market_demand(const MarketModel& s, const std::vector<Product>& products) {
  const int N = std::max(s.consumers, 1);
  const auto J = static_cast<Eigen::Index>(products.size());
  const auto A = static_cast<Eigen::Index>(s.attribute_names.size());
  Eigen::MatrixXd x(J, A);
  Eigen::VectorXd constants(J);
  for (Eigen::Index j = 0; j < J; ++j) {
    x.row(j) = products[static_cast<std::size_t>(j)].attributes.transpose();
    constants[j] = products[static_cast<std::size_t>(j)].constant;
  }
  LogitDemand d;
  d.outside_good = s.outside_good;
  if (!s.mixture.empty()) {
    const MixtureConsumers c = mixture_consumers(s);
    check_price_coefficients(s.mixture, c);
    d.price_coefficient = c.coefficients.col(0);
    d.weight = c.weight;
    d.base_utility = (x * c.coefficients.rightCols(A).transpose()).transpose().rowwise() + constants.transpose();
    return d;
  }
  d.base_utility.resize(N, J);
  d.price_coefficient.resize(N);
  d.weight = Eigen::VectorXd::Constant(N, 1.0 / N);
  for (int i = 0; i < N; ++i) {
    const Eigen::VectorXd taste = taste_deviation(s, i);
    d.price_coefficient[i] = s.price_coefficient + taste[0];
    if (!(d.price_coefficient[i] < 0.0))
      throw core::ArgumentError("price interactions", "interactions that keep every consumer's price coefficient < 0",
                                "consumer " + std::to_string(i) + " with " + std::to_string(d.price_coefficient[i]));
    const Eigen::VectorXd beta = s.attribute_coefficients + taste.tail(A);
    d.base_utility.row(i) = (constants + x * beta).transpose();
  }
  return d;
}

MarketNests market_nests(const MarketModel& s, const std::vector<Product>& products) {
  MarketNests n;
  n.names = s.nest_names;
  n.lambda = s.nest_lambda;
  for (const auto& p : products) {
    const auto it = std::find(s.nest_names.begin(), s.nest_names.end(), p.nest);
    n.nest_of.push_back(p.nest.empty() || it == s.nest_names.end() ? -1 : static_cast<int>(it - s.nest_names.begin()));
  }
  return n;
}

Eigen::VectorXd product_prices(const std::vector<Product>& products) {
  Eigen::VectorXd p(static_cast<Eigen::Index>(products.size()));
  for (std::size_t j = 0; j < products.size(); ++j) p[static_cast<Eigen::Index>(j)] = products[j].price;
  return p;
}

Eigen::VectorXd product_costs(const std::vector<Product>& products) {
  Eigen::VectorXd c(static_cast<Eigen::Index>(products.size()));
  for (std::size_t j = 0; j < products.size(); ++j) c[static_cast<Eigen::Index>(j)] = products[j].cost;
  return c;
}

std::vector<int> product_owners(const std::vector<Product>& products) {
  std::vector<std::string> firms;
  std::vector<int> out;
  for (const auto& p : products) {
    auto it = std::find(firms.begin(), firms.end(), p.firm);
    if (it == firms.end()) {
      firms.push_back(p.firm);
      it = firms.end() - 1;
    }
    out.push_back(static_cast<int>(it - firms.begin()));
  }
  return out;
}

int find_product(const std::vector<Product>& products, const std::string& name) {
  for (std::size_t j = 0; j < products.size(); ++j)
    if (products[j].name == name) return static_cast<int>(j);
  return -1;
}

Eigen::VectorXd attribute_willingness_to_pay(const MarketModel& s) {
  if (s.mixture.empty()) return -s.attribute_coefficients / s.price_coefficient;
  const MixtureConsumers c = mixture_consumers(s);
  const Eigen::MatrixXd ratio = (-c.coefficients.rightCols(s.attribute_coefficients.size())).array().colwise() /
                                c.coefficients.col(0).array();
  return ratio.transpose() * c.weight;
}

}  // namespace arbiter::econ
