// The header of a choice-data CSV file: reading it (a UTF-8 byte-order mark before it is skipped, names are
// trimmed), finding the columns a reader needs, and the shared wording of data messages. Throws DataError
// (file, line, column) for an empty file or a missing column.
#pragma once
#include <string>
#include <string_view>
#include <vector>
#include "econ/choice_data.hpp"

namespace arbiter::econ {

// 'text', the way data messages quote a value.
std::string quoted(std::string_view s);
// Without leading spaces and tabs and trailing spaces, tabs and carriage returns.
std::string trim(std::string_view s);
// "a, b, c".
std::string column_list(const std::vector<std::string>& header);
// Reads the header line from the start of a file's text (skipping a byte-order mark and blank lines);
// returns the header's line number and moves p past it.
long read_header(const char*& p, const char* end, const std::string& file, std::vector<std::string>& header);
// The index of column `name`; `role` says what it is needed as ("situation", "attribute", ...).
int find_column(const std::vector<std::string>& header, const std::string& name, const std::string& file,
                long header_line, const char* role);
// Throws when an alternative the columns list appears in no situation of the data.
void check_expected_alternatives(const ChoiceData& d, const ChoiceColumns& cols);

}  // namespace arbiter::econ
