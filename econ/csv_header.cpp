#include "econ/csv_header.hpp"

#include <cstring>

#include "econ/csv_fields.hpp"

namespace arbiter::econ {

std::string quoted(std::string_view s) { return "'" + std::string(s) + "'"; }

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return std::string(s);
}

std::string column_list(const std::vector<std::string>& header) {
  std::string s;
  for (std::size_t i = 0; i < header.size(); ++i) s += (i ? ", " : "") + header[i];
  return s;
}

long read_header(const char*& p, const char* end, const std::string& file, std::vector<std::string>& header) {
  if (end - p >= 3 && std::memcmp(p, "\xEF\xBB\xBF", 3) == 0) p += 3;
  std::vector<csv::Field> fields;
  long line = 0;
  while (p < end) {
    csv::split_line(p, end, fields);
    ++line;
    if (csv::is_blank(fields)) continue;
    for (const auto& f : fields) header.push_back(trim(f.view()));
    return line;
  }
  throw DataError(file, 1, "", "the file is empty (expected a header line and data rows)");
}

int find_column(const std::vector<std::string>& header, const std::string& name, const std::string& file,
                long header_line, const char* role) {
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return static_cast<int>(i);
  throw DataError(file, header_line, name,
                  std::string("no such column in the header (needed as the ") + role +
                      " column; the header has: " + column_list(header) + ")");
}

void check_expected_alternatives(const ChoiceData& d, const ChoiceColumns& cols) {
  for (const auto& a : cols.alternatives)
    if (d.alternative_index(a) < 0)
      throw DataError(d.file, 0, cols.wide ? cols.choice : cols.alternative,
                      "alternative " + quoted(a) + " appears in no situation");
}

}  // namespace arbiter::econ
