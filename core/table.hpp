// A tidy table for results.csv and friends: named columns, rows of numbers or strings. Doubles are written
// in the shortest form that reads back to the same value, so CSV output is exact and byte-reproducible.
#pragma once
#include <cstdint>
#include <ostream>
#include <string>
#include <variant>
#include <vector>

namespace arbiter::core {

using Cell = std::variant<std::int64_t, double, std::string>;

class Table {
 public:
  Table() = default;
  explicit Table(std::vector<std::string> columns);

  // Throws std::invalid_argument if the row's width differs from the columns'.
  void add_row(std::vector<Cell> row);
  const std::vector<std::string>& columns() const { return columns_; }
  const std::vector<std::vector<Cell>>& rows() const { return rows_; }
  std::size_t size() const { return rows_.size(); }
  bool empty() const { return rows_.empty(); }
  // Appends another table's rows; the columns must match.
  void append(const Table& other);

  // Throws RunError "refusing to write inf to FILE: column C, row R ..." at the first double that is not
  // finite (rows counted from 1 after the header).
  void require_finite(const std::string& file) const;

  void write_csv(std::ostream& out) const;
  std::string to_csv() const;

 private:
  std::vector<std::string> columns_;
  std::vector<std::vector<Cell>> rows_;
};

// Shortest round-trip decimal form of a double ("0.1", "1e-07", "nan", "inf").
std::string format_double(double x);
std::string format_cell(const Cell& c);
// Quotes a CSV field when it holds a comma, quote or newline.
std::string csv_escape(const std::string& field);

}  // namespace arbiter::core
