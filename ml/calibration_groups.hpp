// Per-group calibration: for each group named in the test split (examples with an empty group take no part),
// its accuracy, NLL, ECE (equal-width bins) and mean predictive entropy on the test split before scaling
// (T = 1), with the one global T, and with a T of its own fitted on the group's validation examples (the
// global T when the group has none); and the gap (largest minus smallest over groups) of each.
#pragma once
#include <string>
#include <vector>
#include "ml/calibration_metrics.hpp"
#include "ml/logits_csv.hpp"
#include "ml/temperature_scaling.hpp"

namespace arbiter::ml {

struct GroupCalibration {
  std::string group;
  std::int64_t validation_examples = 0, test_examples = 0;
  double temperature = 1.0;        // the group's own T
  bool own_temperature = false;    // false: it had no validation examples and uses the global T
  bool at_bound = false;           // its fit stopped at kMinTemperature or kMaxTemperature
  CalibrationReport before, global, per_group;
};

// Largest minus smallest value over the groups.
struct GroupGap {
  double accuracy = 0.0, nll = 0.0, ece = 0.0, mean_entropy = 0.0;
};

struct GroupCalibrationTable {
  std::vector<GroupCalibration> groups;  // sorted by name
  GroupGap before, global, per_group;
};

// Empty when the test split names no group.
GroupCalibrationTable calibrate_groups(const LogitsSplit& validation, const LogitsSplit& test, double global_temperature,
                                       int bins = kCalibrationBins);

}  // namespace arbiter::ml
