// The ml.calibration experiment: the classifier's training (when it has one), then the fit and the
// before/after reports in one slice, then the curve.
#include "experiments/ml/calibration_experiment.hpp"

#include <cstdio>

#include "core/config_error.hpp"
#include "core/input_error.hpp"
#include "core/table.hpp"

namespace arbiter::experiments {
namespace {

using json = nlohmann::json;

std::string fixed(double x, int digits = 4) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.*f", digits, x);
  return buf;
}

std::string bin_label(const ml::ReliabilityBin& b) { return fixed(b.lower, 2) + "-" + fixed(b.upper, 2); }

json report_json(const ml::CalibrationReport& r) {
  return {{"examples", r.examples},        {"accuracy", r.accuracy}, {"nll", r.nll},
          {"brier", r.brier},              {"ece", r.ece},           {"mce", r.mce},
          {"ece_equal_mass", r.ece_equal_mass}, {"mce_equal_mass", r.mce_equal_mass},
          {"mean_confidence", r.mean_confidence}, {"mean_entropy", r.mean_entropy}};
}

json gap_json(const ml::GroupGap& g) {
  return {{"accuracy", g.accuracy}, {"nll", g.nll}, {"ece", g.ece}, {"mean_entropy", g.mean_entropy}};
}

}  // namespace

CalibrationExperiment::CalibrationExperiment(CalibrationSetup s)
    : s_(std::move(s)), has_classifier_(s_.classifier != nullptr), trained_(!has_classifier_) {}

// The classifier's results: its logits.csv, parsed from the bytes it writes (so a later run on that file gives
// the same numbers), becomes the input; its logits.csv and curve.csv are written beside the calibration's.
void CalibrationExperiment::take_classifier_logits() {
  training_plots_ = s_.classifier->observables().plots;
  Results r = s_.classifier->finish();
  const core::Table& logits = r.tables.at("logits.csv");
  try {
    s_.data = ml::parse_logits_csv(logits.to_csv(), "the trained classifier's logits.csv", s_.group_column);
  } catch (const core::InputError& e) {
    throw core::RunError(std::string(e.what()) + " (the training diverged?)");
  }
  trained_tables_["logits.csv"] = logits;
  trained_tables_["curve.csv"] = r.tables.at("curve.csv");
  trained_summary_ = std::move(r.summary);
  trained_report_ = std::move(r.report);
  s_.classifier.reset();
  trained_ = true;
}

void CalibrationExperiment::fit() {
  const ml::LogitsSplit& v = s_.data.validation;
  const ml::LogitsSplit& t = s_.data.test;
  fit_ = ml::fit_temperature(v.logits, v.labels);
  const double T = fit_.temperature;
  reports_.validation_before = ml::calibration_report(v.logits, v.labels, 1.0, s_.bins);
  reports_.validation_after = ml::calibration_report(v.logits, v.labels, T, s_.bins);
  reports_.test_before = ml::calibration_report(t.logits, t.labels, 1.0, s_.bins);
  reports_.test_after = ml::calibration_report(t.logits, t.labels, T, s_.bins);
  if (s_.groups) groups_ = ml::calibrate_groups(v, t, T, s_.bins);
  fitted_ = true;
}

void CalibrationExperiment::step() {
  if (!trained_) {
    s_.classifier->step();
    if (s_.classifier->done()) take_classifier_logits();
    return;
  }
  if (!fitted_) {
    fit();
    return;
  }
  constexpr std::size_t kPerSlice = 4;
  const ml::LogitsSplit& v = s_.data.validation;
  const ml::LogitsSplit& t = s_.data.test;
  for (std::size_t k = 0; k < kPerSlice && curve_.size() < s_.curve.size(); ++k) {
    const double T = s_.curve[curve_.size()];
    const ml::ScoredExamples test = ml::score_examples(t.logits, t.labels, T);
    curve_.push_back({T, ml::temperature_objective(v.logits, v.labels, T).nll, test.nll.mean(),
                      ml::expected_calibration_error(ml::equal_width_bins(test, s_.bins))});
  }
}

bool CalibrationExperiment::done() const { return trained_ && fitted_ && curve_.size() >= s_.curve.size(); }

