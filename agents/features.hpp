// State features for linear policies and baselines: "one_hot" (the state index as a unit vector, tabular
// environments), "constant" (a single 1: every state looks the same, as in the short-corridor example) and
// "raw" (the observation itself followed by a bias 1). Throws std::out_of_range for a state index outside
// [0, state_count).
#pragma once
#include <span>
#include <string>
#include <Eigen/Core>

namespace arbiter::agents {

class FeatureMap {
 public:
  enum class Kind { one_hot, constant, raw };
  // state_count is used by one_hot, observation_size by raw.
  FeatureMap(Kind kind, int state_count, int observation_size);
  static Kind parse(const std::string& name);  // std::invalid_argument for an unknown name

  int size() const { return size_; }
  Kind kind() const { return kind_; }
  std::string name() const;
  void compute(std::span<const double> obs, Eigen::VectorXd& out) const;

 private:
  Kind kind_;
  int size_;
};

// The state index of a tabular observation; std::out_of_range unless it is an integer in [0, n).
int state_index(std::span<const double> obs, int n);

}  // namespace arbiter::agents
