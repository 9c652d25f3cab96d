#include "econ/choice_data.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <future>
#include <functional>
#include <string_view>

#include "core/parallel_for.hpp"
#include "econ/csv_fields.hpp"

namespace arbiter::econ {
namespace {

std::string quoted(std::string_view s) { return "'" + std::string(s) + "'"; }

std::string data_error_message(const std::string& file, long line, const std::string& column,
                               const std::string& problem) {
  std::string m = file.empty() ? std::string("<data>") : file;
  if (line > 0) m += ":" + std::to_string(line);
  m += ": ";
  if (!column.empty()) m += "column " + column + ": ";
  return m + problem;
}

}  // namespace

DataError::DataError(const std::string& file, long line, const std::string& column, const std::string& problem)
    : core::ConfigError(data_error_message(file, line, column, problem)), line_(line), column_(column) {}

int ChoiceData::column_index(std::string_view name) const {
  for (std::size_t i = 0; i < columns.size(); ++i)
    if (columns[i] == name) return static_cast<int>(i);
  return -1;
}

int ChoiceData::alternative_index(std::string_view name) const {
  for (std::size_t i = 0; i < alternatives.size(); ++i)
    if (alternatives[i] == name) return static_cast<int>(i);
  return -1;
}

const std::vector<double>& ChoiceData::column(std::string_view name) const {
  const int c = column_index(name);
  if (c < 0) throw DataError(file, 0, std::string(name), "no such column in the data");
  return values[static_cast<std::size_t>(c)];
}

void ChoiceData::validate() const {
  const std::size_t n = n_rows(), s_count = n_situations();
  auto fail = [&](long l, const std::string& col, const std::string& what) { throw DataError(file, l, col, what); };
  auto line_of = [&](std::size_t row) { return row < line.size() ? static_cast<long>(line[row]) : 0L; };
  if (n == 0 || s_count == 0) fail(0, "", "no data rows");
  if (offsets.size() != s_count + 1 || offsets.front() != 0 || offsets.back() != static_cast<std::int64_t>(n))
    fail(0, "", "situation offsets do not cover the rows");
  if (situation_ids.size() != s_count) fail(0, "", "one situation id per situation expected");
  if (!available.empty() && available.size() != n) fail(0, source.available, "one availability flag per row expected");
  for (std::size_t c = 0; c < values.size(); ++c)
    if (values[c].size() != n) fail(0, c < columns.size() ? columns[c] : "", "one value per row expected");
  if (values.size() != columns.size()) fail(0, "", "one value column per column name expected");
  std::vector<std::int64_t> last(alternatives.size(), -1);
  std::vector<char> used(alternatives.size(), 0);
  for (std::size_t s = 0; s < s_count; ++s) {
    const auto b = offsets[s], e = offsets[s + 1];
    if (e <= b) fail(0, source.situation, "situation " + quoted(situation_ids[s]) + " has no rows");
    for (auto r = b; r < e; ++r) {
      const auto a = alternative[static_cast<std::size_t>(r)];
      if (a < 0 || static_cast<std::size_t>(a) >= alternatives.size())
        fail(line_of(static_cast<std::size_t>(r)), source.alternative, "alternative index out of range");
      if (last[static_cast<std::size_t>(a)] == static_cast<std::int64_t>(s))
        fail(line_of(static_cast<std::size_t>(r)), source.alternative,
             "alternative " + quoted(alternatives[static_cast<std::size_t>(a)]) + " appears twice in situation " +
                 quoted(situation_ids[s]));
      last[static_cast<std::size_t>(a)] = static_cast<std::int64_t>(s);
      used[static_cast<std::size_t>(a)] = 1;
    }
    const auto c = chosen_row[s];
    if (c < b || c >= e)
      fail(line_of(static_cast<std::size_t>(b)), source.choice,
           "situation " + quoted(situation_ids[s]) + " has no chosen alternative");
    if (!is_available(static_cast<std::size_t>(c)))
      fail(line_of(static_cast<std::size_t>(c)), source.available,
           "the chosen alternative of situation " + quoted(situation_ids[s]) + " is unavailable");
  }
  for (std::size_t a = 0; a < alternatives.size(); ++a)
    if (!used[a]) fail(0, source.alternative, "alternative " + quoted(alternatives[a]) + " appears in no situation");
}

namespace {

// A read-only view of a whole file: memory-mapped (pages released as parsing moves on).
class MappedFile {
 public:
  explicit MappedFile(const std::string& path) {
    fd_ = ::open(path.c_str(), O_RDONLY);
    if (fd_ < 0) throw DataError(path, 0, "", std::string("cannot open: ") + std::strerror(errno));
    struct stat st {};
    if (::fstat(fd_, &st) != 0) throw DataError(path, 0, "", "cannot stat");
    size_ = static_cast<std::size_t>(st.st_size);
    if (size_ > 0) {
      void* p = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd_, 0);
      if (p == MAP_FAILED) throw DataError(path, 0, "", "cannot map the file into memory");
      data_ = static_cast<const char*>(p);
      ::madvise(p, size_, MADV_SEQUENTIAL);
    }
  }
  ~MappedFile() {
    if (data_) ::munmap(const_cast<char*>(data_), size_);
    if (fd_ >= 0) ::close(fd_);
  }
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  std::string_view text() const { return {data_ ? data_ : "", size_}; }
  // Drops the mapped pages wholly inside [begin, end) from memory (they are re-read if touched again).
  void release(const char* begin, const char* end) const {
    if (!data_) return;
    const long page = ::sysconf(_SC_PAGESIZE);
    auto lo = reinterpret_cast<std::uintptr_t>(begin), hi = reinterpret_cast<std::uintptr_t>(end);
    lo = (lo + static_cast<std::uintptr_t>(page) - 1) / static_cast<std::uintptr_t>(page) * static_cast<std::uintptr_t>(page);
    hi = hi / static_cast<std::uintptr_t>(page) * static_cast<std::uintptr_t>(page);
    if (hi > lo) ::madvise(reinterpret_cast<void*>(lo), hi - lo, MADV_DONTNEED);
  }

