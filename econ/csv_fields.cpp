#include "econ/csv_fields.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <emmintrin.h>

namespace arbiter::econ::csv {

namespace {

void push_last(const char* b, const char* e, std::vector<Field>& fields) {
  if (e > b && e[-1] == '\r') --e;
  fields.push_back({b, e});
}

// A line without quotes in one pass: 16 bytes at a time (SSE2), the commas and the newline found by byte
// compares. False, with `fields` and `p` as they may be, when a quote comes before the line's end.
bool split_unquoted(const char*& p, const char* end, std::vector<Field>& fields) {
  const char* b = p;
  const char* q = p;
  const __m128i comma = _mm_set1_epi8(','), newline = _mm_set1_epi8('\n'), quote = _mm_set1_epi8('"');
  for (; end - q >= 16; q += 16) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(q));
    const unsigned nl = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(x, newline)));
    const unsigned before = nl ? (nl & (0u - nl)) - 1 : 0xFFFFu;  // the bytes before the first newline
    if (static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(x, quote))) & before) return false;
    for (unsigned c = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(x, comma))) & before; c; c &= c - 1) {
      const char* at = q + __builtin_ctz(c);
      fields.push_back({b, at});
      b = at + 1;
    }
    if (nl) {
      const char* at = q + __builtin_ctz(nl);
      push_last(b, at, fields);
      p = at + 1;
      return true;
    }
  }
  for (; q < end; ++q) {
    if (*q == '"') return false;
    if (*q == ',') {
      fields.push_back({b, q});
      b = q + 1;
    } else if (*q == '\n') {
      push_last(b, q, fields);
      p = q + 1;
      return true;
    }
  }
  push_last(b, end, fields);
  p = end;
  return true;
}

constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                             1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

// Clinger's fast path: [-]digits[.digits][e[+-]digits] with at most 19 significant digits, mantissa m <= 2^53
// and a decimal exponent |k| <= 22 is exactly m * 10^k or m / 10^-k, one correctly rounded operation on two
// exact doubles: the double std::from_chars gives. False (nothing written) for anything else.
bool fast_decimal(const char* p, const char* e, double& out) {
  const bool negative = p < e && *p == '-';
  if (negative) ++p;
  std::uint64_t m = 0;
  const char* start = p;
  for (unsigned d; p < e && (d = static_cast<unsigned>(*p - '0')) < 10u; ++p) m = m * 10 + d;
  std::ptrdiff_t digits = p - start;
  int k = 0;
  bool any = digits > 0;
  if (p < e && *p == '.') {
    const char* f = ++p;
    for (unsigned d; p < e && (d = static_cast<unsigned>(*p - '0')) < 10u; ++p) m = m * 10 + d;
    k = -static_cast<int>(p - f);
    digits += p - f;
    any = any || p > f;
  }
  if (!any || digits > 19) return false;
  if (p < e && (*p == 'e' || *p == 'E')) {
    ++p;
    const bool neg_exp = p < e && *p == '-';
    if (p < e && (*p == '-' || *p == '+')) ++p;
    const char* x = p;
    int ex = 0;
    while (p < e && static_cast<unsigned>(*p - '0') < 10u && p - x < 4) ex = ex * 10 + (*p++ - '0');
    if (p == x) return false;
    k += neg_exp ? -ex : ex;
  }
  if (p != e || m > (std::uint64_t{1} << 53) || k < -22 || k > 22) return false;
  const double v = k < 0 ? static_cast<double>(m) / kPow10[-k] : static_cast<double>(m) * kPow10[k];
  out = negative ? -v : v;
  return true;
}

}  // namespace

void split_line(const char*& p, const char* end, std::vector<Field>& fields) {
  fields.clear();
  const char* start = p;
  if (split_unquoted(p, end, fields)) return;
  fields.clear();
  p = start;
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
  if (fast_decimal(b, e, out)) return true;
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
