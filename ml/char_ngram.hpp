// A character-level n-gram language model over words, smoothed by interpolation with the lower orders:
//   P_n(c | h) = (N(h c) + alpha S P_{n-1}(c | h')) / (N(h) + alpha S),   P_0(c) = 1 / S,
// where h is the last n - 1 symbols (words are padded at the start with the boundary symbol), h' drops its
// oldest symbol, S is the number of symbols and alpha > 0 the smoothing strength. Symbol 0 is the word
// boundary (start padding, and the end of a word); the others are the characters (UTF-8 code points) seen in
// training, in byte order.
// Every conditional distribution sums to 1. Throws core::ArgumentError naming "order" (< 1 or > 8), "smoothing"
// (not > 0) or "words" (none); read_words throws core::DataError naming the file.
#pragma once
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>
#include <Eigen/Dense>

namespace arbiter::ml {

class CharNgramModel {
 public:
  CharNgramModel(const std::vector<std::string>& words, int order, double smoothing);

  int order() const { return order_; }
  int symbols() const { return static_cast<int>(alphabet_.size()) + 1; }
  // The character (UTF-8) of symbol s >= 1.
  const std::string& symbol_text(int s) const { return alphabet_[static_cast<std::size_t>(s - 1)]; }
  // The symbol of a character, or -1 if it never occurred in training.
  int symbol_of(const std::string& character) const;
  // The state after a prefix: its last n - 1 symbols, encoded (start: all boundary).
  std::uint64_t start_state() const { return 0; }
  std::uint64_t next_state(std::uint64_t state, int symbol) const;
  // log P(s | state) for every symbol s (index 0: the end of the word).
  Eigen::VectorXd log_probabilities(std::uint64_t state) const;
  // log P(word, then the end) = sum of the log-probabilities of its symbols and of the end; -inf if the word
  // holds a character never seen in training.
  double log_probability(const std::string& word) const;

 private:
  double probability(std::uint64_t state, int symbol, int n) const;  // P_n, n in [0, order]

  int order_;
  double smoothing_;
  std::vector<std::string> alphabet_;
  std::unordered_map<std::string, int> symbol_index_;
  std::uint64_t base_ = 1, context_modulus_ = 1;  // S; S^(n-1)
  // Per order m (context of m symbols, m = 0..order-1): counts N(h c) keyed by h * S + c, and N(h).
  std::vector<std::unordered_map<std::uint64_t, std::uint32_t>> counts_, totals_;
};

// The characters of a UTF-8 word, one string per code point (a lead byte and its continuation bytes).
std::vector<std::string> utf8_characters(const std::string& word);
// Whether a string is well-formed UTF-8 (ASCII included).
bool is_utf8(const std::string& text);

// The words of a UTF-8 text file: whitespace-separated tokens (ASCII letters lowercased if asked). Throws
// core::DataError naming the file (and the line) when it cannot be read, is not UTF-8 or holds no word.
std::vector<std::string> read_words(const std::string& file, bool lowercase);

}  // namespace arbiter::ml
