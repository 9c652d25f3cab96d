// Logit demand: utilities, core softmax probabilities, shares by sample enumeration and logsums (core
// Ensemble log Z).
#include "econ/logit_demand.hpp"

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>
#include "core/ensemble.hpp"
#include "core/softmax.hpp"

namespace arbiter::econ {

void LogitDemand::validate() const {
  const auto n = base_utility.rows();
  if (n == 0 || base_utility.cols() == 0) throw std::invalid_argument("logit demand: no consumers or products");
  if (price_coefficient.size() != n || weight.size() != n)
    throw std::invalid_argument("logit demand: price_coefficient and weight need one entry per consumer");
  if ((weight.array() < 0.0).any() || std::abs(weight.sum() - 1.0) > 1e-9)
    throw std::invalid_argument("logit demand: weights must be non-negative and sum to 1");
  for (Eigen::Index i = 0; i < n; ++i)
    if (!(price_coefficient[i] < 0.0))
      throw std::invalid_argument("logit demand: consumer " + std::to_string(i) +
                                  " has a price coefficient >= 0 (" + std::to_string(price_coefficient[i]) + ")");
}

LogitDemand representative_consumer(const Eigen::VectorXd& base_utility, double price_coefficient,
                                    bool outside_good) {
  LogitDemand d;
  d.base_utility = base_utility.transpose();
  d.price_coefficient = Eigen::VectorXd::Constant(1, price_coefficient);
  d.weight = Eigen::VectorXd::Ones(1);
  d.outside_good = outside_good;
  d.validate();
  return d;
}

core::Batch<double> utilities(const LogitDemand& demand, const Eigen::VectorXd& prices) {
  if (prices.size() != demand.products())
    throw std::invalid_argument("logit demand: " + std::to_string(prices.size()) + " prices for " +
                                std::to_string(demand.products()) + " products");
  core::Batch<double> u = core::Batch<double>::Zero(demand.consumers(), demand.options());
  u.leftCols(demand.products()) = demand.base_utility + demand.price_coefficient * prices.transpose();
  return u;
}

core::Batch<double> choice_probabilities(const LogitDemand& demand, const Eigen::VectorXd& prices) {
  return core::softmax_rows<double>(utilities(demand, prices));
}

Eigen::VectorXd market_shares(const LogitDemand& demand, const Eigen::VectorXd& prices) {
  return choice_probabilities(demand, prices).transpose() * demand.weight;
}

Eigen::VectorXd logsums(const LogitDemand& demand, const Eigen::VectorXd& prices) {
  // Each consumer's choice set is a canonical ensemble with energies -u at beta = 1: the logsum is log Z.
  const core::Batch<double> u = utilities(demand, prices);
  Eigen::VectorXd out(u.rows());
  std::vector<double> energies(static_cast<std::size_t>(u.cols()));
  for (Eigen::Index i = 0; i < u.rows(); ++i) {
    for (Eigen::Index j = 0; j < u.cols(); ++j) energies[static_cast<std::size_t>(j)] = -u(i, j);
    out[i] = core::Ensemble(energies).log_z(1.0);
  }
  return out;
}

}  // namespace arbiter::econ