// With a classifier, its training is the first 95% of the work.
double CalibrationExperiment::progress() const {
  constexpr double kTraining = 0.95;
  if (!trained_) return kTraining * s_.classifier->progress();
  const double calibrated =
      fitted_ ? static_cast<double>(1 + curve_.size()) / static_cast<double>(1 + s_.curve.size()) : 0.0;
  return has_classifier_ ? kTraining + (1.0 - kTraining) * calibrated : calibrated;
}

double CalibrationExperiment::shown_temperature() const {
  return s_.shown_temperature > 0.0 ? s_.shown_temperature : fit_.temperature;
}

// While the classifier trains, its own observables (loss and accuracy curves, confusion, ...); then the
// calibration's, followed by the classifier's final loss and accuracy curves.
Observables CalibrationExperiment::observables() const {
  if (!trained_) return s_.classifier->observables();
  Observables o;
  if (!fitted_) return o;
  const ml::LogitsSplit& t = s_.data.test;
  const double shown = shown_temperature();
  const ml::CalibrationReport now = ml::calibration_report(t.logits, t.labels, shown, s_.bins);

  Plot reliability;
  reliability.id = "reliability";
  reliability.title = "Reliability diagram (test split, " + std::to_string(s_.bins) + " equal-width bins)";
  reliability.x_label = "confidence";
  reliability.y_label = "accuracy";
  const auto add_series = [&](const std::string& name, const ml::CalibrationReport& r) {
    Series series{name, {}, {}, {}};
    for (const ml::ReliabilityBin& b : r.equal_width)
      if (b.count > 0) {
        series.x.push_back(b.confidence);
        series.y.push_back(b.accuracy);
      }
    reliability.series.push_back(std::move(series));
  };
  reliability.series.push_back({"perfect calibration", {0.0, 1.0}, {0.0, 1.0}, {}});
  add_series("before (T = 1)", reports_.test_before);
  add_series("after (T = " + fixed(fit_.temperature, 3) + ")", reports_.test_after);
  if (s_.shown_temperature > 0.0) add_series("at T = " + fixed(shown, 3), now);
  o.plots.push_back(std::move(reliability));

  Plot curve;
  curve.id = "nll_of_t";
  curve.title = "Validation NLL and test ECE against the temperature";
  curve.x_label = "temperature T";
  curve.y_label = "NLL (nats), ECE";
  curve.log_x = true;
  curve.x_markers = {fit_.temperature, shown};
  Series nll{"validation NLL", {}, {}, {}}, test_nll{"test NLL", {}, {}, {}}, ece{"test ECE", {}, {}, {}};
  for (const CurvePoint& p : curve_) {
    nll.x.push_back(p.temperature);
    nll.y.push_back(p.validation_nll);
    test_nll.x.push_back(p.temperature);
    test_nll.y.push_back(p.test_nll);
    ece.x.push_back(p.temperature);
    ece.y.push_back(p.test_ece);
  }
  curve.series = {std::move(nll), std::move(test_nll), std::move(ece)};
  o.plots.push_back(std::move(curve));

  Bars gaps;
  gaps.id = "reliability_gap";
  gaps.title = "Accuracy minus confidence per bin (test split)";
  for (const ml::ReliabilityBin& b : reports_.test_before.equal_width) gaps.labels.push_back(bin_label(b));
  const auto gap_values = [](const ml::CalibrationReport& r) {
    std::vector<double> v;
    for (const ml::ReliabilityBin& b : r.equal_width) v.push_back(b.count > 0 ? b.accuracy - b.confidence : 0.0);
    return v;
  };
  gaps.groups = {{"before", gap_values(reports_.test_before)}, {"after", gap_values(reports_.test_after)}};
  if (s_.shown_temperature > 0.0) gaps.groups.push_back({"shown T", gap_values(now)});
  o.bars.push_back(std::move(gaps));

  Bars histogram;
  histogram.id = "confidence_histogram";
  histogram.title = "Confidence histogram (test split, fraction of examples)";
  const ml::ScoredExamples before = ml::score_examples(t.logits, t.labels, 1.0);
  const ml::ScoredExamples at_shown = ml::score_examples(t.logits, t.labels, shown);
  const auto hb = ml::equal_width_bins(before, s_.histogram_bins), hs = ml::equal_width_bins(at_shown, s_.histogram_bins);
  BarGroup hbefore{"before (T = 1)", {}}, hshown{"at T = " + fixed(shown, 3), {}};
  for (std::size_t b = 0; b < hb.size(); ++b) {
    histogram.labels.push_back(bin_label(hb[b]));
    hbefore.values.push_back(static_cast<double>(hb[b].count) / static_cast<double>(before.size()));
    hshown.values.push_back(static_cast<double>(hs[b].count) / static_cast<double>(at_shown.size()));
  }
  histogram.groups = {std::move(hbefore), std::move(hshown)};
  o.bars.push_back(std::move(histogram));

  if (!groups_.groups.empty()) {
    Bars per_group;
    per_group.id = "group_ece";
    per_group.title = "ECE per group (test split)";
    BarGroup b{"before", {}}, g{"global T", {}}, own{"own T", {}};
    for (const ml::GroupCalibration& c : groups_.groups) {
      per_group.labels.push_back(c.group);
      b.values.push_back(c.before.ece);
      g.values.push_back(c.global.ece);
      own.values.push_back(c.per_group.ece);
    }
    per_group.groups = {std::move(b), std::move(g), std::move(own)};
    o.bars.push_back(std::move(per_group));
    const auto group_bars = [&](const std::string& id, const std::string& title, double ml::CalibrationReport::*field) {
      Bars bars;
      bars.id = id;
      bars.title = title;
      BarGroup before_t{"before", {}}, global_t{"global T", {}}, own_t{"own T", {}};
      for (const ml::GroupCalibration& c : groups_.groups) {
        bars.labels.push_back(c.group);
        before_t.values.push_back(c.before.*field);
        global_t.values.push_back(c.global.*field);
        own_t.values.push_back(c.per_group.*field);
      }
      bars.groups = {std::move(before_t), std::move(global_t), std::move(own_t)};
      o.bars.push_back(std::move(bars));
    };
    group_bars("group_nll", "NLL per group (test split, nats)", &ml::CalibrationReport::nll);
    group_bars("group_entropy", "Mean predictive entropy per group (test split, nats)", &ml::CalibrationReport::mean_entropy);
    o.numbers.emplace_back("group_gap_ece_before", "ECE gap between groups before", groups_.before.ece,
                           fixed(groups_.before.ece));
    o.numbers.emplace_back("group_gap_ece_global", "ECE gap between groups, global T", groups_.global.ece,
                           fixed(groups_.global.ece));
    o.numbers.emplace_back("group_gap_ece_per_group", "ECE gap between groups, one T each", groups_.per_group.ece,
                           fixed(groups_.per_group.ece));
  }

  const auto& tb = reports_.test_before;
  const auto& ta = reports_.test_after;
  std::vector<Number> headline = {{"temperature", "fitted temperature T", fit_.temperature, fixed(fit_.temperature)},
               {"shown_temperature", "temperature shown", shown, fixed(shown)},
               {"accuracy_before", "test accuracy before", tb.accuracy, fixed(tb.accuracy)},
               {"accuracy_after", "test accuracy after", ta.accuracy, fixed(ta.accuracy)},
               {"nll_before", "test NLL before", tb.nll, fixed(tb.nll), "nats"},
               {"nll_after", "test NLL after", ta.nll, fixed(ta.nll), "nats"},
               {"ece_before", "test ECE before", tb.ece, fixed(tb.ece)},
               {"ece_after", "test ECE after", ta.ece, fixed(ta.ece)},
               {"mce_before", "test MCE before", tb.mce, fixed(tb.mce)},
               {"mce_after", "test MCE after", ta.mce, fixed(ta.mce)},
               {"brier_before", "test Brier before", tb.brier, fixed(tb.brier)},
               {"brier_after", "test Brier after", ta.brier, fixed(ta.brier)},
               {"nll_shown", "test NLL at the shown T", now.nll, fixed(now.nll), "nats"},
               {"ece_shown", "test ECE at the shown T", now.ece, fixed(now.ece)},
               {"mean_confidence_shown", "mean confidence at the shown T", now.mean_confidence,
                fixed(now.mean_confidence)}};
  o.numbers.insert(o.numbers.begin(), headline.begin(), headline.end());
  o.plots.insert(o.plots.end(), training_plots_.begin(), training_plots_.end());
  return o;
}

