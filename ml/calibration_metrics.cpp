// Calibration metrics: each example scored once (the core's softmax and log-sum-exp at T, the core's
// entropy), then binned.
#include "ml/calibration_metrics.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

#include "core/input_error.hpp"
#include "core/softmax.hpp"
#include "core/softmax_derivatives.hpp"

namespace arbiter::ml {
namespace {

void check_bins(int bins) {
  if (bins < 1) throw core::ArgumentError("bins", "an integer >= 1", std::to_string(bins));
}

std::vector<Eigen::Index> all_rows(const ScoredExamples& s, const std::vector<Eigen::Index>* rows) {
  if (rows) return *rows;
  std::vector<Eigen::Index> out(static_cast<std::size_t>(s.size()));
  std::iota(out.begin(), out.end(), Eigen::Index(0));
  return out;
}

void close_bin(ReliabilityBin& b, double confidence_sum, double correct_sum) {
  if (b.count == 0) return;
  b.confidence = confidence_sum / static_cast<double>(b.count);
  b.accuracy = correct_sum / static_cast<double>(b.count);
}

}  // namespace

ScoredExamples score_examples(core::BatchCRef<double> logits, const Eigen::VectorXi& labels, double T) {
  if (logits.rows() == 0 || logits.cols() < 2)
    throw core::ArgumentError("logits", "at least one example of at least two classes",
                              std::to_string(logits.rows()) + " x " + std::to_string(logits.cols()));
  if (labels.size() != logits.rows())
    throw core::ArgumentError("labels", "one label per row of logits (" + std::to_string(logits.rows()) + ")",
                              std::to_string(labels.size()) + " labels");
  if (!(T > 0.0) || !std::isfinite(T)) throw core::ArgumentError("temperature", "a finite number > 0", std::to_string(T));
  const Eigen::Index n = logits.rows(), k = logits.cols();
  const core::Batch<double> p = core::softmax_rows<double>(logits, T);
  const Eigen::VectorXd log_z = core::log_sum_exp_rows<double>(logits, T);
  ScoredExamples s;
  s.confidence.resize(n);
  s.predicted.resize(n);
  s.correct.resize(static_cast<std::size_t>(n));
  s.nll.resize(n);
  s.brier.resize(n);
  s.entropy.resize(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const int y = labels[i];
    if (y < 0 || y >= k)
      throw core::ArgumentError("labels", "labels in [0, " + std::to_string(k - 1) + "]",
                                std::to_string(y) + " at row " + std::to_string(i));
    Eigen::Index best = 0;
    for (Eigen::Index j = 1; j < k; ++j)
      if (logits(i, j) > logits(i, best)) best = j;
    s.predicted[i] = static_cast<int>(best);
    s.confidence[i] = p.row(i).maxCoeff();
    s.correct[static_cast<std::size_t>(i)] = best == y;
    s.nll[i] = log_z[i] - logits(i, y) / T;
    s.brier[i] = p.row(i).squaredNorm() - 2.0 * p(i, y) + 1.0;
    s.entropy[i] = core::entropy<double>(p.row(i).transpose());
  }
  return s;
}

std::vector<ReliabilityBin> equal_width_bins(const ScoredExamples& s, int bins, const std::vector<Eigen::Index>* rows) {
  check_bins(bins);
  std::vector<ReliabilityBin> out(static_cast<std::size_t>(bins));
  std::vector<double> conf(out.size(), 0.0), hits(out.size(), 0.0);
  for (int b = 0; b < bins; ++b) {
    out[static_cast<std::size_t>(b)].lower = static_cast<double>(b) / bins;
    out[static_cast<std::size_t>(b)].upper = static_cast<double>(b + 1) / bins;
  }
  for (Eigen::Index i : all_rows(s, rows)) {
    const double c = s.confidence[i];
    const int b = std::clamp(static_cast<int>(std::ceil(c * bins)) - 1, 0, bins - 1);
    const auto ub = static_cast<std::size_t>(b);
    ++out[ub].count;
    conf[ub] += c;
    hits[ub] += s.correct[static_cast<std::size_t>(i)] ? 1.0 : 0.0;
  }
  for (std::size_t b = 0; b < out.size(); ++b) close_bin(out[b], conf[b], hits[b]);
  return out;
}

std::vector<ReliabilityBin> equal_mass_bins(const ScoredExamples& s, int bins, const std::vector<Eigen::Index>* rows) {
  check_bins(bins);
  std::vector<Eigen::Index> order = all_rows(s, rows);
  std::stable_sort(order.begin(), order.end(),
                   [&](Eigen::Index a, Eigen::Index b) { return s.confidence[a] < s.confidence[b]; });
  const auto n = static_cast<std::int64_t>(order.size());
  std::vector<ReliabilityBin> out(static_cast<std::size_t>(bins));
  for (int b = 0; b < bins; ++b) {
    ReliabilityBin& bin = out[static_cast<std::size_t>(b)];
    const std::int64_t from = b * n / bins, to = (b + 1) * n / bins;
    double conf = 0.0, hits = 0.0;
    for (std::int64_t r = from; r < to; ++r) {
      const Eigen::Index i = order[static_cast<std::size_t>(r)];
      conf += s.confidence[i];
      hits += s.correct[static_cast<std::size_t>(i)] ? 1.0 : 0.0;
    }
    bin.count = to - from;
    if (bin.count > 0) {
      bin.lower = s.confidence[order[static_cast<std::size_t>(from)]];
      bin.upper = s.confidence[order[static_cast<std::size_t>(to - 1)]];
    }
    close_bin(bin, conf, hits);
  }
  return out;
}

double expected_calibration_error(const std::vector<ReliabilityBin>& bins) {
  double total = 0.0, weighted = 0.0;
  for (const ReliabilityBin& b : bins) {
    total += static_cast<double>(b.count);
    weighted += static_cast<double>(b.count) * std::abs(b.accuracy - b.confidence);
  }
  return total > 0.0 ? weighted / total : 0.0;
}

double maximum_calibration_error(const std::vector<ReliabilityBin>& bins) {
  double worst = 0.0;
  for (const ReliabilityBin& b : bins)
    if (b.count > 0) worst = std::max(worst, std::abs(b.accuracy - b.confidence));
  return worst;
}

CalibrationReport calibration_report(const ScoredExamples& s, int bins, const std::vector<Eigen::Index>* rows) {
  CalibrationReport r;
  const std::vector<Eigen::Index> which = all_rows(s, rows);
  r.examples = static_cast<std::int64_t>(which.size());
  for (Eigen::Index i : which) {
    r.accuracy += s.correct[static_cast<std::size_t>(i)] ? 1.0 : 0.0;
    r.nll += s.nll[i];
    r.brier += s.brier[i];
    r.mean_confidence += s.confidence[i];
    r.mean_entropy += s.entropy[i];
  }
  if (r.examples > 0) {
    const double n = static_cast<double>(r.examples);
    r.accuracy /= n;
    r.nll /= n;
    r.brier /= n;
    r.mean_confidence /= n;
    r.mean_entropy /= n;
  }
  r.equal_width = equal_width_bins(s, bins, &which);
  r.equal_mass = equal_mass_bins(s, bins, &which);
  r.ece = expected_calibration_error(r.equal_width);
  r.mce = maximum_calibration_error(r.equal_width);
  r.ece_equal_mass = expected_calibration_error(r.equal_mass);
  r.mce_equal_mass = maximum_calibration_error(r.equal_mass);
  return r;
}

CalibrationReport calibration_report(core::BatchCRef<double> logits, const Eigen::VectorXi& labels, double T, int bins) {
  return calibration_report(score_examples(logits, labels, T), bins);
}

}  // namespace arbiter::ml
