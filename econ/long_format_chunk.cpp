#include "econ/long_format_chunk.hpp"

#include "econ/csv_fields.hpp"
#include "econ/csv_header.hpp"

namespace arbiter::econ {

void parse_chunk(const char* p, const char* end, const Layout& lay, std::size_t n_values, ChunkRows& out) {
  // Buffers keep their capacity from the previous chunk (no fresh pages to fault in every round).
  out.values.resize(n_values);
  for (auto& v : out.values) v.clear();
  out.situation.clear();
  out.alternative.clear();
  out.chosen.clear();
  out.available.clear();
  out.line.clear();
  out.lines = 0;
  out.error = RowError{};
  std::vector<csv::Field> fields;
  fields.reserve(lay.header.size() + 1);
  const std::size_t guess = static_cast<std::size_t>(end - p) / 40 + 16;
  out.situation.reserve(guess);
  out.alternative.reserve(guess);
  out.chosen.reserve(guess);
  out.line.reserve(guess);
  for (auto& v : out.values) v.reserve(guess);
  if (lay.available >= 0) out.available.reserve(guess);
  const std::size_t width = lay.header.size();
  while (p < end) {
    csv::split_line(p, end, fields);
    ++out.lines;
    if (csv::is_blank(fields)) continue;
    auto fail = [&](const std::string& column, const std::string& problem) {
      out.error = {out.lines, column, problem};
    };
    if (fields.size() != width) {
      fail("", "expected " + std::to_string(width) + " fields, found " + std::to_string(fields.size()));
      return;
    }
    for (std::size_t c = 0; c < width; ++c) {
      const int t = lay.target[c];
      if (t < 0) continue;
      double v = 0.0;
      if (!csv::parse_number(fields[c], v)) {
        fail(lay.header[c], "expected a number, got " + quoted(fields[c].view()));
        return;
      }
      out.values[static_cast<std::size_t>(t)].push_back(v);
    }
    const int chosen = csv::parse_flag(fields[static_cast<std::size_t>(lay.choice)]);
    if (chosen < 0) {
      fail(lay.header[static_cast<std::size_t>(lay.choice)],
           "expected 1/0, yes/no or true/false, got " + quoted(fields[static_cast<std::size_t>(lay.choice)].view()));
      return;
    }
    if (lay.available >= 0) {
      const int av = csv::parse_flag(fields[static_cast<std::size_t>(lay.available)]);
      if (av < 0) {
        fail(lay.header[static_cast<std::size_t>(lay.available)],
             "expected 1/0, yes/no or true/false, got " +
                 quoted(fields[static_cast<std::size_t>(lay.available)].view()));
        return;
      }
      out.available.push_back(static_cast<std::int8_t>(av));
    }
    out.chosen.push_back(static_cast<std::int8_t>(chosen));
    out.situation.push_back(fields[static_cast<std::size_t>(lay.situation)].view());
    out.alternative.push_back(fields[static_cast<std::size_t>(lay.alternative)].view());
    out.line.push_back(out.lines);
  }
}

}  // namespace arbiter::econ
