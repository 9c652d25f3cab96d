// Nested-logit market shares through the estimator's nested_probabilities on a one-regressor design
// (x = utility, beta = 1), and nested logsums through the core log-sum-exp.
#include "econ/nested_market.hpp"

#include <stdexcept>
#include <string>
#include "core/softmax.hpp"
#include "econ/consumer_surplus.hpp"
#include "econ/design.hpp"
#include "econ/nested_logit.hpp"

namespace arbiter::econ {

void MarketNests::validate(int products) const {
  if (static_cast<Eigen::Index>(names.size()) != lambda.size())
    throw std::invalid_argument("nests: one log-sum parameter per nest expected");
  if (static_cast<int>(nest_of.size()) != products)
    throw std::invalid_argument("nests: one nest index per product expected");
  for (int m : nest_of)
    if (m < -1 || m >= static_cast<int>(names.size())) throw std::invalid_argument("nests: bad nest index");
  for (Eigen::Index m = 0; m < lambda.size(); ++m)
    if (!(lambda[m] > 0.0 && lambda[m] <= 1.0))
      throw std::invalid_argument("nests: log-sum parameter of " + names[static_cast<std::size_t>(m)] +
                                  " must be in (0, 1]");
}

core::Batch<double> nested_choice_probabilities(const LogitDemand& demand, const Eigen::VectorXd& prices,
                                                const MarketNests& nests) {
  nests.validate(demand.products());
  const core::Batch<double> u = utilities(demand, prices);
  const int N = demand.consumers(), A = demand.options();
  Design design;
  design.names = {"utility"};
  design.x.resize(static_cast<Eigen::Index>(N) * A, 1);
  design.offsets.resize(static_cast<std::size_t>(N) + 1);
  design.chosen_row.resize(static_cast<std::size_t>(N));
  design.alternative.resize(static_cast<std::size_t>(N) * A);
  for (int i = 0; i < N; ++i) {
    design.offsets[static_cast<std::size_t>(i)] = static_cast<std::int64_t>(i) * A;
    design.chosen_row[static_cast<std::size_t>(i)] = static_cast<std::int64_t>(i) * A;
    for (int j = 0; j < A; ++j) {
      design.x(static_cast<Eigen::Index>(i) * A + j, 0) = u(i, j);
      design.alternative[static_cast<std::size_t>(i) * A + j] = j;
    }
  }
  design.offsets.back() = static_cast<std::int64_t>(N) * A;
  for (int j = 0; j < A; ++j) design.alternatives.push_back("option" + std::to_string(j));
  design.start = Eigen::VectorXd::Ones(1);
  design.fixed = {true};

  NestStructure structure;
  structure.names = nests.names;
  structure.nest_of = nests.nest_of;
  if (demand.outside_good) structure.nest_of.push_back(-1);
  structure.form = NestForm::rum;

  Eigen::VectorXd theta(1 + nests.lambda.size());
  theta << 1.0, nests.lambda;
  const Eigen::VectorXd p = nested_probabilities(design, structure, theta, 1);
  core::Batch<double> out(N, A);
  for (int i = 0; i < N; ++i)
    for (int j = 0; j < A; ++j) out(i, j) = p[static_cast<Eigen::Index>(i) * A + j];
  return out;
}

Eigen::VectorXd nested_market_shares(const LogitDemand& demand, const Eigen::VectorXd& prices,
                                     const MarketNests& nests) {
  return nested_choice_probabilities(demand, prices, nests).transpose() * demand.weight;
}

Eigen::VectorXd nested_logsums(const LogitDemand& demand, const Eigen::VectorXd& prices, const MarketNests& nests) {
  nests.validate(demand.products());
  const core::Batch<double> u = utilities(demand, prices);
  const int N = demand.consumers(), J = demand.products();
  const int M = static_cast<int>(nests.names.size());
  // Upper-level terms: one per named nest that has products, one per product in no nest, the outside good.
  Eigen::VectorXd out(N);
  for (int i = 0; i < N; ++i) {
    std::vector<double> upper;
    for (int m = 0; m < M; ++m) {
      std::vector<double> members;
      for (int j = 0; j < J; ++j)
        if (nests.nest_of[static_cast<std::size_t>(j)] == m) members.push_back(u(i, j));
      if (members.empty()) continue;
      const Eigen::Map<const Eigen::VectorXd> v(members.data(), static_cast<Eigen::Index>(members.size()));
      upper.push_back(nests.lambda[m] * core::log_sum_exp<double>(v, nests.lambda[m]));
    }
    for (int j = 0; j < J; ++j)
      if (nests.nest_of[static_cast<std::size_t>(j)] < 0) upper.push_back(u(i, j));
    if (demand.outside_good) upper.push_back(0.0);
    const Eigen::Map<const Eigen::VectorXd> b(upper.data(), static_cast<Eigen::Index>(upper.size()));
    out[i] = core::log_sum_exp<double>(b);
  }
  return out;
}

Eigen::MatrixXd nested_share_price_derivatives(const LogitDemand& demand, const Eigen::VectorXd& prices,
                                               const MarketNests& nests) {
  const core::Batch<double> prob = nested_choice_probabilities(demand, prices, nests);
  const int N = demand.consumers(), J = demand.products();
  const auto M = static_cast<Eigen::Index>(nests.names.size());
  Eigen::MatrixXd d = Eigen::MatrixXd::Zero(J, J);
  Eigen::VectorXd nest_share(M);
  for (int i = 0; i < N; ++i) {
    nest_share.setZero();
    for (int j = 0; j < J; ++j)
      if (nests.nest_of[static_cast<std::size_t>(j)] >= 0) nest_share[nests.nest_of[static_cast<std::size_t>(j)]] += prob(i, j);
    const double wb = demand.weight[i] * demand.price_coefficient[i];
    for (int j = 0; j < J; ++j) {
      const int g = nests.nest_of[static_cast<std::size_t>(j)];
      const double lam = g >= 0 ? nests.lambda[g] : 1.0;
      for (int k = 0; k < J; ++k) {
        double dp = -prob(i, k);
        if (k == j) dp += 1.0 / lam;
        if (g >= 0 && nests.nest_of[static_cast<std::size_t>(k)] == g && nest_share[g] > 0.0)
          dp -= (1.0 - lam) / lam * prob(i, k) / nest_share[g];
        d(j, k) += wb * prob(i, j) * dp;
      }
    }
  }
  return d;
}

Eigen::MatrixXd nested_price_elasticities(const LogitDemand& demand, const Eigen::VectorXd& prices,
                                          const MarketNests& nests) {
  const Eigen::VectorXd s = nested_market_shares(demand, prices, nests).head(demand.products());
  return s.cwiseInverse().asDiagonal() * nested_share_price_derivatives(demand, prices, nests) * prices.asDiagonal();
}

Eigen::MatrixXd nested_arc_price_elasticities(const LogitDemand& demand, const Eigen::VectorXd& prices,
                                              const MarketNests& nests, double h) {
  if (!(h > -1.0) || h == 0.0) throw std::invalid_argument("nested_arc_price_elasticities: need h > -1 and h != 0");
  const int J = demand.products();
  const Eigen::VectorXd s0 = nested_market_shares(demand, prices, nests).head(J);
  Eigen::MatrixXd e(J, J), point;
  for (int k = 0; k < J; ++k) {
    Eigen::VectorXd moved = prices;
    moved[k] = prices[k] * (1.0 + h);
    if (moved[k] == prices[k]) {  // a zero price, or a change below its rounding: the limit, the point elasticity
      if (point.size() == 0) point = nested_price_elasticities(demand, prices, nests);
      e.col(k) = point.col(k);
      continue;
    }
    const Eigen::VectorXd s1 = nested_market_shares(demand, moved, nests).head(J);
    const double dp_rel = (moved[k] - prices[k]) / (0.5 * (moved[k] + prices[k]));
    e.col(k) = ((s1 - s0).array() / (0.5 * (s1 + s0)).array()) / dp_rel;
  }
  return e;
}

double nested_expected_consumer_surplus(const LogitDemand& demand, const Eigen::VectorXd& prices,
                                        const MarketNests& nests) {
  const Eigen::VectorXd ls = nested_logsums(demand, prices, nests);
  return consumer_surplus_change(Eigen::VectorXd::Zero(ls.size()), ls, demand.price_coefficient, demand.weight);
}

}  // namespace arbiter::econ
