// Choice data: one row per (choice situation, alternative), grouped by situation, with the chosen row, an
// availability flag and numeric attribute columns. Loaded from long-format CSV (or wide format, converted on
// load) or filled in code (then call validate()). Contract: every situation has exactly one chosen row and it
// is available; rows of a situation are contiguous. Bad data throws DataError naming file, line and column;
// nothing is partially returned.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>
#include "core/input_error.hpp"

namespace arbiter::econ {

// Bad input data: "FILE:LINE: column COL: PROBLEM" (line 1 is the header; line 0 = not tied to a line).
// A core::DataError, so the CLI exits with status 2.
class DataError : public core::DataError {
 public:
  DataError(const std::string& file, long line, const std::string& column, const std::string& problem);
  long line() const { return line_; }
  const std::string& column() const { return column_; }

 private:
  long line_;
  std::string column_;
};

// Which CSV columns hold what. In wide format (one row per situation) `choice` holds the chosen
// alternative's name, attributes are columns "ATTR.ALT" and availability columns "AVAILABLE.ALT"; every
// other column is an individual-level variable copied to each alternative's row.
struct ChoiceColumns {
  std::string situation = "situation";
  std::string alternative = "alternative";  // long format only
  std::string choice = "choice";            // long: 1/0, yes/no, true/false; wide: the alternative's name
  std::string available;                    // empty: every alternative available
  bool wide = false;
  std::vector<std::string> alternatives;    // wide format: the alternatives (empty: values of `choice`)
};

struct ChoiceData {
  std::string file;                          // for messages
  ChoiceColumns source;                      // the column names it was read with (for messages)
  std::vector<std::string> alternatives;     // names, in order of first appearance
  std::vector<std::string> situation_ids;    // one per situation
  std::vector<std::int64_t> offsets;         // situation s has rows [offsets[s], offsets[s+1]); size S+1
  std::vector<std::int32_t> alternative;     // per row: index into alternatives
  std::vector<std::uint8_t> available;       // per row: 1 available, 0 not (empty: all available)
  std::vector<std::int64_t> chosen_row;      // per situation: the row chosen
  std::vector<std::int64_t> line;            // per row: its line in the file (for messages; may be empty)
  std::vector<std::string> columns;          // numeric attribute names
  std::vector<std::vector<double>> values;   // values[c][row]

  std::size_t n_situations() const { return chosen_row.size(); }
  std::size_t n_rows() const { return alternative.size(); }
  bool is_available(std::size_t row) const { return available.empty() || available[row] != 0; }
  // -1 when absent.
  int column_index(std::string_view name) const;
  int alternative_index(std::string_view name) const;
  // Throws DataError (line 0) when the column is absent.
  const std::vector<double>& column(std::string_view name) const;
  // Throws DataError for a structural problem (sizes, offsets, chosen row outside its situation or
  // unavailable, a duplicate alternative within a situation, an alternative in no situation).
  void validate() const;
};

// Loads a CSV file (RFC 4180 quoting; fields may be quoted; numbers parsed with std::from_chars; the file is
// memory-mapped; a UTF-8 byte-order mark before the header is skipped). ChoiceDataLoader (choice_data_loader.hpp)
// does the same in slices. `numeric` lists the attribute columns to load (empty: every column besides situation,
// alternative, choice and available). Throws DataError for: an empty file, a missing column, a non-numeric
// value, a situation with no or two chosen rows, a chosen alternative that is unavailable, rows of a
// situation that are not contiguous, an alternative named in `alternatives` that appears in no situation.
ChoiceData load_choice_data(const std::string& path, const ChoiceColumns& columns,
                            const std::vector<std::string>& numeric = {});
// The same from CSV text in memory (`file` only names it in messages).
ChoiceData parse_choice_csv(std::string_view text, const std::string& file, const ChoiceColumns& columns,
                            const std::vector<std::string>& numeric = {});

}  // namespace arbiter::econ
