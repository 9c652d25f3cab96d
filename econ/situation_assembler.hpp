// Groups parsed long-format rows into situations of a ChoiceData, in file order, checking the
// situation-level rules as it goes (contiguous situations, one chosen and available row, no alternative
// twice): the first violation throws DataError naming the file, line and column.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>
#include "econ/choice_data.hpp"
#include "econ/csv_header.hpp"
#include "econ/long_format_chunk.hpp"
#include "econ/seen_ids.hpp"

namespace arbiter::econ {

class SituationAssembler {
 public:
  SituationAssembler(ChoiceData& d, const Layout& lay) : d_(d), lay_(lay), seen_(d.situation_ids) {}

  void reserve(std::size_t rows) {
    d_.alternative.reserve(rows);
    d_.line.reserve(rows);
    if (lay_.available >= 0) d_.available.reserve(rows);
    for (auto& v : d_.values) v.reserve(rows);
  }

  void add(const ChunkRows& c, long line_base) {
    const std::size_t n = c.chosen.size();
    for (std::size_t i = 0; i < n; ++i) {
      const long line = line_base + static_cast<long>(c.line[i]);
      const std::size_t row = d_.alternative.size();
      if (row == 0 || c.situation[i] != current_) open_situation(c.situation[i], line, row);
      const int a = alternative_of(c.alternative[i], row);
      if (last_sit_[static_cast<std::size_t>(a)] == static_cast<std::int64_t>(d_.situation_ids.size()))
        fail(line, col(lay_.alternative),
             "alternative " + quoted(c.alternative[i]) + " appears twice in situation " + quoted(current_));
      last_sit_[static_cast<std::size_t>(a)] = static_cast<std::int64_t>(d_.situation_ids.size());
      const bool avail = lay_.available < 0 || c.available[i] != 0;
      if (c.chosen[i]) {
        if (chosen_ >= 0)
          fail(line, col(lay_.choice),
               "situation " + quoted(current_) + " has two chosen alternatives (lines " +
                   std::to_string(d_.line[static_cast<std::size_t>(chosen_)]) + " and " + std::to_string(line) + ")");
        if (!avail)
          fail(line, col(lay_.available),
               "the chosen alternative " + quoted(c.alternative[i]) + " of situation " + quoted(current_) +
                   " is unavailable");
        chosen_ = static_cast<std::int64_t>(row);
      }
      d_.alternative.push_back(a);
      d_.line.push_back(line);
      if (lay_.available >= 0) d_.available.push_back(static_cast<std::uint8_t>(c.available[i]));
    }
    for (std::size_t v = 0; v < d_.values.size(); ++v)
      d_.values[v].insert(d_.values[v].end(), c.values[v].begin(), c.values[v].end());
  }

  void finish() {
    if (d_.alternative.empty()) return;
    close_situation();
    d_.offsets.push_back(static_cast<std::int64_t>(d_.alternative.size()));
  }

 private:
  const std::string& col(int c) const {
    static const std::string none;
    return c >= 0 ? lay_.header[static_cast<std::size_t>(c)] : none;
  }
  [[noreturn]] void fail(long line, const std::string& column, const std::string& problem) const {
    throw DataError(d_.file, line, column, problem);
  }
  void close_situation() {
    if (chosen_ < 0)
      fail(first_line_, col(lay_.choice), "situation " + quoted(current_) + " has no chosen alternative");
    d_.chosen_row.push_back(chosen_);
  }
  void open_situation(std::string_view id, long line, std::size_t row) {
    if (row > 0) close_situation();
    current_storage_.assign(id);
    current_ = current_storage_;
    if (!seen_.insert(current_storage_))
      fail(line, col(lay_.situation),
           "rows of situation " + quoted(id) + " are not contiguous (it also appears earlier in the file)");
    d_.situation_ids.push_back(current_storage_);
    d_.offsets.push_back(static_cast<std::int64_t>(row));
    chosen_ = -1;
    first_line_ = line;
    first_row_ = row;
  }
  int alternative_of(std::string_view name, std::size_t row) {
    const std::size_t guess = row - first_row_;
    if (guess < d_.alternatives.size() && d_.alternatives[guess] == name) return static_cast<int>(guess);
    for (std::size_t a = 0; a < d_.alternatives.size(); ++a)
      if (d_.alternatives[a] == name) return static_cast<int>(a);
    d_.alternatives.emplace_back(name);
    last_sit_.push_back(-1);
    return static_cast<int>(d_.alternatives.size() - 1);
  }

  ChoiceData& d_;
  const Layout& lay_;
  std::string current_storage_;
  std::string_view current_;
  SeenIds seen_;
  std::vector<std::int64_t> last_sit_;
  std::int64_t chosen_ = -1;
  long first_line_ = 0;
  std::size_t first_row_ = 0;
};

}  // namespace arbiter::econ
