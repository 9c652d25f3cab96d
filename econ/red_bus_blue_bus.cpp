// Red bus / blue bus shares under plain and nested logit.
#include "econ/red_bus_blue_bus.hpp"

#include "econ/logit_demand.hpp"
#include "econ/nested_market.hpp"

namespace arbiter::econ {

RedBusBlueBus red_bus_blue_bus(double v_car, double v_bus, double lambda) {
  // Utilities enter as base utilities at price 0 (the price coefficient plays no part).
  const LogitDemand before = representative_consumer(Eigen::Vector2d(v_car, v_bus), -1.0, false);
  const LogitDemand after = representative_consumer(Eigen::Vector3d(v_car, v_bus, v_bus), -1.0, false);
  MarketNests nests_before{{"bus"}, Eigen::VectorXd::Constant(1, lambda), {-1, 0}};
  MarketNests nests_after{{"bus"}, Eigen::VectorXd::Constant(1, lambda), {-1, 0, 0}};
  RedBusBlueBus r;
  r.logit_before = market_shares(before, Eigen::VectorXd::Zero(2));
  r.logit_after = market_shares(after, Eigen::VectorXd::Zero(3));
  r.nested_before = nested_market_shares(before, Eigen::VectorXd::Zero(2), nests_before);
  r.nested_after = nested_market_shares(after, Eigen::VectorXd::Zero(3), nests_after);
  return r;
}

}  // namespace arbiter::econ
