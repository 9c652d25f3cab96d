// Reading estimates.csv and sorting its parameters into means, spreads, constants and latent classes.
#include "econ/market_estimates.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "core/eigen_types.hpp"
#include "core/input_error.hpp"
#include "core/softmax.hpp"
#include "econ/csv_fields.hpp"
#include "econ/csv_header.hpp"

namespace arbiter::econ {
namespace {

struct Row {
  std::string name;
  double value;
  long line;
};

bool starts_with(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

std::vector<Row> read_rows(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw core::DataError(file + ": cannot be opened (an estimates.csv written by econ.estimate expected)");
  std::stringstream buf;
  buf << in.rdbuf();
  const std::string text = buf.str();
  const char* p = text.data();
  const char* end = p + text.size();
  std::vector<std::string> header;
  const long header_line = read_header(p, end, file, header);
  const int name_col = find_column(header, "parameter", file, header_line, "parameter name");
  const int value_col = find_column(header, "estimate", file, header_line, "estimate");
  std::vector<Row> rows;
  std::vector<csv::Field> fields;
  for (long line = header_line + 1; p < end; ++line) {
    csv::split_line(p, end, fields);
    if (csv::is_blank(fields)) continue;
    const auto where = file + ": line " + std::to_string(line);
    if (static_cast<int>(fields.size()) <= std::max(name_col, value_col))
      throw core::DataError(where + ": " + std::to_string(fields.size()) + " fields, fewer than the header's");
    double v = 0.0;
    if (!csv::parse_number(fields[static_cast<std::size_t>(value_col)], v))
      throw core::DataError(where + ", column estimate: expected a finite number, got " +
                            quoted(fields[static_cast<std::size_t>(value_col)].view()));
    rows.push_back({trim(fields[static_cast<std::size_t>(name_col)].view()), v, line});
  }
  if (rows.empty()) throw core::DataError(file + ": no parameters (an estimates.csv written by econ.estimate expected)");
  return rows;
}

}  // namespace

MarketEstimates read_market_estimates(const std::string& file) {
  MarketEstimates out;
  out.file = file;
  const std::vector<Row> rows = read_rows(file);
  std::vector<std::string> members;  // non-reference classes, in file order
  std::vector<double> member_constants;
  for (const Row& r : rows) {
    if (!starts_with(r.name, "class.")) continue;
    const std::string cls = r.name.substr(6);
    if (cls.find('.') != std::string::npos)
      throw core::DataError(file + ": line " + std::to_string(r.line) + ": parameter " + quoted(r.name) +
                            " is a membership variable; a market has no individual data to evaluate it (estimate "
                            "the latent class with constants only)");
    members.push_back(cls);
    member_constants.push_back(r.value);
  }
  const auto suffix_class = [&](const std::string& name) -> int {
    for (std::size_t c = 0; c < members.size(); ++c)
      if (name.size() > members[c].size() + 1 && name.compare(name.size() - members[c].size() - 1, std::string::npos,
                                                              "." + members[c]) == 0)
        return static_cast<int>(c);
    return -1;
  };
  // Class-specific prefixes: the names ending in ".CLASS" of a non-reference class.
  std::vector<std::string> specific;
  for (const Row& r : rows) {
    if (starts_with(r.name, "class.") || starts_with(r.name, "sd.")) continue;
    const int c = suffix_class(r.name);
    if (c < 0) continue;
    const std::string prefix = r.name.substr(0, r.name.size() - members[static_cast<std::size_t>(c)].size() - 1);
    if (std::find(specific.begin(), specific.end(), prefix) == specific.end()) specific.push_back(prefix);
  }
  std::string reference;
  if (!members.empty()) {
    for (const Row& r : rows)
      for (const std::string& prefix : specific)
        if (starts_with(r.name, prefix + ".") && suffix_class(r.name) < 0) {
          const std::string cls = r.name.substr(prefix.size() + 1);
          if (!reference.empty() && cls != reference)
            throw core::DataError(file + ": line " + std::to_string(r.line) + ": parameter " + quoted(r.name) +
                                  " names a second reference class (" + quoted(reference) + " before it)");
          reference = cls;
        }
    if (reference.empty())
      throw core::DataError(file + ": class constants " + column_list(members) +
                            " but no class-specific coefficient COEF.CLASS that names the reference class");
    out.classes.push_back(reference);
    out.classes.insert(out.classes.end(), members.begin(), members.end());
    core::Vector<double> logits(static_cast<Eigen::Index>(out.classes.size()));
    logits[0] = 0.0;
    for (std::size_t c = 0; c < members.size(); ++c) logits[static_cast<Eigen::Index>(c + 1)] = member_constants[c];
    out.class_shares = core::softmax<double>(logits);
    for (const std::string& prefix : specific) {
      MarketEstimates::ClassSpecific cs{prefix, std::vector<double>(out.classes.size()), 0};
      for (std::size_t c = 0; c < out.classes.size(); ++c) {
        const std::string name = prefix + "." + out.classes[c];
        const auto it = std::find_if(rows.begin(), rows.end(), [&](const Row& r) { return r.name == name; });
        if (it == rows.end())
          throw core::DataError(file + ": no parameter " + quoted(name) + " (every class needs its " + quoted(prefix) + ")");
        cs.values[c] = it->value;
        if (cs.line == 0) cs.line = it->line;
      }
      out.class_specific.push_back(std::move(cs));
    }
  }
  for (const Row& r : rows) {
    if (starts_with(r.name, "class.")) continue;
    bool in_class = false;
    for (const std::string& prefix : specific) in_class = in_class || (starts_with(r.name, prefix + ".") && !reference.empty());
    if (in_class) continue;
    if (starts_with(r.name, "sd."))
      out.spreads.push_back({r.name.substr(3), r.value, r.line});
    else if (starts_with(r.name, "asc."))
      out.constants.push_back({r.name.substr(4), r.value, r.line});
    else
      out.coefficients.push_back({r.name, r.value, r.line});
  }
  return out;
}

}  // namespace arbiter::econ
