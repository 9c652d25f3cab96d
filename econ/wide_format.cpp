#include "econ/wide_format.hpp"

#include <algorithm>

#include "econ/csv_fields.hpp"
#include "econ/csv_header.hpp"

namespace arbiter::econ {

ChoiceData parse_wide(std::string_view text, const std::string& file, const ChoiceColumns& cols,
                      const std::vector<std::string>& numeric) {
  const char* p = text.data();
  const char* end = text.data() + text.size();
  std::vector<std::string> header;
  const long header_line = read_header(p, end, file, header);
  const int sit = find_column(header, cols.situation, file, header_line, "situation");
  const int cho = find_column(header, cols.choice, file, header_line, "choice");
  struct Row {
    long line;
    std::vector<std::string> fields;
  };
  std::vector<Row> rows;
  std::vector<csv::Field> fields;
  long line = header_line;
  while (p < end) {
    csv::split_line(p, end, fields);
    ++line;
    if (csv::is_blank(fields)) continue;
    if (fields.size() != header.size())
      throw DataError(file, line, "",
                      "expected " + std::to_string(header.size()) + " fields, found " + std::to_string(fields.size()));
    Row r{line, {}};
    for (const auto& f : fields) r.fields.push_back(trim(f.view()));
    rows.push_back(std::move(r));
  }
  if (rows.empty()) throw DataError(file, header_line + 1, "", "no data rows after the header");
  std::vector<std::string> alts = cols.alternatives;
  if (alts.empty())
    for (const auto& r : rows)
      if (std::find(alts.begin(), alts.end(), r.fields[static_cast<std::size_t>(cho)]) == alts.end())
        alts.push_back(r.fields[static_cast<std::size_t>(cho)]);
  // Columns "ATTR.ALT" become attribute ATTR; the availability columns "AV.ALT" give availability.
  struct Attr {
    std::string name;
    std::vector<int> column;  // per alternative, -1 = absent (value 0)
  };
  std::vector<Attr> attrs;
  std::vector<int> av_column(alts.size(), -1);
  std::vector<char> consumed(header.size(), 0);
  consumed[static_cast<std::size_t>(sit)] = consumed[static_cast<std::size_t>(cho)] = 1;
  for (std::size_t c = 0; c < header.size(); ++c) {
    if (consumed[c]) continue;
    const auto dot = header[c].rfind('.');
    if (dot == std::string::npos) continue;
    const std::string base = header[c].substr(0, dot), alt = header[c].substr(dot + 1);
    const auto a = std::find(alts.begin(), alts.end(), alt);
    if (a == alts.end()) continue;
    const auto ai = static_cast<std::size_t>(a - alts.begin());
    consumed[c] = 1;
    if (!cols.available.empty() && base == cols.available) {
      av_column[ai] = static_cast<int>(c);
      continue;
    }
    auto it = std::find_if(attrs.begin(), attrs.end(), [&](const Attr& x) { return x.name == base; });
    if (it == attrs.end()) {
      attrs.push_back({base, std::vector<int>(alts.size(), -1)});
      it = attrs.end() - 1;
    }
    it->column[ai] = static_cast<int>(c);
  }
  ChoiceData d;
  d.file = file;
  d.source = cols;
  d.source.alternative = cols.choice;
  d.alternatives = alts;
  auto wanted = [&](const std::string& name) {
    return numeric.empty() || std::find(numeric.begin(), numeric.end(), name) != numeric.end();
  };
  std::vector<int> individual;
  for (const auto& a : attrs)
    if (wanted(a.name)) d.columns.push_back(a.name);
  const std::size_t n_attr = d.columns.size();
  for (std::size_t c = 0; c < header.size(); ++c)
    if (!consumed[c] && wanted(header[c])) {
      d.columns.push_back(header[c]);
      individual.push_back(static_cast<int>(c));
    }
  for (const auto& name : numeric)
    if (std::find(d.columns.begin(), d.columns.end(), name) == d.columns.end())
      throw DataError(file, header_line, name,
                      "no such column in the header (nor as NAME.ALTERNATIVE); the header has: " + column_list(header));
  d.values.assign(d.columns.size(), {});
  const bool has_av = !cols.available.empty();
  for (const auto& r : rows) {
    const std::string& chosen = r.fields[static_cast<std::size_t>(cho)];
    const auto ca = std::find(alts.begin(), alts.end(), chosen);
    if (ca == alts.end())
      throw DataError(file, r.line, cols.choice, "the chosen alternative " + quoted(chosen) + " is not one of the alternatives");
    d.situation_ids.push_back(r.fields[static_cast<std::size_t>(sit)]);
    d.offsets.push_back(static_cast<std::int64_t>(d.alternative.size()));
    for (std::size_t a = 0; a < alts.size(); ++a) {
      const std::size_t row = d.alternative.size();
      bool avail = true;
      if (has_av && av_column[a] >= 0) {
        const auto& f = r.fields[static_cast<std::size_t>(av_column[a])];
        const int v = csv::parse_flag({f.data(), f.data() + f.size()});
        if (v < 0)
          throw DataError(file, r.line, header[static_cast<std::size_t>(av_column[a])],
                          "expected 1/0, yes/no or true/false, got " + quoted(f));
        avail = v == 1;
      }
      if (static_cast<std::size_t>(ca - alts.begin()) == a) {
        if (!avail)
          throw DataError(file, r.line, has_av ? header[static_cast<std::size_t>(av_column[a])] : cols.choice,
                          "the chosen alternative " + quoted(chosen) + " of situation " +
                              quoted(d.situation_ids.back()) + " is unavailable");
        d.chosen_row.push_back(static_cast<std::int64_t>(row));
      }
      d.alternative.push_back(static_cast<std::int32_t>(a));
      d.line.push_back(r.line);
      if (has_av) d.available.push_back(avail ? 1 : 0);
      std::size_t v = 0;
      for (const auto& at : attrs) {
        if (!wanted(at.name)) continue;
        double x = 0.0;
        if (at.column[a] >= 0) {
          const auto& f = r.fields[static_cast<std::size_t>(at.column[a])];
          if (!csv::parse_number({f.data(), f.data() + f.size()}, x))
            throw DataError(file, r.line, header[static_cast<std::size_t>(at.column[a])],
                            "expected a number, got " + quoted(f));
        }
        d.values[v++].push_back(x);
      }
      for (int c : individual) {
        const auto& f = r.fields[static_cast<std::size_t>(c)];
        double x = 0.0;
        if (!csv::parse_number({f.data(), f.data() + f.size()}, x))
          throw DataError(file, r.line, header[static_cast<std::size_t>(c)], "expected a number, got " + quoted(f));
        d.values[v++].push_back(x);
      }
      (void)n_attr;
    }
  }
  d.offsets.push_back(static_cast<std::int64_t>(d.alternative.size()));
  for (std::size_t a = 0; a < alts.size(); ++a) {
    bool any = false;
    for (const auto& at : attrs) any = any || at.column[a] >= 0;
    if (!any && std::find(d.chosen_row.begin(), d.chosen_row.end(), -1) == d.chosen_row.end()) {
      bool chosen_ever = false;
      for (auto r : d.chosen_row) chosen_ever = chosen_ever || d.alternative[static_cast<std::size_t>(r)] == static_cast<int>(a);
      if (!chosen_ever)
        throw DataError(file, 0, cols.choice, "alternative " + quoted(alts[a]) + " appears in no situation");
    }
  }
  return d;
}


}  // namespace arbiter::econ
