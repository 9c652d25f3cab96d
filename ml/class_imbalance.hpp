// Class imbalance: cutting chosen classes of a data set to a fraction of their examples (seeded), the
// confusion matrix of logits and the metrics that see a rare class (per-class recall, balanced accuracy,
// mean recall over chosen classes), and the post-hoc logit adjustment z_k - tau log pi_k by the log class prior
// (Menon et al. 2021). Bad arguments throw core::ArgumentError naming them.
#pragma once
#include <vector>
#include <Eigen/Core>
#include "core/random_stream.hpp"
#include "ml/labelled_data.hpp"

namespace arbiter::ml {

// Keeps, of each class in `classes`, a random ceil(fraction * n_c) of its examples (at least 1); the other
// classes whole. Order preserved. fraction in (0, 1]; class indices in [0, data.classes).
LabelledData cut_classes(const LabelledData& data, const std::vector<int>& classes, double fraction,
                         core::RandomStream& rng);

// confusion[true][predicted] of the argmax of each column of logits (K x n; first maximum on ties).
std::vector<std::vector<long>> confusion_matrix(const Eigen::MatrixXf& logits, const std::vector<int>& labels);

struct ImbalanceMetrics {
  double accuracy = 0.0;
  double balanced_accuracy = 0.0;  // mean recall over the classes present
  double chosen_recall = 0.0;      // mean recall over the chosen (cut) classes
  std::vector<double> recall;      // per class (0 for an absent class)
};
ImbalanceMetrics imbalance_metrics(const std::vector<std::vector<long>>& confusion, const std::vector<int>& chosen);

// logits - tau * log(prior) per column; prior entries > 0 (one per row of logits).
Eigen::MatrixXf adjust_logits(const Eigen::MatrixXf& logits, const std::vector<double>& prior, double tau = 1.0);

}  // namespace arbiter::ml
