// Cutting classes, confusion-based metrics and the logit adjustment.
#include "ml/class_imbalance.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/input_error.hpp"
#include "core/table.hpp"

namespace arbiter::ml {

LabelledData cut_classes(const LabelledData& data, const std::vector<int>& classes, double fraction,
                         core::RandomStream& rng) {
  if (!(fraction > 0.0 && fraction <= 1.0))
    throw core::ArgumentError("fraction", "a number in (0, 1]", core::format_double(fraction));
  std::vector<bool> chosen(static_cast<std::size_t>(data.classes), false);
  for (std::size_t i = 0; i < classes.size(); ++i) {
    if (classes[i] < 0 || classes[i] >= data.classes)
      throw core::ArgumentError("classes[" + std::to_string(i) + "]",
                                "a class index in [0, " + std::to_string(data.classes) + ")", std::to_string(classes[i]));
    chosen[static_cast<std::size_t>(classes[i])] = true;
  }
  std::vector<bool> keep(data.size(), true);
  for (int c = 0; c < data.classes; ++c) {
    if (!chosen[static_cast<std::size_t>(c)]) continue;
    std::vector<std::size_t> members;
    for (std::size_t j = 0; j < data.size(); ++j)
      if (data.y[j] == c) members.push_back(j);
    if (members.empty()) continue;
    for (std::size_t i = members.size() - 1; i > 0; --i) std::swap(members[i], members[rng.uniform_int(i + 1)]);
    const auto kept = std::max<std::size_t>(
        1, static_cast<std::size_t>(std::ceil(fraction * static_cast<double>(members.size()) - 1e-9)));
    for (std::size_t i = kept; i < members.size(); ++i) keep[members[i]] = false;
  }
  std::vector<std::size_t> indices;
  for (std::size_t j = 0; j < data.size(); ++j)
    if (keep[j]) indices.push_back(j);
  return data.take(indices);
}

std::vector<std::vector<long>> confusion_matrix(const Eigen::MatrixXf& logits, const std::vector<int>& labels) {
  const auto k = static_cast<std::size_t>(logits.rows());
  std::vector<std::vector<long>> m(k, std::vector<long>(k, 0));
  for (Eigen::Index j = 0; j < logits.cols(); ++j) {
    Eigen::Index best = 0;
    logits.col(j).maxCoeff(&best);
    ++m[static_cast<std::size_t>(labels[static_cast<std::size_t>(j)])][static_cast<std::size_t>(best)];
  }
  return m;
}

ImbalanceMetrics imbalance_metrics(const std::vector<std::vector<long>>& confusion, const std::vector<int>& chosen) {
  ImbalanceMetrics out;
  long total = 0, hits = 0;
  int present = 0;
  double recall_sum = 0.0;
  for (std::size_t t = 0; t < confusion.size(); ++t) {
    const long row = std::accumulate(confusion[t].begin(), confusion[t].end(), 0L);
    total += row;
    hits += confusion[t][t];
    const double r = row > 0 ? static_cast<double>(confusion[t][t]) / static_cast<double>(row) : 0.0;
    out.recall.push_back(r);
    if (row > 0) {
      ++present;
      recall_sum += r;
    }
  }
  out.accuracy = total > 0 ? static_cast<double>(hits) / static_cast<double>(total) : 0.0;
  out.balanced_accuracy = present > 0 ? recall_sum / present : 0.0;
  double chosen_sum = 0.0;
  for (int c : chosen) chosen_sum += out.recall[static_cast<std::size_t>(c)];
  out.chosen_recall = chosen.empty() ? 0.0 : chosen_sum / static_cast<double>(chosen.size());
  return out;
}

Eigen::MatrixXf adjust_logits(const Eigen::MatrixXf& logits, const std::vector<double>& prior, double tau) {
  if (prior.size() != static_cast<std::size_t>(logits.rows()))
    throw core::ArgumentError("prior", "one probability per class", std::to_string(prior.size()) + " entries");
  Eigen::VectorXf shift(logits.rows());
  for (std::size_t k = 0; k < prior.size(); ++k) {
    if (!(prior[k] > 0.0)) throw core::ArgumentError("prior[" + std::to_string(k) + "]", "a number > 0", core::format_double(prior[k]));
    shift[static_cast<Eigen::Index>(k)] = static_cast<float>(tau * std::log(prior[k]));
  }
  return logits.colwise() - shift;
}

}  // namespace arbiter::ml
