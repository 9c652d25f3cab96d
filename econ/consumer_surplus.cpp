// Consumer surplus from logsums.
#include "econ/consumer_surplus.hpp"

#include <stdexcept>
#include <vector>
#include "core/ensemble.hpp"

namespace arbiter::econ {

double logsum(const Eigen::VectorXd& utilities) {
  std::vector<double> energies(static_cast<std::size_t>(utilities.size()));
  for (Eigen::Index j = 0; j < utilities.size(); ++j) energies[static_cast<std::size_t>(j)] = -utilities[j];
  return core::Ensemble(std::move(energies)).log_z(1.0);
}

double consumer_surplus_change(double logsum_before, double logsum_after, double cost_coefficient) {
  if (!(cost_coefficient < 0.0)) throw std::invalid_argument("consumer surplus: the cost coefficient must be < 0");
  return (logsum_after - logsum_before) / (-cost_coefficient);
}

double consumer_surplus_change(const Eigen::VectorXd& logsums_before, const Eigen::VectorXd& logsums_after,
                               const Eigen::VectorXd& cost_coefficient, const Eigen::VectorXd& weight) {
  const auto n = weight.size();
  if (logsums_before.size() != n || logsums_after.size() != n || cost_coefficient.size() != n)
    throw std::invalid_argument("consumer surplus: scenarios must have the same consumers");
  double cs = 0.0;
  for (Eigen::Index i = 0; i < n; ++i)
    cs += weight[i] * consumer_surplus_change(logsums_before[i], logsums_after[i], cost_coefficient[i]);
  return cs;
}

double expected_consumer_surplus(const LogitDemand& demand, const Eigen::VectorXd& prices) {
  const Eigen::VectorXd ls = logsums(demand, prices);
  return consumer_surplus_change(Eigen::VectorXd::Zero(ls.size()), ls, demand.price_coefficient, demand.weight);
}

double consumer_surplus_change(const LogitDemand& before, const Eigen::VectorXd& prices_before,
                               const LogitDemand& after, const Eigen::VectorXd& prices_after) {
  if (before.consumers() != after.consumers() || before.price_coefficient != after.price_coefficient ||
      before.weight != after.weight)
    throw std::invalid_argument("consumer surplus: scenarios must have the same consumers");
  return consumer_surplus_change(logsums(before, prices_before), logsums(after, prices_after),
                                 before.price_coefficient, before.weight);
}

}  // namespace arbiter::econ
