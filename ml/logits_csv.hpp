// A logits file: the CSV every run that produces logits writes (columns `split` (validation or test), `label`,
// `group` (may be empty), then z0 .. z{K-1}, then any further named columns), read into one table per split;
// an example's group is its `group` cell or that of another column named by the caller. Throws core::DataError
// naming the file and line for an unreadable file, a bad header, a row of the wrong width, a split other than
// validation or test, a label outside [0, K), a logit that is not a finite number, a file without validation
// or without test rows; and core::ArgumentError naming "group_column" for a grouping column it does not have.
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

LogitsFile read_logits_csv(const std::string& path, const std::string& group_column = "group");
// The same from text already in memory; `name` is the file named in messages.
LogitsFile parse_logits_csv(const std::string& text, const std::string& name, const std::string& group_column = "group");

}  // namespace arbiter::ml
