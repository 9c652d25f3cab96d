// The red-bus/blue-bus demonstration of the independence of irrelevant alternatives: a car (utility v_car)
// and a red bus (v_bus), then a blue bus identical to the red one is added. Plain logit gives every
// alternative the same proportional gain (1/2-1/2 becomes 1/3 each when v_car = v_bus); nested logit with
// the buses in one nest of log-sum parameter lambda in (0, 1] splits the bus share instead (lambda -> 0:
// 1/2, 1/4, 1/4). Shares are ordered car, red bus[, blue bus].
#pragma once
#include <Eigen/Core>

namespace arbiter::econ {

struct RedBusBlueBus {
  Eigen::VectorXd logit_before, logit_after;    // plain logit
  Eigen::VectorXd nested_before, nested_after;  // nested logit, buses in one nest
};

// Throws std::invalid_argument unless lambda is in (0, 1].
RedBusBlueBus red_bus_blue_bus(double v_car, double v_bus, double lambda);

}  // namespace arbiter::econ
