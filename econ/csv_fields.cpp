#include "econ/csv_fields.hpp"

#include <charconv>
#include <cmath>
#include <cstring>

namespace arbiter::econ::csv {

void split_line(const char*& p, const char* end, std::vector<Field>& fields) {
  fields.clear();
  while (true) {
    Field f{p, p};
    if (p < end && *p == '"') {
      const char* q = p + 1;
      while (true) {
        q = static_cast<const char*>(std::memchr(q, '"', static_cast<std::size_t>(end - q)));
        if (!q) {
          q = end;
          break;
        }
        if (q + 1 < end && q[1] == '"') {
          q += 2;
          continue;
        }
        break;
      }
      f = {p + 1, q};
      p = q < end ? q + 1 : end;
      while (p < end && *p != ',' && *p != '\n') ++p;
    } else {
      const char* q = p;
      while (q < end && *q != ',' && *q != '\n') ++q;
      f = {p, q};
      if (f.end > f.begin && f.end[-1] == '\r') --f.end;
      p = q;
    }
    fields.push_back(f);
    if (p >= end) return;
    if (*p == '\n') {
      ++p;
      return;
    }
    ++p;
  }
}

bool is_blank(const std::vector<Field>& fields) {
  if (fields.size() != 1) return false;
  for (const char* c = fields[0].begin; c < fields[0].end; ++c)
    if (*c != ' ' && *c != '\t' && *c != '\r') return false;
  return true;
}

bool parse_number(const Field& f, double& out) {
  const char* b = f.begin;
  const char* e = f.end;
  while (b < e && (*b == ' ' || *b == '\t')) ++b;
  while (e > b && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r')) --e;
  if (b < e && *b == '+') ++b;
  if (b == e) return false;
  const auto r = std::from_chars(b, e, out);
  return r.ec == std::errc() && r.ptr == e && std::isfinite(out);
}

int parse_flag(const Field& f) {
  const char* b = f.begin;
  const char* e = f.end;
  while (b < e && (*b == ' ' || *b == '\t')) ++b;
  while (e > b && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r')) --e;
  const std::size_t n = static_cast<std::size_t>(e - b);
  if (n == 1) {
    if (*b == '1') return 1;
    if (*b == '0') return 0;
  }
  char low[8] = {};
  if (n == 0 || n > 7) return -1;
  for (std::size_t i = 0; i < n; ++i) low[i] = static_cast<char>((b[i] >= 'A' && b[i] <= 'Z') ? b[i] + 32 : b[i]);
  const std::string_view s(low, n);
  if (s == "yes" || s == "true" || s == "y" || s == "t") return 1;
  if (s == "no" || s == "false" || s == "n" || s == "f") return 0;
  double v = 0.0;
  if (parse_number(f, v)) {
    if (v == 1.0) return 1;
    if (v == 0.0) return 0;
  }
  return -1;
}

}  // namespace arbiter::econ::csv
