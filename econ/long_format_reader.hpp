// Reads long-format choice data (one row per situation and alternative) from CSV text in slices: the
// constructor reads the header and finds the columns, each step() parses one round of blocks (one 4 MB block
// per worker, in parallel, while this thread assembles the previous round in file order), so the result and
// the first error reported never depend on the thread count. Throws DataError (file, line, column).
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>
#include "econ/choice_data.hpp"
#include "econ/long_format_chunk.hpp"
#include "econ/mapped_file.hpp"
#include "econ/situation_assembler.hpp"

namespace arbiter::econ {

class LongFormatReader {
 public:
  static constexpr std::size_t kBlockBytes = std::size_t(4) << 20;

  // `text` (and `mapped`, whose pages are released as parsing moves on; may be null) must outlive the reader.
  // `block_bytes`: the size of one worker's block (the data never depend on it).
  LongFormatReader(std::string_view text, const std::string& file, const ChoiceColumns& columns,
                   const std::vector<std::string>& numeric, const MappedFile* mapped = nullptr,
                   std::size_t block_bytes = kBlockBytes);
  LongFormatReader(const LongFormatReader&) = delete;
  LongFormatReader& operator=(const LongFormatReader&) = delete;

  // Parses and assembles one round of blocks; the last one also runs the whole-file checks.
  void step();
  bool done() const { return done_; }
  // Fraction of the text's bytes assembled, in [0, 1].
  double fraction() const;
  // The data, once done().
  ChoiceData take() { return std::move(d_); }

 private:
  using Ranges = std::vector<std::pair<const char*, const char*>>;
  Ranges plan(const char* q) const;
  void parse_round(const Ranges& ranges, std::vector<ChunkRows>& chunks) const;

  ChoiceData d_;
  ChoiceColumns columns_;
  const MappedFile* mapped_;
  const char* begin_;
  const char* p_;
  const char* end_;
  Layout lay_;
  long header_line_ = 0, line_base_ = 0;
  int threads_ = 1;
  std::size_t block_bytes_;
  SituationAssembler assembler_;
  std::vector<ChunkRows> rounds_[2];
  Ranges current_;
  int cur_ = 0;
  bool started_ = false, reserved_ = false, done_ = false;
};

}  // namespace arbiter::econ
