// A logits file: the CSV every run that produces logits writes (columns `split` (validation or test), `label`,
// `group` (may be empty), then z0 .. z{K-1}), read into one table per split. Throws core::DataError naming the
// file and line for an unreadable file, a bad header, a row of the wrong width, a split other than validation
// or test, a label outside [0, K), a logit that is not a finite number, or a file without validation or without test rows.
#pragma once
#include <string>
#include <vector>
#include <Eigen/Core>
#include "core/eigen_types.hpp"

namespace arbiter::ml {

// The rows of one split: logits (one example per row), labels in [0, K) and a group name per example ("" =
// none).
struct LogitsSplit {
  core::Batch<double> logits;
  Eigen::VectorXi labels;
  std::vector<std::string> groups;
  Eigen::Index size() const { return logits.rows(); }
  bool has_groups() const;  // some example names a group
};

struct LogitsFile {
  int classes = 0;
  LogitsSplit validation, test;
};

LogitsFile read_logits_csv(const std::string& path);
// The same from text already in memory; `name` is the file named in messages.
LogitsFile parse_logits_csv(const std::string& text, const std::string& name);

}  // namespace arbiter::ml
