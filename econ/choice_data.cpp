#include "econ/choice_data.hpp"

#include "econ/csv_header.hpp"

namespace arbiter::econ {
namespace {

std::string data_error_message(const std::string& file, long line, const std::string& column,
                               const std::string& problem) {
  std::string m = file.empty() ? std::string("<data>") : file;
  if (line > 0) m += ":" + std::to_string(line);
  m += ": ";
  if (!column.empty()) m += "column " + column + ": ";
  return m + problem;
}

}  // namespace

DataError::DataError(const std::string& file, long line, const std::string& column, const std::string& problem)
    : core::DataError(data_error_message(file, line, column, problem)), line_(line), column_(column) {}

int ChoiceData::column_index(std::string_view name) const {
  for (std::size_t i = 0; i < columns.size(); ++i)
    if (columns[i] == name) return static_cast<int>(i);
  return -1;
}

int ChoiceData::alternative_index(std::string_view name) const {
  for (std::size_t i = 0; i < alternatives.size(); ++i)
    if (alternatives[i] == name) return static_cast<int>(i);
  return -1;
}

const std::vector<double>& ChoiceData::column(std::string_view name) const {
  const int c = column_index(name);
  if (c < 0) throw DataError(file, 0, std::string(name), "no such column in the data");
  return values[static_cast<std::size_t>(c)];
}

void ChoiceData::validate() const {
  const std::size_t n = n_rows(), s_count = n_situations();
  auto fail = [&](long l, const std::string& col, const std::string& what) { throw DataError(file, l, col, what); };
  auto line_of = [&](std::size_t row) { return row < line.size() ? static_cast<long>(line[row]) : 0L; };
  if (n == 0 || s_count == 0) fail(0, "", "no data rows");
  if (offsets.size() != s_count + 1 || offsets.front() != 0 || offsets.back() != static_cast<std::int64_t>(n))
    fail(0, "", "situation offsets do not cover the rows");
  if (situation_ids.size() != s_count) fail(0, "", "one situation id per situation expected");
  if (!available.empty() && available.size() != n) fail(0, source.available, "one availability flag per row expected");
  for (std::size_t c = 0; c < values.size(); ++c)
    if (values[c].size() != n) fail(0, c < columns.size() ? columns[c] : "", "one value per row expected");
  if (values.size() != columns.size()) fail(0, "", "one value column per column name expected");
  std::vector<std::int64_t> last(alternatives.size(), -1);
  std::vector<char> used(alternatives.size(), 0);
  for (std::size_t s = 0; s < s_count; ++s) {
    const auto b = offsets[s], e = offsets[s + 1];
    if (e <= b) fail(0, source.situation, "situation " + quoted(situation_ids[s]) + " has no rows");
    for (auto r = b; r < e; ++r) {
      const auto a = alternative[static_cast<std::size_t>(r)];
      if (a < 0 || static_cast<std::size_t>(a) >= alternatives.size())
        fail(line_of(static_cast<std::size_t>(r)), source.alternative, "alternative index out of range");
      if (last[static_cast<std::size_t>(a)] == static_cast<std::int64_t>(s))
        fail(line_of(static_cast<std::size_t>(r)), source.alternative,
             "alternative " + quoted(alternatives[static_cast<std::size_t>(a)]) + " appears twice in situation " +
                 quoted(situation_ids[s]));
      last[static_cast<std::size_t>(a)] = static_cast<std::int64_t>(s);
      used[static_cast<std::size_t>(a)] = 1;
    }
    const auto c = chosen_row[s];
    if (c < b || c >= e)
      fail(line_of(static_cast<std::size_t>(b)), source.choice,
           "situation " + quoted(situation_ids[s]) + " has no chosen alternative");
    if (!is_available(static_cast<std::size_t>(c)))
      fail(line_of(static_cast<std::size_t>(c)), source.available,
           "the chosen alternative of situation " + quoted(situation_ids[s]) + " is unavailable");
  }
  for (std::size_t a = 0; a < alternatives.size(); ++a)
    if (!used[a]) fail(0, source.alternative, "alternative " + quoted(alternatives[a]) + " appears in no situation");
}

}  // namespace arbiter::econ
