// The ml.calibration result tables, tidy: one row per (split, calibration, metric), per bin, or per group.
// An empty reliability bin has empty confidence and accuracy cells.
#include "experiments/ml/calibration_experiment.hpp"

namespace arbiter::experiments {
namespace {

void add_metrics(core::Table& t, const std::string& split, const std::string& calibration,
                 const ml::CalibrationReport& r) {
  const std::pair<const char*, double> metrics[] = {
      {"accuracy", r.accuracy},         {"nll", r.nll},
      {"brier", r.brier},               {"ece", r.ece},
      {"mce", r.mce},                   {"ece_equal_mass", r.ece_equal_mass},
      {"mce_equal_mass", r.mce_equal_mass}, {"mean_confidence", r.mean_confidence},
      {"mean_entropy", r.mean_entropy}};
  for (const auto& [name, value] : metrics) t.add_row({split, calibration, std::string(name), value});
}

void add_gap(core::Table& t, const std::string& calibration, const ml::GroupGap& g) {
  t.add_row({std::string("test"), calibration, std::string("group_gap_accuracy"), g.accuracy});
  t.add_row({std::string("test"), calibration, std::string("group_gap_nll"), g.nll});
  t.add_row({std::string("test"), calibration, std::string("group_gap_ece"), g.ece});
  t.add_row({std::string("test"), calibration, std::string("group_gap_mean_entropy"), g.mean_entropy});
}

core::Cell filled(double v, std::int64_t count) {
  if (count > 0) return v;
  return std::string();
}

void add_bins(core::Table& t, const std::string& split, const std::string& calibration, const std::string& binning,
              const std::vector<ml::ReliabilityBin>& bins) {
  const bool fixed_edges = binning == "equal_width";  // equal-mass edges are the confidences of the bin's examples
  for (std::size_t b = 0; b < bins.size(); ++b) {
    const ml::ReliabilityBin& x = bins[b];
    const std::int64_t edges = fixed_edges ? 1 : x.count;
    t.add_row({split, calibration, binning, static_cast<std::int64_t>(b), filled(x.lower, edges), filled(x.upper, edges),
               filled(x.confidence, x.count), filled(x.accuracy, x.count), x.count});
  }
}

}  // namespace

core::Table calibration_results_table(const CalibrationExperiment::Reports& r, const ml::GroupCalibrationTable& g) {
  core::Table t({"split", "calibration", "metric", "value"});
  add_metrics(t, "validation", "before", r.validation_before);
  add_metrics(t, "validation", "global", r.validation_after);
  add_metrics(t, "test", "before", r.test_before);
  add_metrics(t, "test", "global", r.test_after);
  if (!g.groups.empty()) {
    add_gap(t, "before", g.before);
    add_gap(t, "global", g.global);
    add_gap(t, "per_group", g.per_group);
  }
  return t;
}

core::Table reliability_table(const CalibrationExperiment::Reports& r) {
  core::Table t({"split", "calibration", "binning", "bin", "lower", "upper", "confidence", "accuracy", "count"});
  const std::pair<const char*, const ml::CalibrationReport*> reports[] = {{"before", &r.validation_before},
                                                                           {"global", &r.validation_after}};
  const std::pair<const char*, const ml::CalibrationReport*> tests[] = {{"before", &r.test_before},
                                                                        {"global", &r.test_after}};
  for (const auto& [name, rep] : reports) {
    add_bins(t, "validation", name, "equal_width", rep->equal_width);
    add_bins(t, "validation", name, "equal_mass", rep->equal_mass);
  }
  for (const auto& [name, rep] : tests) {
    add_bins(t, "test", name, "equal_width", rep->equal_width);
    add_bins(t, "test", name, "equal_mass", rep->equal_mass);
  }
  return t;
}

core::Table confidence_histogram_table(const ml::ScoredExamples& before, const ml::ScoredExamples& after, int bins) {
  core::Table t({"calibration", "bin", "lower", "upper", "count", "fraction"});
  const std::pair<const char*, const ml::ScoredExamples*> rows[] = {{"before", &before}, {"global", &after}};
  for (const auto& [name, s] : rows) {
    const auto h = ml::equal_width_bins(*s, bins);
    for (std::size_t b = 0; b < h.size(); ++b)
      t.add_row({std::string(name), static_cast<std::int64_t>(b), h[b].lower, h[b].upper, h[b].count,
                 static_cast<double>(h[b].count) / static_cast<double>(s->size())});
  }
  return t;
}

core::Table group_table(const ml::GroupCalibrationTable& g, double global_temperature) {
  core::Table t({"group", "calibration", "temperature", "validation_examples", "test_examples", "accuracy", "nll",
                 "ece", "mean_entropy", "brier"});
  for (const ml::GroupCalibration& c : g.groups) {
    const std::tuple<const char*, double, const ml::CalibrationReport*> rows[] = {
        {"before", 1.0, &c.before}, {"global", global_temperature, &c.global}, {"per_group", c.temperature, &c.per_group}};
    for (const auto& [name, T, r] : rows)
      t.add_row({c.group, std::string(name), T, c.validation_examples, c.test_examples, r->accuracy, r->nll, r->ece,
                 r->mean_entropy, r->brier});
  }
  return t;
}

}  // namespace arbiter::experiments
