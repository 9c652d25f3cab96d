// A minimal, fast CSV tokenizer for the econ loaders: splits one line into fields (RFC 4180 quotes; the
// quotes are stripped, doubled quotes inside are kept as is), and reads numbers and yes/no flags from
// fields. Pointers refer into the caller's buffer; nothing allocates except the reused field vector.
#pragma once
#include <string_view>
#include <vector>

namespace arbiter::econ::csv {

struct Field {
  const char* begin;
  const char* end;
  std::string_view view() const { return {begin, static_cast<std::size_t>(end - begin)}; }
};

// Splits the line starting at p into `fields` and moves p past its newline (or to end).
void split_line(const char*& p, const char* end, std::vector<Field>& fields);
// True when a line holds nothing (or only a carriage return / spaces).
bool is_blank(const std::vector<Field>& fields);
// A finite number (surrounding spaces allowed); false otherwise.
bool parse_number(const Field& f, double& out);
// 1/0, yes/no, true/false (any case; also 1.0/0.0); -1 when it is none of them.
int parse_flag(const Field& f);

}  // namespace arbiter::econ::csv