// /temperature (the T shown) changes in place; anything else asks for a rebuild.
bool CalibrationExperiment::apply_live(const json& config) {
  if (!config.is_object() || !config.contains("temperature") || !config["temperature"].is_number()) return false;
  const double T = config["temperature"].get<double>();
  if (!(T >= 0.0) || !std::isfinite(T)) return false;
  s_.shown_temperature = T;
  return true;
}

Results CalibrationExperiment::finish() {
  if (!trained_) take_classifier_logits();
  if (!fitted_) fit();
  Results r;
  r.tables = trained_tables_;
  const ml::LogitsSplit& t = s_.data.test;
  r.results = calibration_results_table(reports_, groups_);
  r.tables["reliability.csv"] = reliability_table(reports_);
  r.tables["histogram.csv"] = confidence_histogram_table(ml::score_examples(t.logits, t.labels, 1.0),
                                                         ml::score_examples(t.logits, t.labels, fit_.temperature),
                                                         s_.histogram_bins);
  if (!groups_.groups.empty()) r.tables["groups.csv"] = group_table(groups_, fit_.temperature);
  core::Table curve({"T", "validation_nll", "test_nll", "test_ece"});
  for (const CurvePoint& p : curve_) curve.add_row({p.temperature, p.validation_nll, p.test_nll, p.test_ece});
  r.tables["temperature_curve.csv"] = std::move(curve);

  const auto& tb = reports_.test_before;
  const auto& ta = reports_.test_after;
  r.summary = {{"temperature", fit_.temperature},
               {"accuracy_before", tb.accuracy},
               {"accuracy_after", ta.accuracy},
               {"nll_before", tb.nll},
               {"nll_after", ta.nll},
               {"ece_before", tb.ece},
               {"ece_after", ta.ece},
               {"bins", s_.bins},
               {"classes", s_.data.classes},
               {"fit", {{"newton_steps", fit_.iterations},
                        {"at_bound", fit_.at_bound},
                        {"converged", fit_.converged},
                        {"validation_nll", fit_.nll},
                        {"gradient", fit_.gradient}}},
               {"validation", {{"before", report_json(reports_.validation_before)},
                               {"after", report_json(reports_.validation_after)}}},
               {"test", {{"before", report_json(tb)}, {"after", report_json(ta)}}}};
  if (!groups_.groups.empty()) {
    json groups = json::object();
    for (const ml::GroupCalibration& g : groups_.groups)
      groups[g.group] = {{"temperature", g.temperature},
                         {"own_temperature", g.own_temperature},
                         {"validation_examples", g.validation_examples},
                         {"test_examples", g.test_examples},
                         {"ece_before", g.before.ece},
                         {"ece_global", g.global.ece},
                         {"ece_per_group", g.per_group.ece},
                         {"nll_before", g.before.nll},
                         {"nll_global", g.global.nll},
                         {"nll_per_group", g.per_group.nll}};
    r.summary["groups"] = groups;
    r.summary["group_gap"] = {{"before", gap_json(groups_.before)},
                              {"global", gap_json(groups_.global)},
                              {"per_group", gap_json(groups_.per_group)}};
  }
  if (has_classifier_) r.summary["classifier"] = trained_summary_;
  char buf[400];
  std::snprintf(buf, sizeof buf,
                "T = %.4f fitted on %lld validation examples (%d Newton steps%s)\n"
                "test (%lld examples): accuracy %.4f -> %.4f, NLL %.4f -> %.4f, ECE %.4f -> %.4f, Brier %.4f -> %.4f\n",
                fit_.temperature, static_cast<long long>(reports_.validation_before.examples), fit_.iterations,
                fit_.at_bound ? ", stopped at a bound" : fit_.converged ? "" : ", not converged", static_cast<long long>(tb.examples), tb.accuracy,
                ta.accuracy, tb.nll, ta.nll, tb.ece, ta.ece, tb.brier, ta.brier);
  r.report = trained_report_ + buf;
  for (const ml::GroupCalibration& g : groups_.groups) {
    std::snprintf(buf, sizeof buf, "  group %-12s ECE %.4f -> %.4f (global T), %.4f (own T = %.3f)\n", g.group.c_str(),
                  g.before.ece, g.global.ece, g.per_group.ece, g.temperature);
    r.report += buf;
  }
  return r;
}

}  // namespace arbiter::experiments
