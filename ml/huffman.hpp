// A Huffman tree over the classes of a vocabulary, the tree a hierarchical softmax walks: built from positive
// frequencies (any scale; normalised inside), V >= 2 classes give V - 1 inner nodes. Ties are broken by the
// smaller node id (leaves 0..V-1, inner nodes V..2V-2 in creation order), so the same frequencies always give
// the same tree. Throws core::ArgumentError naming "frequencies" (fewer than two, or one not finite and > 0).
#pragma once
#include <cstdint>
#include <vector>

namespace arbiter::ml {

class HuffmanTree {
 public:
  explicit HuffmanTree(const std::vector<double>& frequencies);

  int classes() const { return classes_; }
  int inner_nodes() const { return classes_ - 1; }
  // The root's inner-node index (inner nodes are numbered 0..V-2; the root is the last one made, V - 2).
  int root() const { return classes_ - 2; }
  // Inner node n's children: a value c >= 0 is inner node c, a value < 0 is leaf (class) -c - 1.
  int left(int node) const { return left_[static_cast<std::size_t>(node)]; }
  int right(int node) const { return right_[static_cast<std::size_t>(node)]; }
  // Class k's path from the root: the inner nodes passed and the branch taken at each (1 = left, 0 = right),
  // so that p(k) = prod_i sigmoid(s_i) with s_i = score(node_i) for a left turn and -score(node_i) for a right.
  const std::vector<std::int32_t>& path_nodes(int k) const { return path_nodes_[static_cast<std::size_t>(k)]; }
  const std::vector<std::uint8_t>& path_left(int k) const { return path_left_[static_cast<std::size_t>(k)]; }
  int depth(int k) const { return static_cast<int>(path_nodes_[static_cast<std::size_t>(k)].size()); }
  int max_depth() const;
  // sum_k p_k depth(k) for p = frequencies / sum (bits: each branch is one binary decision).
  double expected_path_length() const;
  const std::vector<double>& probabilities() const { return probabilities_; }

 private:
  int classes_ = 0;
  std::vector<int> left_, right_;
  std::vector<std::vector<std::int32_t>> path_nodes_;
  std::vector<std::vector<std::uint8_t>> path_left_;
  std::vector<double> probabilities_;
};

// Shannon entropy -sum p log2 p of the normalised frequencies, in bits (the Huffman bound H <= L < H + 1).
double entropy_bits(const std::vector<double>& frequencies);

// Zipf frequencies p_k proportional to (k + 1)^-s for k = 0..V-1, normalised. Throws core::ArgumentError
// naming "vocabulary" (V < 2) or "zipf_exponent" (s < 0 or not finite).
std::vector<double> zipf_frequencies(int vocabulary, double exponent);

}  // namespace arbiter::ml