 private:
  int fd_ = -1;
  const char* data_ = nullptr;
  std::size_t size_ = 0;
};

struct Layout {
  std::vector<std::string> header;
  int situation = -1, alternative = -1, choice = -1, available = -1;
  std::vector<int> target;  // per CSV column: index into ChoiceData::values, or -1
};

struct RowError {
  long line = -1;  // local line within the chunk (1-based), -1: none
  std::string column, problem;
};

// Rows parsed by one worker from one chunk of lines.
struct ChunkRows {
  std::vector<std::string_view> situation, alternative;
  std::vector<std::int8_t> chosen, available;
  std::vector<std::int64_t> line;  // local, 1-based
  std::vector<std::vector<double>> values;
  long lines = 0;  // newlines consumed
  RowError error;
};

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

// The situation ids met so far, for the contiguity check: open addressing over (hash, index into the ids)
// pairs in one flat array, one probe per situation on large files instead of a node-based set's several.
class SeenIds {
 public:
  explicit SeenIds(const std::vector<std::string>& ids) : ids_(ids), slots_(1024) {}
  // Records `id` as the next entry of the ids (it is not in them yet); false if it is already there.
  bool insert(std::string_view id) {
    if (2 * (count_ + 1) > slots_.size()) grow();
    const std::uint64_t h = std::hash<std::string_view>{}(id);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
      Slot& s = slots_[i];
      if (s.index == 0) {
        s = {h, ids_.size() + 1};
        ++count_;
        return true;
      }
      if (s.hash == h && ids_[s.index - 1] == id) return false;
    }
  }

 private:
  struct Slot {
    std::uint64_t hash = 0;
    std::size_t index = 0;  // 1 + position in the ids; 0: empty
  };
  void grow() {
    std::vector<Slot> old(2 * slots_.size());
    old.swap(slots_);
    const std::size_t mask = slots_.size() - 1;
    for (const Slot& s : old)
      if (s.index != 0) {
        std::size_t i = s.hash & mask;
        while (slots_[i].index != 0) i = (i + 1) & mask;
        slots_[i] = s;
      }
  }
  const std::vector<std::string>& ids_;
  std::vector<Slot> slots_;
  std::size_t count_ = 0;
};

// Groups parsed rows into situations, in file order, checking the situation-level rules as it goes.
class Assembler {
 public:
  Assembler(ChoiceData& d, const Layout& lay) : d_(d), lay_(lay), seen_(d.situation_ids) {}

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

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return std::string(s);
}

std::string column_list(const std::vector<std::string>& header) {
  std::string s;
  for (std::size_t i = 0; i < header.size(); ++i) s += (i ? ", " : "") + header[i];
  return s;
}

// Reads the header line (skipping blank lines); returns the line number of the header and moves p past it.
long read_header(const char*& p, const char* end, const std::string& file, std::vector<std::string>& header) {
  std::vector<csv::Field> fields;
  long line = 0;
  while (p < end) {
    csv::split_line(p, end, fields);
    ++line;
    if (csv::is_blank(fields)) continue;
    for (const auto& f : fields) header.push_back(trim(f.view()));
    return line;
  }
  throw DataError(file, 1, "", "the file is empty (expected a header line and data rows)");
}

int find_column(const std::vector<std::string>& header, const std::string& name, const std::string& file,
                long header_line, const char* role) {
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return static_cast<int>(i);
  throw DataError(file, header_line, name,
                  std::string("no such column in the header (needed as the ") + role +
                      " column; the header has: " + column_list(header) + ")");
}

void check_expected_alternatives(const ChoiceData& d, const ChoiceColumns& cols) {
  for (const auto& a : cols.alternatives)
    if (d.alternative_index(a) < 0)
      throw DataError(d.file, 0, cols.wide ? cols.choice : cols.alternative,
                      "alternative " + quoted(a) + " appears in no situation");
}

