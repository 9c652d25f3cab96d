#include "econ/long_format_reader.hpp"

#include <algorithm>
#include <cstring>
#include <future>

#include "core/parallel_for.hpp"
#include "econ/csv_header.hpp"

namespace arbiter::econ {
LongFormatReader::LongFormatReader(std::string_view text, const std::string& file, const ChoiceColumns& cols,
                                   const std::vector<std::string>& numeric, const MappedFile* mapped,
                                   std::size_t block_bytes)
    : columns_(cols),
      mapped_(mapped),
      begin_(text.data()),
      p_(text.data()),
      end_(text.data() + text.size()),
      block_bytes_(std::max<std::size_t>(block_bytes, 1)),
      assembler_(d_, lay_) {
  d_.file = file;
  d_.source = cols;
  header_line_ = read_header(p_, end_, file, lay_.header);
  begin_ = p_;
  lay_.situation = find_column(lay_.header, cols.situation, file, header_line_, "situation");
  lay_.alternative = find_column(lay_.header, cols.alternative, file, header_line_, "alternative");
  lay_.choice = find_column(lay_.header, cols.choice, file, header_line_, "choice");
  if (!cols.available.empty())
    lay_.available = find_column(lay_.header, cols.available, file, header_line_, "availability");
  lay_.target.assign(lay_.header.size(), -1);
  if (numeric.empty()) {
    for (std::size_t c = 0; c < lay_.header.size(); ++c) {
      const int ci = static_cast<int>(c);
      if (ci == lay_.situation || ci == lay_.alternative || ci == lay_.choice || ci == lay_.available) continue;
      lay_.target[c] = static_cast<int>(d_.columns.size());
      d_.columns.push_back(lay_.header[c]);
    }
  } else {
    for (const auto& name : numeric) {
      if (std::find(d_.columns.begin(), d_.columns.end(), name) != d_.columns.end()) continue;
      const int c = find_column(lay_.header, name, file, header_line_, "attribute");
      lay_.target[static_cast<std::size_t>(c)] = static_cast<int>(d_.columns.size());
      d_.columns.push_back(name);
    }
  }
  d_.values.assign(d_.columns.size(), {});
  threads_ = std::max(1, core::default_thread_count());
  line_base_ = header_line_;
  rounds_[0].resize(static_cast<std::size_t>(threads_));
  rounds_[1].resize(static_cast<std::size_t>(threads_));
}

LongFormatReader::Ranges LongFormatReader::plan(const char* q) const {
  Ranges ranges;
  for (int t = 0; t < threads_ && q < end_; ++t) {
    const char* stop = static_cast<std::size_t>(end_ - q) <= block_bytes_ ? end_ : q + block_bytes_;
    if (stop < end_) {
      const char* nl = static_cast<const char*>(std::memchr(stop, '\n', static_cast<std::size_t>(end_ - stop)));
      stop = nl ? nl + 1 : end_;
    }
    ranges.emplace_back(q, stop);
    q = stop;
  }
  return ranges;
}

void LongFormatReader::parse_round(const Ranges& ranges, std::vector<ChunkRows>& chunks) const {
  core::parallel_for(ranges.size(), threads_, [&](std::size_t i) {
    parse_chunk(ranges[i].first, ranges[i].second, lay_, d_.values.size(), chunks[i]);
  });
}

double LongFormatReader::fraction() const {
  if (done_) return 1.0;
  if (end_ == begin_) return 0.0;
  return static_cast<double>(p_ - begin_) / static_cast<double>(end_ - begin_);
}

void LongFormatReader::step() {
  if (done_) return;
  if (!started_) {
    started_ = true;
    current_ = plan(p_);
    parse_round(current_, rounds_[0]);
  }
  if (!current_.empty()) {
    // While the workers parse the next round, this thread assembles the current one in file order.
    const char* q = current_.back().second;
    const Ranges next = plan(q);
    // The future's destructor waits, so the next round's workers have finished before anything they read
    // goes away, also when assembly throws.
    std::future<void> parsing;
    if (!next.empty()) parsing = std::async(std::launch::async, [&] { parse_round(next, rounds_[1 - cur_]); });
    const std::vector<ChunkRows>& chunks = rounds_[cur_];
    if (!reserved_ && !chunks[0].chosen.empty()) {
      const double per_row = static_cast<double>(current_[0].second - current_[0].first) /
                             static_cast<double>(chunks[0].chosen.size());
      assembler_.reserve(static_cast<std::size_t>(static_cast<double>(end_ - p_) / per_row * 1.02) + 16);
      reserved_ = true;
    }
    for (std::size_t i = 0; i < current_.size(); ++i) {
      const ChunkRows& c = chunks[i];
      if (c.error.line >= 0) {
        // Rows before the error are assembled first, so a situation-level error earlier in the file wins.
        assembler_.add(c, line_base_);
        throw DataError(d_.file, line_base_ + c.error.line, c.error.column, c.error.problem);
      }
      assembler_.add(c, line_base_);
      line_base_ += c.lines;
    }
    if (mapped_) mapped_->release(p_, q);
    p_ = q;
    if (parsing.valid()) parsing.get();
    current_ = next;
    cur_ = 1 - cur_;
  }
  if (!current_.empty()) return;
  if (d_.alternative.empty()) throw DataError(d_.file, header_line_ + 1, "", "no data rows after the header");
  assembler_.finish();
  check_expected_alternatives(d_, columns_);
  done_ = true;
}

}  // namespace arbiter::econ
