// Word counts from a text file, for a vocabulary's frequencies: one entry per non-blank line, the count being
// the line's last whitespace-separated field (a number > 0) and the word the fields before it (may be empty).
// Throws core::DataError naming the file (and the line) when it cannot be read, is empty, has fewer than two
// entries or a count that is not a number > 0.
#pragma once
#include <string>
#include <vector>

namespace arbiter::ml {

struct WordCounts {
  std::vector<std::string> words;
  std::vector<double> counts;
};

WordCounts read_word_counts(const std::string& file);

}  // namespace arbiter::ml
