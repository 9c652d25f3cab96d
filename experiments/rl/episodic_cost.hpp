// What an rl.episodic run will cost, estimated from its resolved config before any work: memory (each run's
// recorded metrics, agent and episode tape, and the results tables), with episodes at their length limit
// (/env/max_steps), and time on one core at a typical episode length (CartPole's learned episodes reach the
// limit; the corridor's last about 13 to 50 steps, a gridworld's about the number of its cells; a policy
// stuck short of the goal runs to the limit and takes longer). Throws nothing: a config the kind will refuse
// gets a small estimate.
#pragma once
#include <nlohmann/json.hpp>
#include "experiments/experiment.hpp"

namespace arbiter::experiments::rl {

RunCost episodic_cost(const nlohmann::json& config);

}  // namespace arbiter::experiments::rl
