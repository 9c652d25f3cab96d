// A labelled data set for classifiers: one column of features per example (float), a class index in
// [0, classes) per example. Loaders read an IDX image/label pair (Fashion-MNIST, MNIST: pixels scaled to
// [0, 1]) or a CSV with a header, a label column and numeric feature columns; `limit` > 0 keeps the first
// `limit` examples (a fixed subset for fast runs). Bad files throw core::DataError (file and place); bad
// arguments core::ArgumentError naming the argument.
#pragma once
#include <cstddef>
#include <string>
#include <utility>
#include <vector>
#include <Eigen/Core>
#include "core/random_stream.hpp"

namespace arbiter::ml {

struct LabelledData {
  Eigen::MatrixXf x;    // features x examples
  std::vector<int> y;   // one label per column of x
  int classes = 0;
  std::size_t size() const { return y.size(); }
  int features() const { return static_cast<int>(x.rows()); }
  // The examples at the given indices, in that order.
  LabelledData take(const std::vector<std::size_t>& indices) const;
  // Examples per class (classes entries).
  std::vector<std::size_t> class_counts() const;
};

// Images (an IDX array of n items of any shape) and labels (n items of one byte each, < classes).
LabelledData load_idx_pair(const std::string& images_path, const std::string& labels_path, int classes,
                           std::size_t limit = 0);

// A CSV: a header row, then one example per row; `label_column` names the integer label column (in
// [0, classes)), every other column is a numeric feature.
LabelledData load_csv(const std::string& path, const std::string& label_column, int classes, std::size_t limit = 0);

// A seeded split: a random `fraction` in (0, 1) of the examples (at least one, and at least one left) goes
// to the second part (validation), the rest to the first, each in the original order.
std::pair<LabelledData, LabelledData> split_validation(const LabelledData& data, double fraction,
                                                       core::RandomStream& rng);

}  // namespace arbiter::ml
