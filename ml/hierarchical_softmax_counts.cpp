#include "ml/hierarchical_softmax_counts.hpp"

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "core/input_error.hpp"

namespace arbiter::ml {

WordCounts read_word_counts(const std::string& file) {
  std::ifstream in(file);
  if (!in) throw core::DataError(file + ": cannot be read (missing or unreadable)");
  WordCounts wc;
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    std::istringstream fields(line);
    std::vector<std::string> parts;
    for (std::string f; fields >> f;) parts.push_back(f);
    if (parts.empty()) continue;
    char* end = nullptr;
    const double count = std::strtod(parts.back().c_str(), &end);
    if (end == parts.back().c_str() || *end != '\0' || !(count > 0.0) || !std::isfinite(count))
      throw core::DataError(file + ": line " + std::to_string(line_no) + ": expected a count > 0 as the last field, got \"" +
                            parts.back() + "\"");
    std::string word;
    for (std::size_t i = 0; i + 1 < parts.size(); ++i) word += (i ? " " : "") + parts[i];
    wc.words.push_back(word);
    wc.counts.push_back(count);
  }
  if (in.bad()) throw core::DataError(file + ": cannot be read");
  if (wc.counts.empty()) throw core::DataError(file + ": no counts (the file is empty)");
  if (wc.counts.size() < 2)
    throw core::DataError(file + ": a vocabulary of one class (a hierarchical softmax needs at least two)");
  return wc;
}

}  // namespace arbiter::ml
