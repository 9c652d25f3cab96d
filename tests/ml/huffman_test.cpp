// The Huffman tree of ml/huffman.hpp: textbook code lengths, Kraft's equality, the entropy bound H <= L < H + 1.
#include <catch2/catch.hpp>

#include <cmath>
#include <set>
#include <string>

#include "core/input_error.hpp"
#include "ml/huffman.hpp"

using namespace arbiter;

namespace {

std::string argument_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const core::ArgumentError& e) {
    return e.argument();
  }
  return "(no ArgumentError)";
}

}  // namespace

TEST_CASE("Huffman: dyadic frequencies give depths -log2 p and L = H exactly", "[ml][huffman]") {
  const std::vector<double> f = {0.5, 0.25, 0.125, 0.125};
  const ml::HuffmanTree t(f);
  CHECK(t.depth(0) == 1);
  CHECK(t.depth(1) == 2);
  CHECK(t.depth(2) == 3);
  CHECK(t.depth(3) == 3);
  CHECK(t.expected_path_length() == Approx(1.75).epsilon(1e-15));
  CHECK(ml::entropy_bits(f) == Approx(1.75).epsilon(1e-14));
}

TEST_CASE("Huffman: the CLRS example (45, 13, 12, 16, 9, 5) has code lengths 1, 3, 3, 3, 4, 4 and L = 2.24",
          "[ml][huffman]") {
  const ml::HuffmanTree t({45, 13, 12, 16, 9, 5});
  const std::vector<int> depths = {1, 3, 3, 3, 4, 4};
  for (int k = 0; k < 6; ++k) CHECK(t.depth(k) == depths[static_cast<std::size_t>(k)]);
  CHECK(t.expected_path_length() == Approx(2.24).epsilon(1e-14));
  CHECK(t.inner_nodes() == 5);
  CHECK(t.max_depth() == 4);
}

TEST_CASE("Huffman: codes are prefix-free and satisfy Kraft's equality sum 2^-depth = 1", "[ml][huffman]") {
  const auto f = ml::zipf_frequencies(3000, 1.1);
  const ml::HuffmanTree t(f);
  double kraft = 0.0;
  std::set<std::string> codes;
  for (int k = 0; k < t.classes(); ++k) {
    kraft += std::ldexp(1.0, -t.depth(k));
    std::string code;
    for (auto b : t.path_left(k)) code.push_back(b ? '1' : '0');
    codes.insert(code);
    // The path is a walk from the root: each node's child on the taken side is the next node (or the leaf).
    const auto& nodes = t.path_nodes(k);
    REQUIRE(nodes.front() == t.root());
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      const int child = t.path_left(k)[i] ? t.left(nodes[i]) : t.right(nodes[i]);
      CHECK(child == (i + 1 < nodes.size() ? nodes[i + 1] : -k - 1));
    }
  }
  CHECK(kraft == Approx(1.0).epsilon(1e-12));
  CHECK(codes.size() == 3000);
  for (auto it = codes.begin(); std::next(it) != codes.end(); ++it) {
    const std::string& next = *std::next(it);
    CHECK(next.compare(0, it->size(), *it) != 0);  // sorted: a prefix would sit right before its extension
  }
}

TEST_CASE("Huffman: H <= L < H + 1 for Zipf vocabularies, a uniform 2^k vocabulary has L = H = k", "[ml][huffman]") {
  for (double s : {0.0, 0.5, 1.0, 1.5, 3.0})
    for (int v : {2, 17, 1000, 20000}) {
      const auto f = ml::zipf_frequencies(v, s);
      const double h = ml::entropy_bits(f), l = ml::HuffmanTree(f).expected_path_length();
      CHECK(h <= l + 1e-12);
      CHECK(l < h + 1.0);
    }
  const ml::HuffmanTree u(ml::zipf_frequencies(1024, 0.0));
  CHECK(u.expected_path_length() == Approx(10.0).epsilon(1e-14));
  CHECK(ml::entropy_bits(ml::zipf_frequencies(1024, 0.0)) == Approx(10.0).epsilon(1e-13));
}

TEST_CASE("Huffman: zipf frequencies p_k ~ (k + 1)^-s", "[ml][huffman]") {
  const auto f = ml::zipf_frequencies(3, 1.0);
  const double z = 1.0 + 0.5 + 1.0 / 3.0;
  CHECK(f[0] == Approx(1.0 / z).epsilon(1e-15));
  CHECK(f[2] == Approx(1.0 / 3.0 / z).epsilon(1e-15));
}

TEST_CASE("Huffman: bad input names its argument", "[ml][huffman]") {
  CHECK(argument_of([] { ml::HuffmanTree({1.0}); }) == "frequencies");
  CHECK(argument_of([] { ml::HuffmanTree({1.0, 0.0}); }) == "frequencies");
  CHECK(argument_of([] { ml::HuffmanTree({1.0, NAN}); }) == "frequencies");
  CHECK(argument_of([] { ml::zipf_frequencies(1, 1.0); }) == "vocabulary");
  CHECK(argument_of([] { ml::zipf_frequencies(10, -1.0); }) == "zipf_exponent");
}
