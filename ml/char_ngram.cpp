// Counts per order in hash maps keyed by (context, symbol); the smoothed probability recurses down the orders.
#include "ml/char_ngram.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>

#include "core/input_error.hpp"
#include "core/table.hpp"

namespace arbiter::ml {

CharNgramModel::CharNgramModel(const std::vector<std::string>& words, int order, double smoothing)
    : order_(order), smoothing_(smoothing) {
  if (order < 1 || order > 8) throw core::ArgumentError("order", "an integer in [1, 8]", std::to_string(order));
  if (!(smoothing > 0.0) || !std::isfinite(smoothing))
    throw core::ArgumentError("smoothing", "a finite number > 0", core::format_double(smoothing));
  if (words.empty()) throw core::ArgumentError("words", "at least one training word", "none");
  std::vector<std::vector<std::string>> split;
  split.reserve(words.size());
  std::set<std::string> seen;
  for (const std::string& w : words) {
    split.push_back(utf8_characters(w));
    seen.insert(split.back().begin(), split.back().end());
  }
  alphabet_.assign(seen.begin(), seen.end());
  for (std::size_t i = 0; i < alphabet_.size(); ++i) symbol_index_[alphabet_[i]] = static_cast<int>(i + 1);
  base_ = static_cast<std::uint64_t>(symbols());
  for (int i = 0; i + 1 < order_; ++i) context_modulus_ *= base_;
  counts_.resize(static_cast<std::size_t>(order_));
  totals_.resize(static_cast<std::size_t>(order_));
  for (const auto& w : split) {
    std::uint64_t state = start_state();
    for (std::size_t i = 0; i <= w.size(); ++i) {
      const int sym = i < w.size() ? symbol_of(w[i]) : 0;
      // Context of m symbols: state mod S^m.
      std::uint64_t modulus = 1;
      for (int m = 0; m < order_; ++m) {
        const std::uint64_t h = state % modulus;
        ++counts_[static_cast<std::size_t>(m)][h * base_ + static_cast<std::uint64_t>(sym)];
        ++totals_[static_cast<std::size_t>(m)][h];
        modulus *= base_;
      }
      if (sym != 0) state = next_state(state, sym);
    }
  }
}

int CharNgramModel::symbol_of(const std::string& character) const {
  const auto it = symbol_index_.find(character);
  return it == symbol_index_.end() ? -1 : it->second;
}

std::uint64_t CharNgramModel::next_state(std::uint64_t state, int symbol) const {
  if (order_ == 1) return 0;
  return (state * base_ + static_cast<std::uint64_t>(symbol)) % context_modulus_;
}

double CharNgramModel::probability(std::uint64_t state, int symbol, int n) const {
  const double uniform = 1.0 / static_cast<double>(base_);
  if (n == 0) return uniform;
  std::uint64_t modulus = 1;
  for (int m = 0; m + 1 < n; ++m) modulus *= base_;
  const std::uint64_t h = state % modulus;
  const auto& totals = totals_[static_cast<std::size_t>(n - 1)];
  const auto& counts = counts_[static_cast<std::size_t>(n - 1)];
  const auto t = totals.find(h);
  const double lower = probability(state, symbol, n - 1);
  if (t == totals.end()) return lower;
  const auto c = counts.find(h * base_ + static_cast<std::uint64_t>(symbol));
  const double count = c == counts.end() ? 0.0 : c->second;
  const double prior = smoothing_ * static_cast<double>(base_);
  return (count + prior * lower) / (t->second + prior);
}

Eigen::VectorXd CharNgramModel::log_probabilities(std::uint64_t state) const {
  Eigen::VectorXd out(symbols());
  for (int s = 0; s < symbols(); ++s) out[s] = std::log(probability(state, s, order_));
  return out;
}

double CharNgramModel::log_probability(const std::string& word) const {
  std::uint64_t state = start_state();
  double lp = 0.0;
  for (const std::string& c : utf8_characters(word)) {
    const int s = symbol_of(c);
    if (s < 1) return -std::numeric_limits<double>::infinity();
    lp += std::log(probability(state, s, order_));
    state = next_state(state, s);
  }
  return lp + std::log(probability(state, 0, order_));
}

std::vector<std::string> utf8_characters(const std::string& word) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < word.size();) {
    std::size_t j = i + 1;
    while (j < word.size() && (static_cast<unsigned char>(word[j]) & 0xC0) == 0x80) ++j;
    out.push_back(word.substr(i, j - i));
    i = j;
  }
  return out;
}

bool is_utf8(const std::string& text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    const std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > text.size()) return false;
    for (std::size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return false;
    i += n;
  }
  return true;
}

std::vector<std::string> read_words(const std::string& file, bool lowercase) {
  std::ifstream in(file);
  if (!in) throw core::DataError(file + ": cannot be read (missing or unreadable)");
  std::vector<std::string> words;
  int line_no = 0;
  for (std::string line; std::getline(in, line);) {
    ++line_no;
    if (!is_utf8(line)) throw core::DataError(file + ": line " + std::to_string(line_no) + ": not UTF-8 text");
    std::istringstream tokens(line);
    for (std::string w; tokens >> w;) {
      if (lowercase)
        std::transform(w.begin(), w.end(), w.begin(), [](unsigned char c) {
          return c < 0x80 ? static_cast<char>(std::tolower(c)) : static_cast<char>(c);
        });
      words.push_back(std::move(w));
    }
  }
  if (in.bad()) throw core::DataError(file + ": cannot be read");
  if (words.empty()) throw core::DataError(file + ": no words (the file is empty)");
  return words;
}

}  // namespace arbiter::ml
