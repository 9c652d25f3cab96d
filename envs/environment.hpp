// The one environment interface, in the Gymnasium style. reset(seed) starts an episode and returns the
// first observation; step(action) returns the next observation, the reward, and whether the episode
// terminated (a terminal state) or was truncated (a time limit). An environment declares its action count
// and observation size. Actions outside [0, action_count()) throw std::out_of_range.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace arbiter::envs {

using Observation = std::vector<double>;

struct StepResult {
  Observation observation;
  double reward = 0.0;
  bool terminated = false;
  bool truncated = false;
  bool done() const { return terminated || truncated; }
};

class Environment {
 public:
  virtual ~Environment() = default;
  virtual std::string name() const = 0;
  virtual int action_count() const = 0;
  // Length of the observation vector (a tabular environment observes its state index as one number).
  virtual int observation_size() const = 0;
  // For tabular environments, the number of discrete states (observation[0] is the state index); 0 if the
  // observation is continuous.
  virtual int state_count() const { return 0; }
  virtual Observation reset(std::uint64_t seed) = 0;
  virtual StepResult step(int action) = 0;
};

}  // namespace arbiter::envs
