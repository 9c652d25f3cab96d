// The ml.calibration experiment: temperature scaling of a logits file, or of the logits of an ml.classifier run
// it trains first (the classifier's slices come first; its logits.csv, parsed as the file would be, is then the
// input). The first calibration slice fits the global T on the validation split and measures the test split
// before and after (and per group); later slices trace the validation NLL and the test ECE over a grid of
// temperatures (the curve the GUI's T slider moves along).
#pragma once
#include <map>
#include <memory>
#include <vector>
#include "experiments/experiment.hpp"
#include "ml/calibration_groups.hpp"
#include "ml/calibration_metrics.hpp"
#include "ml/logits_csv.hpp"
#include "ml/temperature_scaling.hpp"

namespace arbiter::experiments {

struct CalibrationSetup {
  ml::LogitsFile data;               // the logits (filled from the classifier's logits.csv once it is trained)
  std::string logits_path;
  std::unique_ptr<Experiment> classifier;  // an ml.classifier run to train first (null: `data` is given)
  std::string group_column = "group";
  int bins = ml::kCalibrationBins;
  int histogram_bins = 20;
  bool groups = true;
  double shown_temperature = 0.0;    // 0: the fitted T
  std::vector<double> curve;         // temperatures of the NLL(T) / ECE(T) curve
};

class CalibrationExperiment final : public Experiment {
 public:
  explicit CalibrationExperiment(CalibrationSetup s);
  void step() override;
  bool done() const override;
  double progress() const override;
  Observables observables() const override;
  bool apply_live(const nlohmann::json& config) override;
  Results finish() override;

  // The split's report before (T = 1) and after scaling (the fitted T); valid once the first step ran.
  struct Reports {
    ml::CalibrationReport validation_before, validation_after, test_before, test_after;
  };

 private:
  struct CurvePoint {
    double temperature, validation_nll, test_nll, test_ece;
  };
  void fit();
  void take_classifier_logits();
  double shown_temperature() const;

  CalibrationSetup s_;
  bool has_classifier_ = false;
  bool trained_ = false;                           // the classifier (if any) is trained and its logits read
  std::map<std::string, core::Table> trained_tables_;  // the classifier's logits.csv and curve.csv
  nlohmann::json trained_summary_;
  std::string trained_report_;
  std::vector<Plot> training_plots_;               // the classifier's loss and accuracy curves
  bool fitted_ = false;
  ml::TemperatureFit fit_;
  Reports reports_;
  ml::GroupCalibrationTable groups_;
  std::vector<CurvePoint> curve_;
};

// The results tables (results.csv, reliability.csv, histogram.csv, groups.csv, temperature_curve.csv).
core::Table calibration_results_table(const CalibrationExperiment::Reports& r, const ml::GroupCalibrationTable& g);
core::Table reliability_table(const CalibrationExperiment::Reports& r);
core::Table confidence_histogram_table(const ml::ScoredExamples& before, const ml::ScoredExamples& after, int bins);
core::Table group_table(const ml::GroupCalibrationTable& g, double global_temperature);

}  // namespace arbiter::experiments
