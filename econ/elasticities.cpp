// Marginal effects and price elasticities of logit demand by sample enumeration.
#include "econ/elasticities.hpp"

#include <stdexcept>

namespace arbiter::econ {

Eigen::MatrixXd marginal_effects(const LogitDemand& demand, const Eigen::VectorXd& prices,
                                 const Eigen::VectorXd& coefficient) {
  if (coefficient.size() != demand.consumers())
    throw std::invalid_argument("marginal_effects: one coefficient per consumer expected");
  const core::Batch<double> p = choice_probabilities(demand, prices);
  const int J = demand.products();
  Eigen::MatrixXd d = Eigen::MatrixXd::Zero(J, J);
  for (int i = 0; i < demand.consumers(); ++i) {
    const Eigen::VectorXd s = p.row(i).head(J).transpose();
    const double wc = demand.weight[i] * coefficient[i];
    d.diagonal() += wc * s;
    d.noalias() -= wc * s * s.transpose();
  }
  return d;
}

Eigen::MatrixXd share_price_derivatives(const LogitDemand& demand, const Eigen::VectorXd& prices) {
  return marginal_effects(demand, prices, demand.price_coefficient);
}

Eigen::MatrixXd price_elasticities(const LogitDemand& demand, const Eigen::VectorXd& prices) {
  const Eigen::VectorXd s = market_shares(demand, prices).head(demand.products());
  const Eigen::MatrixXd d = share_price_derivatives(demand, prices);
  return s.cwiseInverse().asDiagonal() * d * prices.asDiagonal();
}

Eigen::MatrixXd arc_price_elasticities(const LogitDemand& demand, const Eigen::VectorXd& prices, double h) {
  if (!(h > -1.0) || h == 0.0) throw std::invalid_argument("arc_price_elasticities: need h > -1 and h != 0");
  const int J = demand.products();
  const Eigen::VectorXd s0 = market_shares(demand, prices).head(J);
  Eigen::MatrixXd e(J, J), point;
  for (int k = 0; k < J; ++k) {
    Eigen::VectorXd moved = prices;
    moved[k] = prices[k] * (1.0 + h);
    if (moved[k] == prices[k]) {  // a zero price, or a change below its rounding: the limit, the point elasticity
      if (point.size() == 0) point = price_elasticities(demand, prices);
      e.col(k) = point.col(k);
      continue;
    }
    const Eigen::VectorXd s1 = market_shares(demand, moved).head(J);
    const double dp_rel = (moved[k] - prices[k]) / (0.5 * (moved[k] + prices[k]));
    e.col(k) = ((s1 - s0).array() / (0.5 * (s1 + s0)).array()) / dp_rel;
  }
  return e;
}

}  // namespace arbiter::econ
