// Bertrand-Nash and joint-monopoly prices under logit demand by the Morrow-Skerlos zeta-markup iteration.
#include "econ/logit_pricing.hpp"

#include <limits>
#include <stdexcept>
#include "econ/consumer_surplus.hpp"
#include "econ/elasticities.hpp"

namespace arbiter::econ {
namespace {

constexpr double kEpsilon = std::numeric_limits<double>::epsilon();
constexpr double kRoundingSteps = 16.0;

void check(const LogitDemand& demand, const Eigen::VectorXd& costs, const std::vector<int>& owner) {
  if (!demand.outside_good) throw std::invalid_argument("pricing: logit demand needs an outside good");
  if (costs.size() != demand.products() || static_cast<int>(owner.size()) != demand.products())
    throw std::invalid_argument("pricing: one cost and one owner per product expected");
}

Eigen::MatrixXd ownership(const std::vector<int>& owner) {
  const auto J = static_cast<Eigen::Index>(owner.size());
  Eigen::MatrixXd o(J, J);
  for (Eigen::Index j = 0; j < J; ++j)
    for (Eigen::Index k = 0; k < J; ++k)
      o(j, k) = owner[static_cast<std::size_t>(j)] == owner[static_cast<std::size_t>(k)] ? 1.0 : 0.0;
  return o;
}

// Lambda (diagonal, as a vector) and Gamma of dS/dp = diag(Lambda) - Gamma, and the inside shares.
void decompose(const LogitDemand& demand, const Eigen::VectorXd& prices, Eigen::VectorXd& lambda,
               Eigen::MatrixXd& gamma, Eigen::VectorXd& shares) {
  const core::Batch<double> p = choice_probabilities(demand, prices);
  const int J = demand.products();
  lambda = Eigen::VectorXd::Zero(J);
  gamma = Eigen::MatrixXd::Zero(J, J);
  shares = Eigen::VectorXd::Zero(J);
  for (int i = 0; i < demand.consumers(); ++i) {
    const Eigen::VectorXd s = p.row(i).head(J).transpose();
    const double wb = demand.weight[i] * demand.price_coefficient[i];
    lambda += wb * s;
    gamma.noalias() += wb * s * s.transpose();
    shares += demand.weight[i] * s;
  }
}

}  // namespace

Eigen::VectorXd pricing_first_order_conditions(const LogitDemand& demand, const Eigen::VectorXd& prices,
                                               const Eigen::VectorXd& costs, const std::vector<int>& owner) {
  check(demand, costs, owner);
  const Eigen::MatrixXd d = share_price_derivatives(demand, prices);  // d(j, k) = dS_j/dp_k
  const Eigen::VectorXd s = market_shares(demand, prices).head(demand.products());
  return s + ownership(owner).cwiseProduct(d.transpose()) * (prices - costs);
}

PricingEquilibrium evaluate_prices(const LogitDemand& demand, const Eigen::VectorXd& prices,
                                   const Eigen::VectorXd& costs, const std::vector<int>& owner, double market_size) {
  check(demand, costs, owner);
  PricingEquilibrium e;
  e.prices = prices;
  const Eigen::VectorXd all = market_shares(demand, prices);
  e.shares = all.head(demand.products());
  e.outside_share = all[demand.products()];
  e.margins = prices - costs;
  e.profits = market_size * e.margins.cwiseProduct(e.shares);
  e.consumer_surplus = market_size * expected_consumer_surplus(demand, prices);
  e.foc_residual = pricing_first_order_conditions(demand, prices, costs, owner).cwiseAbs().maxCoeff();
  return e;
}

PricingEquilibrium bertrand_nash_prices(const LogitDemand& demand, const Eigen::VectorXd& costs,
                                        const std::vector<int>& owner, double market_size,
                                        const PricingOptions& options) {
  check(demand, costs, owner);
  const Eigen::MatrixXd o = ownership(owner);
  Eigen::VectorXd prices = costs, lambda, shares;
  Eigen::MatrixXd gamma;
  int it = 0;
  bool converged = false;
  while (it < options.max_iterations) {
    decompose(demand, prices, lambda, gamma, shares);
    const Eigen::VectorXd margins = prices - costs;
    const Eigen::VectorXd next =
        costs + (o.cwiseProduct(gamma) * margins - shares).cwiseQuotient(lambda);
    ++it;
    const double change = (next - prices).cwiseAbs().maxCoeff();
    prices = next;
    if (!prices.allFinite()) break;
    // Converged when the step is below the tolerance, or below the rounding of prices this large (prices
    // of order 1 / |alpha| for a tiny price coefficient, where an absolute 1e-12 is below one ulp).
    if (change < options.tolerance || change <= kRoundingSteps * kEpsilon * prices.cwiseAbs().maxCoeff()) {
      converged = true;
      break;
    }
  }
  PricingEquilibrium e = evaluate_prices(demand, prices, costs, owner, market_size);
  e.iterations = it;
  e.converged = converged;
  return e;
}

PricingEquilibrium joint_monopoly_prices(const LogitDemand& demand, const Eigen::VectorXd& costs,
                                         double market_size, const PricingOptions& options) {
  return bertrand_nash_prices(demand, costs, std::vector<int>(static_cast<std::size_t>(demand.products()), 0),
                              market_size, options);
}

}  // namespace arbiter::econ
