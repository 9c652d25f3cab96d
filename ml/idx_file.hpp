// IDX files (the MNIST / Fashion-MNIST format): a big-endian header (two zero bytes, a type code, the number
// of dimensions, then each dimension as a 32-bit count) and the unsigned bytes of the array. Files may be
// gzip-compressed or plain (told apart by their first bytes). Only unsigned-byte arrays (type 0x08) are read.
// Problems throw core::DataError naming the file and, for a short or malformed file, the byte offset.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace arbiter::ml {

struct IdxArray {
  std::vector<std::uint32_t> dims;  // e.g. {60000, 28, 28} for images, {60000} for labels
  std::vector<std::uint8_t> data;   // the product of dims bytes, row-major
  std::size_t items() const { return dims.empty() ? 0 : dims.front(); }
  std::size_t item_size() const;    // the product of dims after the first (1 for labels)
};

// Reads the whole file (at most max_items items when max_items > 0: the first ones).
IdxArray read_idx(const std::string& path, std::size_t max_items = 0);

// Writes an uncompressed (gzip = false) or gzip-compressed IDX file of unsigned bytes (for tests and tools).
void write_idx(const std::string& path, const std::vector<std::uint32_t>& dims, const std::vector<std::uint8_t>& data,
               bool gzip);

}  // namespace arbiter::ml
