// How well a classifier's probabilities p = softmax(z / T) match its accuracy: accuracy, mean negative
// log-likelihood (nats), Brier score (sum over classes of (p_j - y_j)^2, mean over examples), mean predictive
// entropy (nats), and the expected / maximum calibration error of the top-class confidence, with the
// reliability bins behind them. Equal-width bins follow Guo et al. 2017: bin b of B holds confidences in
// (b / B, (b + 1) / B] (bin 0 also takes 0); equal-mass bins sort the examples by confidence (ties by index)
// and give bin b the examples [floor(b N / B), floor((b + 1) N / B)). The predicted class is the argmax of the
// logits (the first on a tie), so it does not depend on T. Throws core::ArgumentError naming "logits",
// "labels", "temperature" or "bins" for bad input.
#pragma once
#include <cstdint>
#include <vector>
#include <Eigen/Core>
#include "core/eigen_types.hpp"

namespace arbiter::ml {

inline constexpr int kCalibrationBins = 15;

// Each example's numbers at one temperature.
struct ScoredExamples {
  Eigen::VectorXd confidence;  // max_j p_j
  Eigen::VectorXi predicted;   // argmax_j z_j
  std::vector<bool> correct;   // predicted == label
  Eigen::VectorXd nll;         // -log p_y
  Eigen::VectorXd brier;       // sum_j (p_j - [j == y])^2
  Eigen::VectorXd entropy;     // -sum_j p_j log p_j (nats)
  Eigen::Index size() const { return confidence.size(); }
};
ScoredExamples score_examples(core::BatchCRef<double> logits, const Eigen::VectorXi& labels, double T);

// One reliability bin: the confidence interval it covers, its examples' mean confidence and accuracy (0 when
// empty) and their number.
struct ReliabilityBin {
  double lower = 0.0, upper = 0.0;
  double confidence = 0.0, accuracy = 0.0;
  std::int64_t count = 0;
};

// Bins over the examples listed in `rows` (all examples when rows is nullptr).
std::vector<ReliabilityBin> equal_width_bins(const ScoredExamples& s, int bins, const std::vector<Eigen::Index>* rows = nullptr);
std::vector<ReliabilityBin> equal_mass_bins(const ScoredExamples& s, int bins, const std::vector<Eigen::Index>* rows = nullptr);
// sum_b (n_b / N) |accuracy_b - confidence_b| and max over non-empty bins of |accuracy_b - confidence_b|.
double expected_calibration_error(const std::vector<ReliabilityBin>& bins);
double maximum_calibration_error(const std::vector<ReliabilityBin>& bins);

struct CalibrationReport {
  std::int64_t examples = 0;
  double accuracy = 0.0, nll = 0.0, brier = 0.0, mean_confidence = 0.0, mean_entropy = 0.0;
  double ece = 0.0, mce = 0.0;                        // equal-width bins
  double ece_equal_mass = 0.0, mce_equal_mass = 0.0;  // equal-mass bins
  std::vector<ReliabilityBin> equal_width, equal_mass;
};
CalibrationReport calibration_report(const ScoredExamples& s, int bins = kCalibrationBins,
                                     const std::vector<Eigen::Index>* rows = nullptr);
CalibrationReport calibration_report(core::BatchCRef<double> logits, const Eigen::VectorXi& labels, double T,
                                     int bins = kCalibrationBins);

}  // namespace arbiter::ml
