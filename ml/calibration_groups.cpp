// Per-group calibration: the group's rows are gathered once per split, scored at the three temperatures.
#include "ml/calibration_groups.hpp"

#include <algorithm>
#include <limits>
#include <map>

namespace arbiter::ml {
namespace {

std::map<std::string, std::vector<Eigen::Index>> rows_by_group(const LogitsSplit& s) {
  std::map<std::string, std::vector<Eigen::Index>> out;
  for (Eigen::Index i = 0; i < s.size(); ++i)
    if (!s.groups[static_cast<std::size_t>(i)].empty()) out[s.groups[static_cast<std::size_t>(i)]].push_back(i);
  return out;
}

GroupGap gap_of(const std::vector<GroupCalibration>& groups, const CalibrationReport GroupCalibration::*which) {
  GroupGap g;
  if (groups.empty()) return g;
  auto spread = [&](double CalibrationReport::*field) {
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (const GroupCalibration& c : groups) {
      lo = std::min(lo, (c.*which).*field);
      hi = std::max(hi, (c.*which).*field);
    }
    return hi - lo;
  };
  g.accuracy = spread(&CalibrationReport::accuracy);
  g.nll = spread(&CalibrationReport::nll);
  g.ece = spread(&CalibrationReport::ece);
  g.mean_entropy = spread(&CalibrationReport::mean_entropy);
  return g;
}

}  // namespace

GroupCalibrationTable calibrate_groups(const LogitsSplit& validation, const LogitsSplit& test, double global_temperature,
                                       int bins) {
  GroupCalibrationTable table;
  const auto test_rows = rows_by_group(test);
  if (test_rows.empty()) return table;
  const auto validation_rows = rows_by_group(validation);
  const ScoredExamples before = score_examples(test.logits, test.labels, 1.0);
  const ScoredExamples global = score_examples(test.logits, test.labels, global_temperature);
  for (const auto& [name, rows] : test_rows) {
    GroupCalibration g;
    g.group = name;
    g.test_examples = static_cast<std::int64_t>(rows.size());
    g.temperature = global_temperature;
    if (const auto it = validation_rows.find(name); it != validation_rows.end()) {
      const auto& vrows = it->second;
      g.validation_examples = static_cast<std::int64_t>(vrows.size());
      core::Batch<double> z(static_cast<Eigen::Index>(vrows.size()), validation.logits.cols());
      Eigen::VectorXi y(static_cast<Eigen::Index>(vrows.size()));
      for (std::size_t r = 0; r < vrows.size(); ++r) {
        z.row(static_cast<Eigen::Index>(r)) = validation.logits.row(vrows[r]);
        y[static_cast<Eigen::Index>(r)] = validation.labels[vrows[r]];
      }
      const TemperatureFit fit = fit_temperature(z, y);
      g.temperature = fit.temperature;
      g.own_temperature = true;
      g.at_bound = fit.at_bound;
    }
    g.before = calibration_report(before, bins, &rows);
    g.global = calibration_report(global, bins, &rows);
    g.per_group = calibration_report(score_examples(test.logits, test.labels, g.temperature), bins, &rows);
    table.groups.push_back(std::move(g));
  }
  table.before = gap_of(table.groups, &GroupCalibration::before);
  table.global = gap_of(table.groups, &GroupCalibration::global);
  table.per_group = gap_of(table.groups, &GroupCalibration::per_group);
  return table;
}

}  // namespace arbiter::ml
