// One chunk of a long-format choice-data CSV file (whole lines), parsed on its own so that chunks can be
// parsed in parallel: the fields each row needs, with numbers and flags read, and the first problem met
// (a local line number, the column and what is wrong) instead of an exception. Views point into the text.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace arbiter::econ {

// Where the columns of a long-format file are.
struct Layout {
  std::vector<std::string> header;
  int situation = -1, alternative = -1, choice = -1, available = -1;
  std::vector<int> target;  // per CSV column: index into ChoiceData::values, or -1
};

struct RowError {
  long line = -1;  // local line within the chunk (1-based), -1: none
  std::string column, problem;
};

// Rows parsed by one worker from one chunk of lines.
struct ChunkRows {
  std::vector<std::string_view> situation, alternative;
  std::vector<std::int8_t> chosen, available;
  std::vector<std::int64_t> line;  // local, 1-based
  std::vector<std::vector<double>> values;
  long lines = 0;  // newlines consumed
  RowError error;
};

// Parses the lines in [p, end) into `out` (reusing its buffers), stopping at the first bad row.
void parse_chunk(const char* p, const char* end, const Layout& lay, std::size_t n_values, ChunkRows& out);

}  // namespace arbiter::econ
