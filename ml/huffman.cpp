// Huffman's construction with a binary heap keyed by (weight, node id); the paths are then read top-down.
#include "ml/huffman.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <queue>
#include <string>
#include <utility>

#include "core/input_error.hpp"
#include "core/softmax_derivatives.hpp"
#include "core/table.hpp"

namespace arbiter::ml {

namespace {

std::vector<double> normalised(const std::vector<double>& frequencies) {
  if (frequencies.size() < 2)
    throw core::ArgumentError("frequencies", "at least two classes", std::to_string(frequencies.size()));
  double total = 0.0;
  for (std::size_t k = 0; k < frequencies.size(); ++k) {
    const double f = frequencies[k];
    if (!(f > 0.0) || !std::isfinite(f))
      throw core::ArgumentError("frequencies", "every frequency finite and > 0",
                                core::format_double(f) + " for class " + std::to_string(k));
    total += f;
  }
  std::vector<double> p(frequencies.size());
  for (std::size_t k = 0; k < p.size(); ++k) p[k] = frequencies[k] / total;
  return p;
}

}  // namespace

HuffmanTree::HuffmanTree(const std::vector<double>& frequencies) : probabilities_(normalised(frequencies)) {
  classes_ = static_cast<int>(probabilities_.size());
  const int inner = classes_ - 1;
  left_.resize(static_cast<std::size_t>(inner));
  right_.resize(static_cast<std::size_t>(inner));
  // Heap entries (weight, id): id < V is leaf id, id >= V is inner node id - V. Smallest weight first, then
  // the smaller id.
  using Entry = std::pair<double, int>;
  std::priority_queue<Entry, std::vector<Entry>, std::greater<Entry>> heap;
  for (int k = 0; k < classes_; ++k) heap.emplace(probabilities_[static_cast<std::size_t>(k)], k);
  const auto child_code = [this](int id) { return id < classes_ ? -id - 1 : id - classes_; };
  for (int n = 0; n < inner; ++n) {
    const Entry a = heap.top();
    heap.pop();
    const Entry b = heap.top();
    heap.pop();
    left_[static_cast<std::size_t>(n)] = child_code(a.second);
    right_[static_cast<std::size_t>(n)] = child_code(b.second);
    heap.emplace(a.first + b.first, classes_ + n);
  }
  // Paths: each class walks up to the root through parent links, then the walk is reversed.
  std::vector<int> parent_of_leaf(static_cast<std::size_t>(classes_)), parent_of_inner(static_cast<std::size_t>(inner), -1);
  std::vector<std::uint8_t> leaf_is_left(static_cast<std::size_t>(classes_)), inner_is_left(static_cast<std::size_t>(inner));
  for (int n = 0; n < inner; ++n)
    for (int side = 0; side < 2; ++side) {
      const int c = side == 0 ? left(n) : right(n);
      const std::uint8_t is_left = side == 0 ? 1 : 0;
      if (c >= 0) {
        parent_of_inner[static_cast<std::size_t>(c)] = n;
        inner_is_left[static_cast<std::size_t>(c)] = is_left;
      } else {
        parent_of_leaf[static_cast<std::size_t>(-c - 1)] = n;
        leaf_is_left[static_cast<std::size_t>(-c - 1)] = is_left;
      }
    }
  path_nodes_.assign(static_cast<std::size_t>(classes_), {});
  path_left_.assign(static_cast<std::size_t>(classes_), {});
  for (std::size_t k = 0; k < path_nodes_.size(); ++k) {
    auto& nodes = path_nodes_[k];
    auto& turns = path_left_[k];
    int node = parent_of_leaf[k];
    std::uint8_t turn = leaf_is_left[k];
    while (node >= 0) {
      nodes.push_back(node);
      turns.push_back(turn);
      turn = inner_is_left[static_cast<std::size_t>(node)];
      node = parent_of_inner[static_cast<std::size_t>(node)];
    }
    std::reverse(nodes.begin(), nodes.end());
    std::reverse(turns.begin(), turns.end());
  }
}

int HuffmanTree::max_depth() const {
  int d = 0;
  for (const auto& p : path_nodes_) d = std::max(d, static_cast<int>(p.size()));
  return d;
}

double HuffmanTree::expected_path_length() const {
  double l = 0.0;
  for (std::size_t k = 0; k < path_nodes_.size(); ++k) l += probabilities_[k] * static_cast<double>(path_nodes_[k].size());
  return l;
}

double entropy_bits(const std::vector<double>& frequencies) {
  const std::vector<double> p = normalised(frequencies);
  const Eigen::Map<const Eigen::VectorXd> v(p.data(), static_cast<Eigen::Index>(p.size()));
  return core::entropy<double>(v) / std::log(2.0);
}

std::vector<double> zipf_frequencies(int vocabulary, double exponent) {
  if (vocabulary < 2) throw core::ArgumentError("vocabulary", "at least 2 classes", std::to_string(vocabulary));
  if (!(exponent >= 0.0) || !std::isfinite(exponent))
    throw core::ArgumentError("zipf_exponent", "a finite number >= 0", core::format_double(exponent));
  std::vector<double> p(static_cast<std::size_t>(vocabulary));
  double total = 0.0;
  for (int k = 0; k < vocabulary; ++k) total += p[static_cast<std::size_t>(k)] = std::pow(k + 1.0, -exponent);
  for (double& x : p) x /= total;
  return p;
}

}  // namespace arbiter::ml
