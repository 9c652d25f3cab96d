#include "core/table.hpp"

#include <charconv>
#include <cmath>
#include <sstream>
#include <stdexcept>

#include "core/config_error.hpp"

namespace arbiter::core {

Table::Table(std::vector<std::string> columns) : columns_(std::move(columns)) {}

void Table::add_row(std::vector<Cell> row) {
  if (row.size() != columns_.size())
    throw std::invalid_argument("Table: row has " + std::to_string(row.size()) + " cells for " +
                                std::to_string(columns_.size()) + " columns");
  rows_.push_back(std::move(row));
}

void Table::append(const Table& other) {
  if (other.columns_ != columns_) throw std::invalid_argument("Table::append: columns differ");
  rows_.insert(rows_.end(), other.rows_.begin(), other.rows_.end());
}

void Table::require_finite(const std::string& file) const {
  for (std::size_t r = 0; r < rows_.size(); ++r)
    for (std::size_t c = 0; c < rows_[r].size(); ++c) {
      const auto* d = std::get_if<double>(&rows_[r][c]);
      if (d && !std::isfinite(*d))
        throw RunError("refusing to write " + format_double(*d) + " to " + file + ": column \"" + columns_[c] +
                       "\", row " + std::to_string(r + 1) + " (line " + std::to_string(r + 2) +
                       ") is not a finite number");
    }
}

std::string format_double(double x) {
  if (std::isnan(x)) return "nan";
  if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, x);
  return std::string(buf, r.ptr);
}

std::string csv_escape(const std::string& field) {
  if (field.find_first_of(",\"\n\r") == std::string::npos) return field;
  std::string out = "\"";
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string format_cell(const Cell& c) {
  if (const auto* i = std::get_if<std::int64_t>(&c)) return std::to_string(*i);
  if (const auto* d = std::get_if<double>(&c)) return format_double(*d);
  return csv_escape(std::get<std::string>(c));
}

void Table::write_csv(std::ostream& out) const {
  for (std::size_t i = 0; i < columns_.size(); ++i) out << (i ? "," : "") << csv_escape(columns_[i]);
  out << "\n";
  std::string line;
  for (const auto& row : rows_) {
    line.clear();
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i) line += ',';
      line += format_cell(row[i]);
    }
    line += '\n';
    out << line;
  }
}

std::string Table::to_csv() const {
  std::ostringstream s;
  write_csv(s);
  return s.str();
}

}  // namespace arbiter::core
