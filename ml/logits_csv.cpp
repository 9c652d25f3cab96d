// The logits file, line by line: the header fixes K; each row is checked before it is stored.
#include "ml/logits_csv.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "core/input_error.hpp"

namespace arbiter::ml {
namespace {

// Splits one CSV line at commas (fields of a logits file are never quoted); a trailing '\r' is dropped.
std::vector<std::string> fields_of(std::string line) {
  if (!line.empty() && line.back() == '\r') line.pop_back();
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    const std::size_t comma = line.find(',', start);
    out.push_back(line.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

struct Rows {
  std::vector<double> logits;
  std::vector<int> labels;
  std::vector<std::string> groups;
};

LogitsSplit to_split(Rows&& r, int classes) {
  LogitsSplit s;
  const auto n = static_cast<Eigen::Index>(r.labels.size());
  s.logits = Eigen::Map<const core::Batch<double>>(r.logits.data(), n, classes);
  s.labels = Eigen::Map<const Eigen::VectorXi>(r.labels.data(), n);
  s.groups = std::move(r.groups);
  return s;
}

}  // namespace

bool LogitsSplit::has_groups() const {
  for (const std::string& g : groups)
    if (!g.empty()) return true;
  return false;
}

namespace {

bool looks_like_logit(const std::string& column) {
  return column.size() > 1 && column[0] == 'z' && column.find_first_not_of("0123456789", 1) == std::string::npos;
}

}  // namespace

LogitsFile parse_logits_csv(const std::string& text, const std::string& name, const std::string& group_column) {
  std::istringstream in(text);
  std::string line;
  auto fail = [&](std::size_t line_no, const std::string& what) {
    throw core::DataError(name + ": line " + std::to_string(line_no) + ": " + what);
  };
  if (!std::getline(in, line)) throw core::DataError(name + ": empty file (expected the header split,label,group,z0,...)");
  const std::vector<std::string> header = fields_of(line);
  if (header.size() < 5 || header[0] != "split" || header[1] != "label" || header[2] != "group")
    fail(1, "expected the header split,label,group,z0,z1,... (at least two classes), got \"" + line + "\"");
  LogitsFile file;
  std::size_t extra = 3;
  while (extra < header.size() && header[extra] == "z" + std::to_string(extra - 3)) ++extra;
  file.classes = static_cast<int>(extra - 3);
  for (std::size_t c = extra; c < header.size(); ++c)
    if (looks_like_logit(header[c]) || header[c].empty())
      fail(1, "column " + std::to_string(c + 1) + " is \"" + header[c] + "\", expected \"z" +
                  std::to_string(file.classes) + "\" or a named column after the logits");
  if (file.classes < 2) fail(1, "expected the logits z0,z1,... (at least two classes) after split,label,group");
  std::size_t group_at = header.size();
  for (std::size_t c = 0; c < header.size(); ++c)
    if (header[c] == group_column && (c == 2 || c >= extra)) group_at = c;
  if (group_at == header.size()) {
    std::string named = "group";
    for (std::size_t c = extra; c < header.size(); ++c) named += ", " + header[c];
    throw core::ArgumentError("group_column", "a column of " + name + " to group by (" + named + ")",
                              "\"" + group_column + "\"");
  }
  Rows validation, test;
  std::size_t line_no = 1;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty() || line == "\r") continue;
    const std::vector<std::string> f = fields_of(line);
    if (f.size() != header.size())
      fail(line_no, std::to_string(f.size()) + " fields, expected " + std::to_string(header.size()) +
                        " (split, label, group, " + std::to_string(file.classes) + " logits and " +
                        std::to_string(header.size() - extra) + " more)");
    Rows* rows = f[0] == "validation" ? &validation : f[0] == "test" ? &test : nullptr;
    if (!rows) fail(line_no, "split \"" + f[0] + "\", expected validation or test");
    char* end = nullptr;
    errno = 0;
    const long label = std::strtol(f[1].c_str(), &end, 10);
    if (f[1].empty() || *end != '\0' || errno != 0 || label < 0 || label >= file.classes)
      fail(line_no, "label \"" + f[1] + "\", expected an integer in [0, " + std::to_string(file.classes - 1) + "]");
    for (int k = 0; k < file.classes; ++k) {
      const std::string& cell = f[static_cast<std::size_t>(k) + 3];
      errno = 0;
      const double z = std::strtod(cell.c_str(), &end);
      if (cell.empty() || *end != '\0' || !std::isfinite(z))
        fail(line_no, "z" + std::to_string(k) + " = \"" + cell + "\", expected a finite number");
      rows->logits.push_back(z);
    }
    rows->labels.push_back(static_cast<int>(label));
    rows->groups.push_back(f[group_at]);
  }
  if (validation.labels.empty())
    throw core::DataError(name + ": no validation rows (the temperature is fitted on the validation split)");
  if (test.labels.empty()) throw core::DataError(name + ": no test rows (the calibration is measured on the test split)");
  file.validation = to_split(std::move(validation), file.classes);
  file.test = to_split(std::move(test), file.classes);
  return file;
}

LogitsFile read_logits_csv(const std::string& path, const std::string& group_column) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw core::DataError(path + ": cannot open the logits file");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_logits_csv(text.str(), path, group_column);
}

}  // namespace arbiter::ml