ChoiceData parse_long(std::string_view text, const std::string& file, const ChoiceColumns& cols,
                      const std::vector<std::string>& numeric, const MappedFile* mapped) {
  ChoiceData d;
  d.file = file;
  d.source = cols;
  const char* p = text.data();
  const char* end = text.data() + text.size();
  Layout lay;
  const long header_line = read_header(p, end, file, lay.header);
  lay.situation = find_column(lay.header, cols.situation, file, header_line, "situation");
  lay.alternative = find_column(lay.header, cols.alternative, file, header_line, "alternative");
  lay.choice = find_column(lay.header, cols.choice, file, header_line, "choice");
  if (!cols.available.empty()) lay.available = find_column(lay.header, cols.available, file, header_line, "availability");
  lay.target.assign(lay.header.size(), -1);
  if (numeric.empty()) {
    for (std::size_t c = 0; c < lay.header.size(); ++c) {
      const int ci = static_cast<int>(c);
      if (ci == lay.situation || ci == lay.alternative || ci == lay.choice || ci == lay.available) continue;
      lay.target[c] = static_cast<int>(d.columns.size());
      d.columns.push_back(lay.header[c]);
    }
  } else {
    for (const auto& name : numeric) {
      if (std::find(d.columns.begin(), d.columns.end(), name) != d.columns.end()) continue;
      const int c = find_column(lay.header, name, file, header_line, "attribute");
      lay.target[static_cast<std::size_t>(c)] = static_cast<int>(d.columns.size());
      d.columns.push_back(name);
    }
  }
  d.values.assign(d.columns.size(), {});

  // Blocks of the file are split at line ends into one chunk per worker and parsed in parallel; while the
  // workers parse one round, this thread assembles the previous one in file order (so the result and the
  // first error reported never depend on the thread count).
  const int threads = std::max(1, core::default_thread_count());
  const std::size_t chunk_bytes = std::size_t(4) << 20;
  Assembler asmb(d, lay);
  long line_base = header_line;
  bool reserved = false;
  using Ranges = std::vector<std::pair<const char*, const char*>>;
  auto plan = [&](const char* q) {
    Ranges ranges;
    for (int t = 0; t < threads && q < end; ++t) {
      const char* stop = static_cast<std::size_t>(end - q) <= chunk_bytes ? end : q + chunk_bytes;
      if (stop < end) {
        const char* nl = static_cast<const char*>(std::memchr(stop, '\n', static_cast<std::size_t>(end - stop)));
        stop = nl ? nl + 1 : end;
      }
      ranges.emplace_back(q, stop);
      q = stop;
    }
    return ranges;
  };
  auto parse_round = [&](const Ranges& ranges, std::vector<ChunkRows>& chunks) {
    core::parallel_for(ranges.size(), threads, [&](std::size_t i) {
      parse_chunk(ranges[i].first, ranges[i].second, lay, d.values.size(), chunks[i]);
    });
  };
  std::vector<ChunkRows> rounds[2] = {std::vector<ChunkRows>(static_cast<std::size_t>(threads)),
                                      std::vector<ChunkRows>(static_cast<std::size_t>(threads))};
  Ranges current = plan(p);
  parse_round(current, rounds[0]);
  for (int cur = 0; !current.empty(); cur = 1 - cur) {
    const char* q = current.back().second;
    const Ranges next = plan(q);
    // The future's destructor waits, so the next round's workers have finished before anything they read
    // goes away, also when assembly throws.
    std::future<void> parsing;
    if (!next.empty()) parsing = std::async(std::launch::async, [&] { parse_round(next, rounds[1 - cur]); });
    const std::vector<ChunkRows>& chunks = rounds[cur];
    if (!reserved && !chunks[0].chosen.empty()) {
      const double per_row = static_cast<double>(current[0].second - current[0].first) /
                             static_cast<double>(chunks[0].chosen.size());
      asmb.reserve(static_cast<std::size_t>(static_cast<double>(end - p) / per_row * 1.02) + 16);
      reserved = true;
    }
    for (std::size_t i = 0; i < current.size(); ++i) {
      const ChunkRows& c = chunks[i];
      if (c.error.line >= 0) {
        // Rows before the error are assembled first, so a situation-level error earlier in the file wins.
        asmb.add(c, line_base);
        throw DataError(file, line_base + c.error.line, c.error.column, c.error.problem);
      }
      asmb.add(c, line_base);
      line_base += c.lines;
    }
    if (mapped) mapped->release(p, q);
    p = q;
    if (parsing.valid()) parsing.get();
    current = next;
  }
  if (d.alternative.empty()) throw DataError(file, header_line + 1, "", "no data rows after the header");
  asmb.finish();
  check_expected_alternatives(d, cols);
  return d;
}

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

}  // namespace

ChoiceData parse_choice_csv(std::string_view text, const std::string& file, const ChoiceColumns& columns,
                            const std::vector<std::string>& numeric) {
  if (columns.wide) return parse_wide(text, file, columns, numeric);
  return parse_long(text, file, columns, numeric, nullptr);
}

ChoiceData load_choice_data(const std::string& path, const ChoiceColumns& columns,
                            const std::vector<std::string>& numeric) {
  MappedFile f(path);
  if (columns.wide) return parse_wide(f.text(), path, columns, numeric);
  return parse_long(f.text(), path, columns, numeric, &f);
}

}  // namespace arbiter::econ
