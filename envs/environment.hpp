// The one environment interface, in the Gymnasium style. reset(seed) starts an episode and returns the
// first observation; step(action) returns the next observation, the reward, and whether the episode
// terminated (a terminal state) or was truncated (a time limit). An environment declares its action count
// and observation size, names its actions, and describes how it looks (scene(), for drawing). Actions outside
// [0, action_count()) throw std::out_of_range.
#pragma once
#include <cstdint>
#include <string>
#include <vector>
#include "envs/scene.hpp"

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
  // One short name per action, in action order ("left", "right"); by default the action numbers.
  virtual std::vector<std::string> action_names() const {
    std::vector<std::string> names;
    for (int a = 0; a < action_count(); ++a) names.push_back(std::to_string(a));
    return names;
  }
  // How the environment looks now (see scene.hpp); an empty Scene if it has no picture.
  virtual Scene scene() const { return {}; }
  virtual Observation reset(std::uint64_t seed) = 0;
  virtual StepResult step(int action) = 0;
};

}  // namespace arbiter::envs
